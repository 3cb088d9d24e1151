/// A lexer for PDF content streams (ISO 32000-1 §7.2 lexical conventions, §8.9.7 inline images).
///
/// Why hand-written: libqpdf's C API (`qpdf-c.h`) has no content-stream tokenizer — only the C++
/// API has `QPDFTokenizer`, and this module stays on the C API. The finishing pass needs tokens
/// with their exact byte ranges so it can rewrite one marked-content operator in place and keep
/// every other byte of the stream untouched. This is deliberately only a lexer for content
/// streams; it does not parse PDF objects, files or cross-reference tables (qpdf does all that).
struct ContentToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case number
        /// A name, decoded (`/A#20B` → "A B"), without the slash.
        case name(String)
        case literalString
        case hexString
        case dictionaryStart
        case dictionaryEnd
        case arrayStart
        case arrayEnd
        /// Operators and the keywords `true`, `false`, `null`.
        case keyword(String)
        case comment
        /// The raw bytes between `ID` and `EI` of an inline image.
        case inlineImageData
    }

    var kind: Kind
    /// Byte range of the token in the stream.
    var range: Range<Int>

    var isOperator: Bool {
        if case .keyword(let word) = kind { return word != "true" && word != "false" && word != "null" }
        return false
    }
}

struct ContentStreamSyntaxError: Error, Equatable, Sendable {
    var offset: Int
    var message: String
}

