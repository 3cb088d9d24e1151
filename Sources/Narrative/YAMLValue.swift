import Yams

// YAML (front matter and fenced blocks) read into a small tree that remembers where each value stood,
// so a wrong type or unknown code is reported at its own line and column in the template file.

/// A YAML value with its 1-based position inside the YAML text.
struct YAMLValue {
    enum Kind {
        case scalar(String)
        case sequence([YAMLValue])
        case mapping([(key: String, keyLine: Int, keyColumn: Int, value: YAMLValue)])
        case null
    }
    var kind: Kind
    var line: Int
    var column: Int

    var string: String? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    var sequence: [YAMLValue]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    var entries: [(key: String, keyLine: Int, keyColumn: Int, value: YAMLValue)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    subscript(key: String) -> YAMLValue? {
        entries?.first { $0.key == key }?.value
    }

    /// A scalar or a list of scalars as a list of strings (`level: district` or `level: [district, city]`).
    var strings: [String]? {
        if let s = string { return [s] }
        return sequence?.compactMap(\.string)
    }

    var typeName: String {
        switch kind {
        case .scalar: "a text or number"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .null: "nothing"
        }
    }

    /// Parses YAML text. A syntax error comes back as (line, column, message) within the text.
    static func parse(_ text: String) -> Result<YAMLValue, YAMLSyntaxError> {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .success(YAMLValue(kind: .null, line: 1, column: 1))
            }
            return .success(convert(node))
        } catch let error as YamlError {
            return .failure(YAMLSyntaxError(error))
        } catch {
            return .failure(YAMLSyntaxError(line: 1, column: 1, message: "\(error)"))
        }
    }

    private static func convert(_ node: Node) -> YAMLValue {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["~", "null", "Null", "NULL", ""].contains(s.string) {
                return YAMLValue(kind: .null, line: line, column: column)
            }
            return YAMLValue(kind: .scalar(s.string), line: line, column: column)
        case .sequence(let seq):
            return YAMLValue(kind: .sequence(seq.map(convert)), line: line, column: column)
        case .mapping(let map):
            let pairs = map.map { pair in
                (key: pair.key.string ?? "", keyLine: pair.key.mark?.line ?? line,
                 keyColumn: pair.key.mark?.column ?? column, value: convert(pair.value))
            }
            return YAMLValue(kind: .mapping(pairs), line: line, column: column)
        }
    }
}

struct YAMLSyntaxError: Error {
    var line: Int
    var column: Int
    var message: String

    init(line: Int, column: Int, message: String) {
        self.line = line; self.column = column; self.message = message
    }

    init(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            line = mark.line
            column = mark.column
            message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            line = 1; column = 1; message = "\(error)"
        }
    }
}
