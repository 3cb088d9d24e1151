import CYaml

/// Limits every YAML (and JSON, which is YAML) text must respect before it is composed into nodes.
///
/// Why a pass of its own: Yams composes nodes recursively, so a document nested thousands of levels
/// deep overflows the stack (a crash, not an error), and an alias expanding to aliases ("billion laughs")
/// makes everything that walks the nodes exponential. libyaml's event parser keeps its state on the heap,
/// so counting depth and alias expansion over its events is safe for any input, and it knows positions.
public enum YAMLGuard {
    /// Deeper nesting than any real file needs: a GeoJSON MultiPolygon is 8 levels deep, metadata 4.
    public static let maxDepth = 100
    /// Nodes that aliases may add to a document when expanded (a merge key or two adds a few dozen).
    public static let maxAliasNodes = 100_000

    /// One violated limit, with the position of the event that crossed it (lines and columns from 1).
    public struct Violation: Error, Hashable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
        public var fix: String
    }

    /// The first limit `text` violates, or nil. Syntax errors are not reported here: the composer that
    /// runs next reports them with its own message.
    public static func check(_ text: String) -> Violation? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return nil }
        return bytes.withUnsafeMutableBufferPointer { buffer -> Violation? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // Per open collection: the nodes it holds so far (aliases counted expanded) and its anchor.
            var open: [(size: Int, anchor: String?)] = []
            var anchorSizes: [String: Int] = [:]
            var aliasNodes = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                let line = Int(mark.line) + 1, column = Int(mark.column) + 1
                func add(_ nodes: Int) { if !open.isEmpty { open[open.count - 1].size += nodes } }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                    open.append((1, anchor))
                    if open.count > maxDepth {
                        return Violation(line: line, column: column,
                                         message: "nesting deeper than \(maxDepth) levels",
                                         fix: "flatten the structure; no CivicBrief file needs more than a few levels")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { continue }
                    if let anchor = closed.anchor { anchorSizes[anchor] = closed.size }
                    add(closed.size)
                case YAML_SCALAR_EVENT:
                    if let anchor = string(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
                    add(1)
                case YAML_ALIAS_EVENT:
                    let size = string(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1
                    aliasNodes += size
                    if aliasNodes > maxAliasNodes {
                        return Violation(line: line, column: column,
                                         message: "aliases expand to more than \(maxAliasNodes) nodes",
                                         fix: "write the repeated content out or use fewer aliases (*name)")
                    }
                    add(size)
                default:
                    break
                }
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
