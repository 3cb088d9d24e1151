import Foundation

/// Turns the bytes of a municipal export into text: UTF-8 (with or without byte-order mark) if the
/// bytes are valid UTF-8, otherwise Windows-1252, the encoding German spreadsheet exports use.
public enum TextDecoder {
    public struct Decoded: Sendable {
        public var text: String
        public var encoding: String
    }

    /// Bytes Windows-1252 leaves undefined; a file containing them is neither UTF-8 nor Windows-1252.
    private static let undefinedInCP1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

    public static func decode(_ data: Data, file: String) -> Result<Decoded, ImportProblem> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .failure(ImportProblem(SourcePosition(file: file, line: 1, column: 1),
                                          "unreadable encoding: the file is UTF-16",
                                          fix: "save it as UTF-8 (CSV UTF-8) or Windows-1252"))
        }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        if let nul = body.firstIndex(of: 0) {
            return .failure(unreadable(body, at: nul, file: file, what: "byte 0x00 (a binary file?)"))
        }
        if let text = String(validatingUTF8Bytes: body) {
            return .success(Decoded(text: text, encoding: hasBOM ? "UTF-8 with BOM" : "UTF-8"))
        }
        if hasBOM, let bad = firstInvalidUTF8(body) {
            // A BOM promises UTF-8, so falling back to Windows-1252 would silently garble the text.
            return .failure(unreadable(body, at: bad, file: file,
                                       what: String(format: "byte 0x%02X is not valid UTF-8 although the file starts with a UTF-8 byte-order mark", body[bad])))
        }
        if let bad = body.firstIndex(where: { undefinedInCP1252.contains($0) }) {
            return .failure(unreadable(body, at: bad, file: file,
                                       what: String(format: "byte 0x%02X is neither UTF-8 nor Windows-1252", body[bad])))
        }
        guard let text = String(data: Data(body), encoding: .windowsCP1252) else {
            return .failure(ImportProblem(SourcePosition(file: file, line: 1, column: 1),
                                          "unreadable encoding: neither UTF-8 nor Windows-1252",
                                          fix: "save the file as UTF-8 (CSV UTF-8)"))
        }
        return .success(Decoded(text: text, encoding: "Windows-1252"))
    }

    private static func unreadable(_ bytes: [UInt8], at offset: Int, file: String, what: String) -> ImportProblem {
        var line = 1, column = 1
        for b in bytes[..<offset] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return ImportProblem(SourcePosition(file: file, line: line, column: column),
                             "unreadable encoding: \(what)", fix: "save the file as UTF-8 (CSV UTF-8)")
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            if String(validatingUTF8Bytes: Array(bytes[i..<(i + length)])) == nil { return i }
            i += length
        }
        return nil
    }
}

extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}

/// One field with the place it starts in the file and its extent in the text (quotes included), so
/// the field can be cut out of the text again (see `FileDigest`).
struct CSVCell: Hashable, Sendable {
    var text: String
    var line: Int
    var column: Int
    var range: Range<String.Index>
}

struct CSVRow: Sendable {
    var line: Int
    var cells: [CSVCell]
}

/// A CSV table with positions.
///
/// Why not SwiftCSV (chosen in DESIGN.md): its parser (0.10) reports neither the line nor the column of
/// a field — rows are counted, not lines, so a quoted line break shifts every later position — and its
/// errors (`CSVParseError`) carry no position at all. Every import problem must be reported as
/// FILE:LINE:COLUMN, so this small RFC 4180 tokenizer tracks both.
struct CSVTable: Sendable {
    var separator: Character
    var rows: [CSVRow]

