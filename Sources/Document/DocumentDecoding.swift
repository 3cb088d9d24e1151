import Foundation

/// A document that could not be read, with the JSON path of the offending value
/// (e.g. `blocks[3].rows[2]: expected 4 cells, found 3`).
public struct DocumentDecodingError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// Where in the JSON, e.g. "blocks[3].rows[2]"; empty for the top level.
    public var path: String
    public var message: String
    /// 1-based line and column for JSON syntax errors, when the parser reports them.
    public var line: Int?
    public var column: Int?

    public var description: String {
        var location = file
        if let line { location += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        let at = path.isEmpty ? "" : "\(path): "
        return "\(location): \(at)\(message) — fix the document JSON (see README, \"Document model (JSON)\")"
    }
}

extension Document {
    /// Decodes a document from JSON, turning Foundation's decoding errors into a message with
    /// the JSON path of the problem.
    public static func decode(json data: Data, file: String = "<document>") throws(DocumentDecodingError) -> Document {
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, file: file, data: data)
        } catch {
            throw DocumentDecodingError(file: file, path: "", message: "\(error)")
        }
    }

    /// Encodes the document as pretty-printed JSON with sorted keys (stable for diffs).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    static func describe(_ error: DecodingError, file: String, data: Data) -> DocumentDecodingError {
        switch error {
        case .typeMismatch(let type, let ctx):
            return .init(file: file, path: jsonPath(ctx.codingPath), message: "expected \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            return .init(file: file, path: jsonPath(ctx.codingPath), message: "expected \(typeName(type)), found null")
        case .keyNotFound(let key, let ctx):
            let detail = ctx.debugDescription.hasPrefix("expected") ? ctx.debugDescription : "missing key \"\(key.stringValue)\""
            return .init(file: file, path: jsonPath(ctx.codingPath), message: detail)
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty {
                // Syntax error: JSONDecoder gives no position, JSONSerialization names the byte offset.
                let (line, column) = syntaxErrorPosition(in: data)
                return .init(file: file, path: "", message: "not valid JSON", line: line, column: column)
            }
            return .init(file: file, path: jsonPath(ctx.codingPath), message: ctx.debugDescription)
        @unknown default:
            return .init(file: file, path: "", message: "\(error)")
        }
    }

    static func jsonPath(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }

    private static func syntaxErrorPosition(in data: Data) -> (Int?, Int?) {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return (nil, nil)
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            guard let r = text.range(of: "character ") else { return (nil, nil) }
            guard let offset = Int(text[r.upperBound...].prefix(while: \.isNumber)) else { return (nil, nil) }
            let bytes = data.prefix(offset)
            let line = bytes.filter { $0 == 10 }.count + 1
            let lineStart = bytes.lastIndex(of: 10).map { $0 + 1 } ?? data.startIndex
            return (line, offset - (lineStart - data.startIndex) + 1)
        }
    }
}
