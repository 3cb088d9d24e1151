import Foundation

// Values are inserted into Markdown, so a value must never change the document's structure: an area
// named "# Test" or a note with "| x |" stays text. Every `{{ … }}` therefore ends in an escaping filter
// that the loader appends before Stencil sees the template: `md` in Markdown text, `yaml` inside fenced
// blocks (whose body is YAML). Template literals and `{% … %}` tags are trusted; `raw` marks a value as
// trusted Markdown for the rare case a template means to insert markup from its own text.

/// Text a template author vouches for: inserted without escaping (filter `raw`).
struct TrustedMarkdown: CustomStringConvertible {
    var text: String
    var description: String { text }
}

enum MarkdownEscaping {
    /// Every ASCII punctuation character CommonMark could read as markup gets a backslash (CommonMark
    /// allows escaping any ASCII punctuation, so the visible text is unchanged). Line breaks and runs of
    /// blanks become one space, so a value cannot start a new block or an indented code block.
    static let significant: Set<Character> = ["\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".",
                                               "!", "|", "<", ">", "~", "&", "=", ":", "\"", "'", "^", "$", "%", "@"]

    static func escape(_ text: String) -> String {
        // Byte by byte: every character that matters is ASCII, and no byte of a multi-byte UTF-8
        // character is (a template inserts thousands of values; grapheme by grapheme cost 1–2 ms
        // per briefing).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if byte < 0x80 && significantASCII[Int(byte)] { out.append(0x5C) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `significant` as a table by ASCII code.
    private static let significantASCII: [Bool] = (0..<128).map { code in
        significant.contains(Character(Unicode.Scalar(UInt8(code))))
    }

    /// Removes the backslashes `escape` added (for titles, which are metadata, not Markdown).
    static func unescape(_ text: String) -> String {
        var out = ""
        var iterator = text.makeIterator()
        while let ch = iterator.next() {
            if ch == "\\", let next = iterator.next() {
                if significant.contains(next) { out.append(next) } else { out.append(ch); out.append(next) }
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// A YAML scalar that stays one scalar whatever the data: plain if safe, else double-quoted JSON-style.
    static func yamlScalar(_ text: String) -> String {
        let flattened = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        let risky: Set<Character> = [":", "#", "\"", "'", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "\\"]
        let needsQuotes = flattened.isEmpty || flattened.contains(where: { risky.contains($0) })
            || flattened.first == "-" || flattened.first == "?" || flattened.first == " " || flattened.last == " "
            || ["true", "false", "null", "yes", "no", "~"].contains(flattened.lowercased())
        guard needsQuotes else { return flattened }
        var out = "\""
        for ch in flattened {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}

/// The template text handed to Stencil: escaping filters appended to every variable, fence lines tagged
/// with their source position. Line numbers are unchanged; `columnMap` undoes the column shifts.
struct PreparedSource {
    var text: String
    /// Per 1-based line: (column in prepared text where characters were inserted, count inserted).
    var insertions: [Int: [(column: Int, count: Int)]] = [:]
    var problems: [(line: Int, column: Int, message: String)] = []

    /// Fenced blocks the Markdown converter understands; their bodies are YAML.
    static let blockKinds: Set<String> = ["chart", "kpi", "table", "map", "toc"]
    /// Range literals in `{% for %}` may not produce more items than this (a template cannot loop forever).
    static let maxRange = 1000

    /// `name` is the template's name for position markers (the file path relative to Templates/).
    init(_ source: String, name: String) {
        text = ""
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inBlock = false
        var fence = ""
        for i in lines.indices {
            let lineNumber = i + 1
            let trimmed = lines[i].drop(while: { $0 == " " })
            if !inBlock, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(while: { $0 == "`" || $0 == "~" }))
                let info = trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
                let kind = String(info.prefix(while: { !$0.isWhitespace }))
                inBlock = true
                fence = marker
                if Self.blockKinds.contains(kind) {
                    // The info string carries the fence's place in the template into the rendered Markdown.
                    lines[i] += " @\(name):\(lineNumber)"
                }
                continue
            }
            if inBlock, trimmed.hasPrefix(fence), trimmed.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == fence.first }) {
                inBlock = false
                continue
            }
            lines[i] = rewriteVariables(lines[i], line: lineNumber, filter: inBlock ? "yaml" : "md")
            checkRanges(lines[i], line: lineNumber)
        }
        text = lines.joined(separator: "\n")
    }

    private mutating func rewriteVariables(_ line: String, line lineNumber: Int, filter: String) -> String {
        guard line.contains("{{") else { return line }
        var out = ""
        var rest = Substring(line)
        var column = 1  // 1-based column in `out` (Unicode scalars)
        while let open = rest.range(of: "{{") {
            let before = rest[rest.startIndex..<open.lowerBound]
            out += before
            column += before.unicodeScalars.count
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let expression = rest[open.upperBound..<close.lowerBound]
            let trimmed = expression.trimmingCharacters(in: .whitespaces)
            if trimmed.split(separator: " ").contains("if") {
                problems.append((lineNumber, column, "inline `if … else` inside {{ }} is not supported — use {% if %} … {% else %} … {% endif %}"))
            }
            let inserted = "|\(filter) "
            let body = trimmed.isEmpty ? String(expression) : " " + trimmed + inserted
            let original = "{{" + expression + "}}"
            let rewritten = "{{" + body + "}}"
            if trimmed.isEmpty {
                insertions[lineNumber, default: []].append((column + 2, rewritten.unicodeScalars.count - original.unicodeScalars.count))
            } else {
                // Leading blanks become one space; the filter goes after the expression.
                let lead = expression.prefix(while: { $0 == " " || $0 == "\t" }).unicodeScalars.count
                let trail = expression.reversed().prefix(while: { $0 == " " || $0 == "\t" }).count
                insertions[lineNumber, default: []].append((column + 2, 1 - lead))
                insertions[lineNumber, default: []].append((column + 3 + trimmed.unicodeScalars.count, inserted.unicodeScalars.count - trail))
            }
            out += rewritten
            column += rewritten.unicodeScalars.count
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    private mutating func checkRanges(_ line: String, line lineNumber: Int) {
        guard line.contains("{%"), line.contains("...") else { return }
        let pattern = #"(-?\d+)\.\.\.(-?\d+)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return }
        let ns = line as NSString
        for m in regex.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            guard let a = Int(ns.substring(with: m.range(at: 1))), let b = Int(ns.substring(with: m.range(at: 2))) else { continue }
            if abs(b - a) >= Self.maxRange {
                problems.append((lineNumber, m.range.location + 1,
                                 "range \(a)...\(b) is too long for a template loop (at most \(Self.maxRange) items) — loop over the data instead"))
            }
        }
    }

    /// Maps a 1-based column in the prepared text back to the template file.
    func originalColumn(line: Int, column: Int) -> Int {
        var shift = 0
        for ins in insertions[line] ?? [] where ins.column < column { shift += ins.count }
        return max(1, column - shift)
    }
}