    /// Picks the separator from the header line: the most frequent of `;`, tab and `,` outside quotes
    /// (ties in that order, so `;` wins — German exports use it because `,` is their decimal mark).
    static func sniffSeparator(_ text: String) -> Character {
        var counts: [Character: Int] = [";": 0, "\t": 0, ",": 0]
        var inQuotes = false
        for ch in text {
            if ch == "\"" { inQuotes.toggle(); continue }
            if !inQuotes && ch.isNewline { break }
            if !inQuotes, counts[ch] != nil { counts[ch, default: 0] += 1 }
        }
        let order: [Character] = [";", "\t", ","]
        let best = order.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) || ((counts[$0] ?? 0) == (counts[$1] ?? 0) && order.firstIndex(of: $0)! < order.firstIndex(of: $1)!) }
        guard let best, (counts[best] ?? 0) > 0 else { return "," }
        return best
    }

    /// Tokenizes `text`. Quoted fields may contain separators, doubled quotes and line breaks.
    /// Unquoted fields are trimmed; lines holding nothing are skipped. One function because it is one
    /// state machine: its states share the field, the row and the position they are at.
    static func parse(_ text: String, file: String, separator: Character? = nil) -> Result<CSVTable, ImportProblem> {
        let sep = separator ?? sniffSeparator(text)
        var rows: [CSVRow] = []
        var cells: [CSVCell] = []
        var field = ""
        var fieldLine = 1, fieldColumn = 1
        var line = 1, column = 1
        var rowLine = 1
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted }
        var state = State.fieldStart
        var quoteLine = 1, quoteColumn = 1
        var fieldBegin = text.startIndex

        func endField(at end: String.Index) {
            let value = state == .unquoted || state == .fieldStart ? field.trimmingWhitespace() : field
            cells.append(CSVCell(text: value, line: fieldLine, column: fieldColumn, range: fieldBegin..<end))
            field = ""
            fieldBegin = end < text.endIndex ? text.index(after: end) : end
        }
        func endRow(at end: String.Index) {
            endField(at: end)
            if !(cells.count == 1 && cells[0].text.isEmpty) {
                rows.append(CSVRow(line: rowLine, cells: cells))
            }
            cells = []
        }

        for index in text.indices {
            let ch = text[index]
            switch state {
            case .fieldStart, .unquoted:
                if ch == sep {
                    endField(at: index); state = .fieldStart
                } else if ch.isNewline {
                    endRow(at: index); state = .fieldStart
                } else if ch == "\"" && state == .fieldStart && field.allSatisfy(\.isWhitespace) {
                    field = ""; state = .quoted
                    quoteLine = line; quoteColumn = column
                    fieldLine = line; fieldColumn = column
                } else {
                    if state == .fieldStart && !ch.isWhitespace {
                        fieldLine = line; fieldColumn = column; state = .unquoted
                    }
                    field.append(ch)
                }
            case .quoted:
                if ch == "\"" { state = .quoteInQuoted } else { field.append(ch) }
            case .quoteInQuoted:
                if ch == "\"" {
                    field.append("\""); state = .quoted
                } else if ch == sep {
                    endField(at: index); state = .fieldStart
                } else if ch.isNewline {
                    endRow(at: index); state = .fieldStart
                } else if ch.isWhitespace {
                    state = .afterQuoted
                } else {
                    return .failure(ImportProblem(SourcePosition(file: file, line: line, column: column),
                                                  "unexpected character \"\(ch)\" after a closing quote",
                                                  fix: "double quotes inside a quoted field (\"\") or quote the whole field"))
                }
            case .afterQuoted:
                if ch == sep {
                    endField(at: index); state = .fieldStart
                } else if ch.isNewline {
                    endRow(at: index); state = .fieldStart
                } else if !ch.isWhitespace {
                    return .failure(ImportProblem(SourcePosition(file: file, line: line, column: column),
                                                  "unexpected character \"\(ch)\" after a closing quote",
                                                  fix: "double quotes inside a quoted field (\"\") or quote the whole field"))
                }
            }
            // Advance the position; "\r\n" is one Character in Swift.
            if ch.isNewline {
                line += 1; column = 1
                if state == .fieldStart && cells.isEmpty { rowLine = line }
                if state == .fieldStart { fieldLine = line; fieldColumn = 1 }
            } else {
                column += 1
                if state == .fieldStart && field.isEmpty { fieldLine = line; fieldColumn = column }
            }
        }
        if state == .quoted {
            return .failure(ImportProblem(SourcePosition(file: file, line: quoteLine, column: quoteColumn),
                                          "quoted field is never closed",
                                          fix: "add the closing quote (\")"))
        }
        if !(cells.isEmpty && field.isEmpty && state == .fieldStart) { endRow(at: text.endIndex) }
        return .success(CSVTable(separator: sep, rows: rows))
    }
}

/// How a file writes numbers. Decided once per file (see README "Numbers"):
/// `;`-separated files use decimal comma with `.` grouping thousands (`1.234,5`); `,`-separated files use
/// decimal point with `,` grouping (`"1,234.5"`); tab-separated files use decimal comma if any number
/// in the file contains a comma, otherwise decimal point.
public enum NumberConvention: String, Sendable {
    case decimalComma = "decimal comma", decimalPoint = "decimal point"

    var decimalMark: Character { self == .decimalComma ? "," : "." }
    var groupMark: Character { self == .decimalComma ? "." : "," }

    static func decide(separator: Character, numericSamples: [String]) -> NumberConvention {
        switch separator {
        case ";": return .decimalComma
        case ",": return .decimalPoint
        default: return numericSamples.contains { $0.contains(",") } ? .decimalComma : .decimalPoint
        }
    }

    /// An example for messages: "12,5" or "12.5".
    var example: String { self == .decimalComma ? "1.234,5" : "1,234.5" }

    /// Parses `-1.234,5` (or `-1,234.5`). Thousands marks must group exactly three digits; spaces and
    /// non-breaking spaces between digits are ignored. Returns nil for anything else (no exponents, no NaN).
    func parse(_ raw: String) -> Double? {
        var s = Substring(raw.trimmingWhitespace().filter { $0 != "\u{00A0}" && $0 != "\u{202F}" && $0 != " " })
        var negative = false
        if let f = s.first, f == "-" || f == "−" || f == "+" { negative = f != "+"; s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        var integerPart = Substring(s), fraction = Substring("")
        if let d = s.lastIndex(of: decimalMark) {
            integerPart = s[..<d]
            fraction = s[s.index(after: d)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        guard !integerPart.isEmpty else { return nil }
        let groups = integerPart.split(separator: groupMark, omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        if groups.count > 1 {
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined()
        let text = (negative ? "-" : "") + digits + (fraction.isEmpty ? "" : "." + fraction)
        // Hundreds of digits overflow to infinity; no real export means that.
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
