import Foundation

// Values are inserted into Markdown, so a value must never change the document's structure: an area
// named "# Test" or a note with "| x |" stays text. Every `{{ … }}` therefore ends in an escaping filter
// that the lexer appends before Stencil sees the template: `md` in Markdown text, `yaml` inside fenced
// blocks (whose body is YAML; the value goes in as a placeholder, see `RenderSession.placeholder`). Template literals and `{% … %}` tags are trusted; `raw` marks a value as
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
}