enum ContentStreamTokenizer {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "/"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    /// One function because it is one scanner over the bytes: each token kind's case shares the
    /// position and the output, and the cases read best side by side (PDF 32000-1, 7.2 lexical conventions).
    static func tokenize(_ bytes: [UInt8]) throws(ContentStreamSyntaxError) -> [ContentToken] {
        var tokens: [ContentToken] = []
        var position = 0
        let end = bytes.count
        // Inside `BI … ID`: the inline image dictionary, watched for an explicit data length.
        var inInlineImageDictionary = false
        var inlineImageLength: Int?

        while position < end {
            let byte = bytes[position]
            if isWhitespace(byte) { position += 1; continue }
            let start = position
            switch byte {
            case UInt8(ascii: "%"):
                while position < end, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                tokens.append(ContentToken(kind: .comment, range: start..<position))

            case UInt8(ascii: "("):
                position = try endOfLiteralString(bytes, from: start)
                tokens.append(ContentToken(kind: .literalString, range: start..<position))

            case UInt8(ascii: "<"):
                if position + 1 < end, bytes[position + 1] == UInt8(ascii: "<") {
                    position += 2
                    tokens.append(ContentToken(kind: .dictionaryStart, range: start..<position))
                } else {
                    position += 1
                    while position < end, bytes[position] != UInt8(ascii: ">") {
                        let b = bytes[position]
                        guard isWhitespace(b) || isHexDigit(b) else {
                            throw ContentStreamSyntaxError(offset: position,
                                                           message: "invalid character in hex string")
                        }
                        position += 1
                    }
                    guard position < end else {
                        throw ContentStreamSyntaxError(offset: start, message: "unterminated hex string")
                    }
                    position += 1
                    tokens.append(ContentToken(kind: .hexString, range: start..<position))
                }

            case UInt8(ascii: ">"):
                guard position + 1 < end, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw ContentStreamSyntaxError(offset: start, message: "stray '>'")
                }
                position += 2
                tokens.append(ContentToken(kind: .dictionaryEnd, range: start..<position))

            case UInt8(ascii: "["):
                position += 1
                tokens.append(ContentToken(kind: .arrayStart, range: start..<position))
            case UInt8(ascii: "]"):
                position += 1
                tokens.append(ContentToken(kind: .arrayEnd, range: start..<position))
            case UInt8(ascii: ")"):
                throw ContentStreamSyntaxError(offset: start, message: "unbalanced ')'")

            case UInt8(ascii: "/"):
                position += 1
                while position < end, isRegular(bytes[position]) { position += 1 }
                let name = try decodeName(bytes[(start + 1)..<position], offset: start)
                tokens.append(ContentToken(kind: .name(name), range: start..<position))

            case UInt8(ascii: "{"), UInt8(ascii: "}"):
                position += 1
                tokens.append(ContentToken(kind: .keyword(String(UnicodeScalar(byte))), range: start..<position))

            default:
                while position < end, isRegular(bytes[position]) { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if isNumber(bytes[start..<position]) {
                    tokens.append(ContentToken(kind: .number, range: start..<position))
                    if inInlineImageDictionary, tokens.count >= 2,
                       case .name(let key) = tokens[tokens.count - 2].kind, key == "L" || key == "Length" {
                        inlineImageLength = Int(word)
                    }
                    continue
                }
                tokens.append(ContentToken(kind: .keyword(word), range: start..<position))
                if word == "BI" {
                    inInlineImageDictionary = true
                    inlineImageLength = nil
                } else if word == "ID", inInlineImageDictionary {
                    inInlineImageDictionary = false
                    let data = try inlineImageData(bytes, afterID: position, length: inlineImageLength)
                    tokens.append(ContentToken(kind: .inlineImageData, range: data.data))
                    tokens.append(ContentToken(kind: .keyword("EI"), range: data.endImage))
                    position = data.endImage.upperBound
                }
            }
        }
        return tokens
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    private static func isNumber(_ bytes: ArraySlice<UInt8>) -> Bool {
        var sawDigit = false
        for (i, b) in zip(bytes.indices, bytes) {
            if b >= 0x30 && b <= 0x39 { sawDigit = true; continue }
            if b == UInt8(ascii: ".") { continue }
            if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && i == bytes.startIndex { continue }
            return false
        }
        return sawDigit
    }

    /// Literal strings nest balanced parentheses; a backslash escapes the next byte
    /// (`\(`, `\)`, `\\`, `\n`, octal digits — only its effect on the string's end matters here).
    private static func endOfLiteralString(_ bytes: [UInt8], from start: Int) throws(ContentStreamSyntaxError) -> Int {
        var depth = 0
        var position = start
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"):
                position += 2
                continue
            case UInt8(ascii: "("):
                depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return position + 1 }
            default:
                break
            }
            position += 1
        }
        throw ContentStreamSyntaxError(offset: start, message: "unterminated literal string")
    }

    private static func decodeName(_ raw: ArraySlice<UInt8>, offset: Int) throws(ContentStreamSyntaxError) -> String {
        var decoded: [UInt8] = []
        var i = raw.startIndex
        while i < raw.endIndex {
            if raw[i] == UInt8(ascii: "#") {
                guard i + 2 < raw.endIndex,
                      let value = UInt8(String(decoding: raw[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else {
                    throw ContentStreamSyntaxError(offset: offset, message: "bad #xx escape in name")
                }
                decoded.append(value)
                i += 3
            } else {
                decoded.append(raw[i])
                i += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Inline image data starts after the single whitespace byte that follows `ID`. With an
    /// explicit /L (or /Length) the data has that length; otherwise it ends before the first `EI`
    /// that is preceded by whitespace and followed by whitespace or the end of the stream.
    private static func inlineImageData(_ bytes: [UInt8], afterID: Int, length: Int?)
        throws(ContentStreamSyntaxError) -> (data: Range<Int>, endImage: Range<Int>) {
        guard afterID < bytes.count, isWhitespace(bytes[afterID]) else {
            throw ContentStreamSyntaxError(offset: afterID, message: "no whitespace after inline image ID")
        }
        let dataStart = afterID + 1
        let isE = { (i: Int) in bytes[i] == UInt8(ascii: "E") && bytes[i + 1] == UInt8(ascii: "I") }
        if let length, length >= 0, dataStart + length <= bytes.count {
            var i = dataStart + length
            while i < bytes.count, isWhitespace(bytes[i]) { i += 1 }
            if i + 1 < bytes.count, isE(i), i + 2 == bytes.count || !isRegular(bytes[i + 2]) {
                return (dataStart..<(dataStart + length), i..<(i + 2))
            }
        }
        var i = dataStart
        while i + 1 < bytes.count {
            if isE(i), i > dataStart, isWhitespace(bytes[i - 1]),
               i + 2 == bytes.count || isWhitespace(bytes[i + 2]) {
                return (dataStart..<(i - 1), i..<(i + 2))
            }
            i += 1
        }
        throw ContentStreamSyntaxError(offset: afterID, message: "inline image without EI")
    }
}
