import Document
import Foundation

/// The page template and typographic scale of a municipal briefing: A4, one calm text column,
/// Noto Sans, dark text and a dark municipal blue for headings. All sizes in PDF points.
public struct Theme: Sendable, Equatable {
    public var pageWidth = 595.276  // A4
    public var pageHeight = 841.890
    public var marginLeft = 72.0    // ≈ 25 mm
    public var marginRight = 68.0
    public var marginTop = 76.0     // running header sits above
    public var marginBottom = 76.0  // footer sits below
    public var headerBaseline = 44.0
    public var footerBaseline = 806.0

    public var bodySize = 10.5
    /// Line spacing factor over Noto Sans' natural height (1.362 em): ≈ 1.45 em baseline distance.
    public var lineSpacing = 1.07
    public var paragraphSpacing = 7.0
    public var headingSizes: [Double] = [22, 15, 12.5, 11]
    public var headingSpaceBefore: [Double] = [0, 22, 15, 10]
    public var headingSpaceAfter: [Double] = [12, 8, 5, 3]
    public var smallSize = 9.0
    public var furnitureSize = 8.5
    public var tableSize = 9.5
    public var noteSize = 8.5

    public var bodyColor = Color(hex: "#1a1a1a")!
    public var headingColor = Color(hex: "#1f4e79")!
    public var linkColor = Color(hex: "#1f4e79")!
    public var mutedColor = Color(hex: "#4a4a4a")!
    public var ruleColor = Color(hex: "#1f4e79")!
    public var hairlineColor = Color(hex: "#b8c4d0")!
    public var tableHeaderBackground = Color(hex: "#e4ebf3")!
    public var tableStripeBackground = Color(hex: "#f3f6f9")!
    public var tileBackground = Color(hex: "#edf2f7")!
    public var tileAccent = Color(hex: "#1f4e79")!

    public init() {}

    /// The easy-read variant (Leichte Sprache): 14 pt body text — the size easy-read guidelines
    /// ask for — with the rest of the scale and the spacing grown along with it.
    public func largeType() -> Theme {
        var t = self
        t.bodySize = 14
        t.lineSpacing = 1.12
        t.paragraphSpacing = 11
        t.headingSizes = [26, 19, 16, 14]
        t.headingSpaceBefore = [0, 26, 18, 12]
        t.headingSpaceAfter = [14, 10, 7, 4]
        t.smallSize = 12
        t.furnitureSize = 10
        t.tableSize = 12.5
        t.noteSize = 12
        return t
    }

    public var contentLeft: Double { marginLeft }
    public var contentWidth: Double { pageWidth - marginLeft - marginRight }
    public var contentTop: Double { marginTop }
    public var contentBottom: Double { pageHeight - marginBottom }

    /// Every (text colour, background) pair the engine draws, for contrast checks (WCAG 1.4.3).
    public var textColorPairs: [(name: String, text: Color, background: Color)] {
        [("body", bodyColor, .white), ("heading", headingColor, .white), ("link", linkColor, .white),
         ("muted (captions, header, footer, notes)", mutedColor, .white),
         ("table header", bodyColor, tableHeaderBackground), ("table stripe", bodyColor, tableStripeBackground),
         ("tile label", mutedColor, tileBackground), ("tile value", tileAccent, tileBackground),
         ("tile text", bodyColor, tileBackground)]
    }
}

/// Words the page template writes itself, per document language.
struct Vocabulary {
    let language: String

    var isGerman: Bool { language == "de" }
    func pageOf(_ page: Int, _ total: Int) -> String {
        isGerman ? "Seite \(page) von \(total)" : "Page \(page) of \(total)"
    }
    var tableLabel: String { isGerman ? "Tabelle" : "Table" }
    var figureLabel: String { isGerman ? "Abbildung" : "Figure" }
    var contentsTitle: String { isGerman ? "Inhalt" : "Contents" }
    func noteLink(_ n: Int) -> String { isGerman ? "Anmerkung \(n)" : "Note \(n)" }
    var decimalSeparator: Character { isGerman ? "," : "." }
    var sourceLabel: String { isGerman ? "Quelle" : "Source" }
    var sharedSourceLabel: String { isGerman ? "Quelle aller Kennzahlen" : "Source of all indicators" }
    /// A pack section's sentence in place of its definitions; `link` is the part that links to the appendix.
    var definitionsReference: (before: String, link: String, after: String) {
        isGerman ? ("Die Definitionen und Quellen der Kennzahlen stehen im ", "Anhang", " am Ende der Mappe.")
                 : ("The definitions and sources of the indicators are in the ", "appendix", " at the end of the pack.")
    }
    var appendixTitlePrefix: String { isGerman ? "Anhang: " : "Appendix: " }

    func formatDate(year: Int, month: Int, day: Int) -> String {
        let de = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                  "Oktober", "November", "Dezember"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]
        return isGerman ? "\(day). \(de[month - 1]) \(year)" : "\(day) \(en[month - 1]) \(year)"
    }
}
