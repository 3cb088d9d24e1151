import IndicatorStore

/// The indicator's unit, under a name that cannot clash with Foundation's `Unit` class in files
/// (and test files) that import Foundation.
public typealias IndicatorUnit = Unit

/// The language of a document. Every formatter and phrase takes one explicitly; the process locale is
/// never consulted, so output is the same on every machine.
public enum Language: String, Sendable, Codable, CaseIterable {
    /// German as written in Germany: `1.234,5`, `9,3 %`, `Oktober 2024`, „…“.
    case de = "de-DE"
    /// British English: `1,234.5`, `9.3%`, `October 2024`, “…”.
    case en = "en-GB"

    /// Accepts `de`, `de-DE`, `de_DE`, `en`, `en-GB`, `en_GB` (any case).
    public init?(tag: String) {
        switch tag.lowercased().replacingOccurrences(of: "_" as Character, with: "-" as Character) {
        case "de", "de-de": self = .de
        case "en", "en-gb": self = .en
        default: return nil
        }
    }

    /// The BCP 47 tag for the PDF's /Lang entry.
    public var tag: String { rawValue }

    var decimalSeparator: String { self == .de ? "," : "." }
    var groupingSeparator: String { self == .de ? "." : "," }
}

extension String {
    /// Stdlib-only replacement (the Facts module does not import Foundation).
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
