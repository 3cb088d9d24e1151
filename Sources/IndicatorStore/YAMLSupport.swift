import Yams

/// Reading YAML (and JSON) import files into nodes with positions, and writing JSON text back.
/// Public for the other readers of user files with positions (the social-index definition in Facts).
public enum YAMLSupport {
    /// The document's root node, after `YAMLGuard` has checked its nesting depth and aliases.
    public static func compose(_ text: String, file: String) -> Result<Node, ImportProblem> {
        if let v = YAMLGuard.check(text) {
            return .failure(ImportProblem(SourcePosition(file: file, line: v.line, column: v.column),
                                          "cannot read the file: \(v.message)", fix: v.fix))
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return .failure(ImportProblem(SourcePosition(file: file, line: 1, column: 1), "the file is empty",
                                              fix: "see README \"Import formats\" for the expected content"))
            }
            return .success(node)
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            switch error {
            case .scanner(_, let p, let m, _), .parser(_, let p, let m, _), .composer(_, let p, let m, _):
                mark = m; problem = p
            default: break
            }
            return .failure(ImportProblem(SourcePosition(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1),
                                          "cannot parse the file: \(problem)", fix: "fix the syntax at this position"))
        } catch {
            return .failure(ImportProblem(SourcePosition(file: file, line: 1, column: 1), "cannot parse the file: \(error)",
                                          fix: "fix the syntax"))
        }
    }

    public static func position(_ node: Node, file: String) -> SourcePosition {
        SourcePosition(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Mapping entries in document order as (key text, key node, value node).
    public static func entries(_ node: Node) -> [(String, Node, Node)] {
        guard let m = node.mapping else { return [] }
        return m.map { ($0.key.string ?? "", $0.key, $0.value) }
    }

    /// JSON text for a node that came from JSON (GeoJSON geometry), keeping numbers as written.
    static func json(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                let t = s.string
                if t == "null" || t == "true" || t == "false" { return t }
                if let d = Double(t), d.isFinite, t.first.map({ $0 == "-" || $0.isNumber }) == true { return t }
            }
            return quote(s.string)
        case .mapping(let m):
            return "{" + m.map { quote($0.key.string ?? "") + ":" + json($0.value) }.joined(separator: ",") + "}"
        case .sequence(let s):
            return "[" + s.map(json).joined(separator: ",") + "]"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
