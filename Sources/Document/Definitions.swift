/// The definitions of the indicators a document shows, set as its appendix: a heading, then one
/// short entry per indicator. The source every entry shares is printed once, after the entries (the
/// layout's words: „Quelle aller Kennzahlen: …“); where sources differ each entry names its own. In a
/// publish pack the sections' definitions become one appendix at the end (each key once) and each
/// section prints a reference to it in their place.
public struct Definitions: Codable, Equatable, Sendable {
    public var heading: Heading
    /// Printed before the entries.
    public var intro: String?
    public var entries: [Definition]
    /// Printed after the entries and the shared source, e.g. what „p“ and „x“ mean.
    public var note: String?
    /// What a section of a pack says instead of its definitions; nil: the layout's sentence in the
    /// document language („Die Definitionen und Quellen der Kennzahlen stehen im Anhang der Mappe.“).
    public var reference: String?

    public init(heading: Heading, intro: String? = nil, entries: [Definition], note: String? = nil, reference: String? = nil) {
        self.heading = heading
        self.intro = intro
        self.entries = entries
        self.note = note
        self.reference = reference
    }

    /// The one source every entry names, or nil when they differ (each entry then names its own).
    public var sharedSource: String? {
        guard let first = entries.first?.source, entries.allSatisfy({ $0.source == first }) else { return nil }
        return first
    }
}

public struct Definition: Codable, Equatable, Sendable {
    /// Identifies the indicator across documents (its code): a pack's appendix has each key once.
    public var key: String
    /// The indicator's name, set in bold.
    public var term: String
    /// What it counts, compactly („Leistungsberechtigte nach SGB II je 100 Einwohner …; Monatsende, monatlich“).
    public var text: String
    /// Where the values come from and under which licence.
    public var source: String

    public init(key: String, term: String, text: String, source: String) {
        self.key = key
        self.term = term
        self.text = text
        self.source = source
    }
}
