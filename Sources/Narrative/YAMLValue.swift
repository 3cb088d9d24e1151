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

    /// Limits for YAML a template holds (front matter and blocks): a "billion laughs" alias bomb
    /// expands to billions of values, and deep nesting exhausts the parser's stack.
    static let maxValues = 20_000
    static let maxDepth = 64
    static let maxBytes = 1_000_000

    /// Parses YAML text. A syntax error comes back as (line, column, message) within the text.
    static func parse(_ text: String) -> Result<YAMLValue, YAMLSyntaxError> {
        if text.utf8.count > maxBytes {
            return .failure(YAMLSyntaxError(line: 1, column: 1, message: "the YAML is larger than \(maxBytes / 1_000_000) MB"))
        }
        if let deep = YAMLNesting.tooDeep(text, limit: maxDepth) {
            return .failure(YAMLSyntaxError(line: deep.line, column: deep.column, message: "the YAML is nested more than \(maxDepth) levels deep"))
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .success(YAMLValue(kind: .null, line: 1, column: 1))
            }
            var budget = maxValues
            guard let value = convert(node, budget: &budget) else {
                return .failure(YAMLSyntaxError(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1,
                                                message: "the YAML expands to more than \(maxValues) values (aliases such as *name repeat whole structures) — write the values out"))
            }
            return .success(value)
        } catch let error as YamlError {
            return .failure(YAMLSyntaxError(error))
        } catch {
            return .failure(YAMLSyntaxError(line: 1, column: 1, message: "\(error)"))
        }
    }

    /// Nil when the tree has more values than `budget` allows.
    private static func convert(_ node: Node, budget: inout Int) -> YAMLValue? {
        budget -= 1
        if budget < 0 { return nil }
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["~", "null", "Null", "NULL", ""].contains(s.string) {
                return YAMLValue(kind: .null, line: line, column: column)
            }
            return YAMLValue(kind: .scalar(s.string), line: line, column: column)
        case .sequence(let seq):
            var items: [YAMLValue] = []
            for item in seq { guard let v = convert(item, budget: &budget) else { return nil }; items.append(v) }
            return YAMLValue(kind: .sequence(items), line: line, column: column)
        case .mapping(let map):
            var pairs: [(key: String, keyLine: Int, keyColumn: Int, value: YAMLValue)] = []
            for pair in map {
                guard let v = convert(pair.value, budget: &budget) else { return nil }
                pairs.append((key: pair.key.string ?? "", keyLine: pair.key.mark?.line ?? line,
                              keyColumn: pair.key.mark?.column ?? column, value: v))
            }
            return YAMLValue(kind: .mapping(pairs), line: line, column: column)
        }
    }

    /// The same tree with `resolve` applied to every scalar and key (values inserted into a block).
    func resolvingPlaceholders(_ resolve: (String) -> String) -> YAMLValue {
        switch kind {
        case .scalar(let s): return YAMLValue(kind: .scalar(resolve(s)), line: line, column: column)
        case .null: return self
        case .sequence(let items): return YAMLValue(kind: .sequence(items.map { $0.resolvingPlaceholders(resolve) }), line: line, column: column)
        case .mapping(let pairs):
            return YAMLValue(kind: .mapping(pairs.map { (key: resolve($0.key), keyLine: $0.keyLine, keyColumn: $0.keyColumn,
                                                         value: $0.value.resolvingPlaceholders(resolve)) }),
                             line: line, column: column)
        }
    }
}

/// A cheap look at YAML text before a parser sees it: how deeply its flow collections (`[`, `{`) and
/// block structure (indentation, `- ` items) nest. The parser recurses once per level, so a deep
/// document would exhaust the stack instead of failing.
enum YAMLNesting {
    static func tooDeep(_ text: String, limit: Int) -> (line: Int, column: Int)? {
        var line = 1
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // Indentation (two spaces a level) and leading sequence dashes each open a level.
            var depth = 0, column = 0
            for ch in raw {
                guard ch == " " || ch == "-" else { break }
                column += 1
                if ch == "-" || column % 2 == 0 { depth += 1 }
            }
            if depth > limit { return (line, column) }
            line += 1
        }
        // Flow collections may also span lines.
        var depth = 0, l = 1, c = 0
        var quote: Character?
        for ch in text {
            c += 1
            if ch == "\n" { l += 1; c = 0; continue }
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch
            case "[", "{": depth += 1; if depth > limit { return (l, c) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
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
