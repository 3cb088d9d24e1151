import Foundation

/// What text may enter the store (README "Text in imported data"). Names, labels and notes end up in
/// PDFs, their metadata and file names, so characters that draw as boxes (control characters), that
/// reorder what is shown (bidirectional overrides: „evil“ displayed as „live“) or that C libraries read
/// as the end of a string (NUL) are refused at import with their position, never passed on.
public enum TextHygiene {
    /// Control characters (C0, DEL, C1) and the Unicode bidirectional controls (embeddings, overrides,
    /// isolates, marks). Tab and line breaks are separate: see `isLineBreakOrTab`.
    public static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // Bidi_Control
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0xFFFE, 0xFFFF, 0xFDD0...0xFDEF: return true  // noncharacters
        default: return false
        }
    }

    static func isLineBreakOrTab(_ u: Unicode.Scalar) -> Bool {
        u == "\t" || u == "\n" || u == "\r" || u == "\u{2028}" || u == "\u{2029}"
    }

    /// The first character `text` may not hold, with its place (1-based, in characters).
    /// In `multiline` text (notes), tabs and line breaks are allowed: `normalized` turns them into spaces.
    static func firstForbidden(in text: String, multiline: Bool) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (i, ch) in text.enumerated() {
            for u in ch.unicodeScalars where isForbidden(u) && !(multiline && isLineBreakOrTab(u)) {
                return (u, i + 1)
            }
        }
        return nil
    }

    /// NFC (so „Jürgen“ typed two ways is one name), trimmed; in multiline text every run of tabs and
    /// line breaks becomes one space, so a note stays one line in tables and CSV.
    static func normalized(_ text: String, multiline: Bool) -> String {
        var t = text.precomposedStringWithCanonicalMapping
        if multiline {
            var out = ""
            var inBreak = false
            for ch in t {
                if ch.unicodeScalars.allSatisfy(isLineBreakOrTab) {
                    if !inBreak { out.append(" ") }
                    inBreak = true
                } else {
                    out.append(ch); inBreak = false
                }
            }
            t = out
        }
        return t.trimmingWhitespace()
    }

    /// „U+202E (right-to-left override)“ for messages.
    static func describe(_ u: Unicode.Scalar) -> String {
        let code = "U+" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 4)
        let names: [UInt32: String] = [
            0x00: "NUL", 0x09: "tab", 0x0A: "line break", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete",
            0x200E: "left-to-right mark", 0x200F: "right-to-left mark", 0x061C: "Arabic letter mark",
            0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
            0x202D: "left-to-right override", 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
            0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate",
            0x2028: "line separator", 0x2029: "paragraph separator",
        ]
        if let name = names[u.value] { return "\(code) (\(name))" }
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { return "\(code) (a control character)" }
        return "\(code) (a noncharacter)"
    }

    // MARK: Codes

    /// Area and indicator codes: 1 to 40 of A–Z, a–z, 0–9, `_`, `-` and `.`, starting with a letter or
    /// digit, without `..`. Codes become parts of file names (`{area}` in a manifest) and URLs, so a code
    /// can never name a folder (`a/b`) or climb out of one (`../x`).
    public static let codeRule = "1 to 40 letters A–Z or a–z, digits, \"_\", \"-\" or \".\", starting with a letter or digit, without \"..\""

    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (1...40).contains(bytes.count), let first = bytes.first, isAlphanumeric(first) else { return false }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else { return false }
        return !code.contains("..")
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }
}
