import Foundation

/// One block of the document, in reading order. JSON: an object with a "type" discriminator.
public enum Block: Codable, Equatable, Sendable {
    case heading(Heading)
    case paragraph(Paragraph)
    case list(List)
    case table(Table)
    case figure(Figure)
    case keyFigures(KeyFigures)
    case pageBreak
    case tableOfContents(TableOfContents)
    case definitions(Definitions)

    enum Kind: String, Codable, CaseIterable {
        case heading, paragraph, list, table, figure, keyFigures, pageBreak, tableOfContents, definitions
    }

    enum TypeKey: String, CodingKey { case type }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: TypeKey.self)
        let name = try c.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown block type \"\(name)\" (known: \(known))")
        }
        switch kind {
        case .heading: self = .heading(try Heading(from: decoder))
        case .paragraph: self = .paragraph(try Paragraph(from: decoder))
        case .list: self = .list(try List(from: decoder))
        case .table: self = .table(try Table(from: decoder))
        case .figure: self = .figure(try Figure(from: decoder))
        case .keyFigures: self = .keyFigures(try KeyFigures(from: decoder))
        case .pageBreak: self = .pageBreak
        case .tableOfContents: self = .tableOfContents(try TableOfContents(from: decoder))
        case .definitions: self = .definitions(try Definitions(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .heading(let v): try c.encode(Kind.heading.rawValue, forKey: .type); try v.encode(to: encoder)
        case .paragraph(let v): try c.encode(Kind.paragraph.rawValue, forKey: .type); try v.encode(to: encoder)
        case .list(let v): try c.encode(Kind.list.rawValue, forKey: .type); try v.encode(to: encoder)
        case .table(let v): try c.encode(Kind.table.rawValue, forKey: .type); try v.encode(to: encoder)
        case .figure(let v): try c.encode(Kind.figure.rawValue, forKey: .type); try v.encode(to: encoder)
        case .keyFigures(let v): try c.encode(Kind.keyFigures.rawValue, forKey: .type); try v.encode(to: encoder)
        case .pageBreak: try c.encode(Kind.pageBreak.rawValue, forKey: .type)
        case .tableOfContents(let v):
            try c.encode(Kind.tableOfContents.rawValue, forKey: .type); try v.encode(to: encoder)
        case .definitions(let v): try c.encode(Kind.definitions.rawValue, forKey: .type); try v.encode(to: encoder)
        }
    }

    /// The heading the block is or opens (a definitions appendix opens with its own).
    public var heading: Heading? {
        switch self {
        case .heading(let h): return h
        case .definitions(let d): return d.heading
        default: return nil
        }
    }
}

/// A heading H1–H4. `id` names it as a link target (`{"type":"link","target":"…"}`);
/// without one the layout derives "h-<n>".
public struct Heading: Codable, Equatable, Sendable {
    public var level: Int
    public var text: String
    public var id: String?

    public init(level: Int, text: String, id: String? = nil) {
        self.level = level
        self.text = text
        self.id = id
    }

    enum CodingKeys: String, CodingKey { case level, text, id }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decode(Int.self, forKey: .level)
        guard (1...4).contains(level) else {
            throw DecodingError.dataCorruptedError(
                forKey: .level, in: c, debugDescription: "heading level must be 1…4, found \(level)")
        }
        text = try c.decode(String.self, forKey: .text)
        id = try c.decodeIfPresent(String.self, forKey: .id)
    }
}

/// A paragraph: either `"text": "…"` (plain) or `"runs": [ … ]` (inline runs).
public struct Paragraph: Codable, Equatable, Sendable {
    public var runs: [Inline]

    public init(runs: [Inline]) { self.runs = runs }
    public init(_ text: String) { self.runs = [.text(text)] }

    enum CodingKeys: String, CodingKey { case text, runs }

    public init(from decoder: Decoder) throws {
        runs = try decodeRuns(decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try encodeRuns(runs, to: encoder)
    }
}

/// Inline content of a paragraph, list item or note. JSON: a bare string is plain text;
/// objects have a "type": text (with optional "bold"/"italic"), bold, italic,
/// link ("url" or internal "target"), span ("lang"), footnote (the note's "text").
public enum Inline: Codable, Equatable, Sendable {
    case styled(String, bold: Bool, italic: Bool)
    case link(String, destination: LinkDestination)
    case span(String, lang: String)
    case footnote(String)

    public static func text(_ s: String) -> Inline { .styled(s, bold: false, italic: false) }
    public static func bold(_ s: String) -> Inline { .styled(s, bold: true, italic: false) }
    public static func italic(_ s: String) -> Inline { .styled(s, bold: false, italic: true) }

    enum Kind: String, CaseIterable { case text, bold, italic, link, span, footnote }
    enum CodingKeys: String, CodingKey { case type, text, bold, italic, url, target, lang }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            self = .text(s)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown inline type \"\(name)\" (known: \(known))")
        }
        let text = try c.decode(String.self, forKey: .text)
        switch kind {
        case .text:
            self = .styled(text, bold: try c.decodeIfPresent(Bool.self, forKey: .bold) ?? false,
                           italic: try c.decodeIfPresent(Bool.self, forKey: .italic) ?? false)
        case .bold: self = .bold(text)
        case .italic: self = .italic(text)
        case .link:
            let url = try c.decodeIfPresent(String.self, forKey: .url)
            let target = try c.decodeIfPresent(String.self, forKey: .target)
            switch (url, target) {
            case (let u?, nil): self = .link(text, destination: .url(u))
            case (nil, let t?): self = .link(text, destination: .internal(t))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .url, in: c, debugDescription: "a link needs exactly one of \"url\" or \"target\"")
            }
        case .span: self = .span(text, lang: try c.decode(String.self, forKey: .lang))
        case .footnote: self = .footnote(text)
        }
    }

    public func encode(to encoder: Encoder) throws {
        if case .styled(let s, false, false) = self {
            var single = encoder.singleValueContainer()
            try single.encode(s)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .styled(let s, let bold, let italic):
            if bold && !italic { try c.encode("bold", forKey: .type) }
            else if italic && !bold { try c.encode("italic", forKey: .type) }
            else { try c.encode("text", forKey: .type); try c.encode(bold, forKey: .bold); try c.encode(italic, forKey: .italic) }
            try c.encode(s, forKey: .text)
        case .link(let s, let destination):
            try c.encode("link", forKey: .type)
            try c.encode(s, forKey: .text)
            switch destination {
            case .url(let u): try c.encode(u, forKey: .url)
            case .internal(let t): try c.encode(t, forKey: .target)
            }
        case .span(let s, let lang):
            try c.encode("span", forKey: .type); try c.encode(s, forKey: .text); try c.encode(lang, forKey: .lang)
        case .footnote(let s):
            try c.encode("footnote", forKey: .type); try c.encode(s, forKey: .text)
        }
    }

    public var isFootnote: Bool {
        if case .footnote = self { return true }
        return false
    }

    /// The visible text of the run (a footnote shows only its reference number, added by layout).
    public var visibleText: String {
        switch self {
        case .styled(let s, _, _), .link(let s, _), .span(let s, _): return s
        case .footnote: return ""
        }
    }
}

public enum LinkDestination: Equatable, Sendable {
    /// An external address (https:, mailto:).
    case url(String)
    /// The `id` of a heading in this document.
    case `internal`(String)
}

/// A bulleted or numbered list; items may hold a nested list.
public struct List: Codable, Equatable, Sendable {
    public var ordered: Bool
    public var items: [ListItem]

    public init(ordered: Bool = false, items: [ListItem]) {
        self.ordered = ordered
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case ordered, items }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ordered = try c.decodeIfPresent(Bool.self, forKey: .ordered) ?? false
        items = try c.decode([ListItem].self, forKey: .items)
        if items.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .items, in: c, debugDescription: "a list needs at least one item")
        }
    }
}

/// A list item: a bare string, or `{"text"|"runs": …, "list": {nested list}}`.
public struct ListItem: Codable, Equatable, Sendable {
    public var runs: [Inline]
    public var sublist: List?

    public init(runs: [Inline], sublist: List? = nil) {
        self.runs = runs
        self.sublist = sublist
    }
    public init(_ text: String, sublist: List? = nil) { self.init(runs: [.text(text)], sublist: sublist) }

    enum CodingKeys: String, CodingKey { case text, runs, list }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            runs = [.text(s)]
            sublist = nil
            return
        }
        runs = try decodeRuns(decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sublist = try c.decodeIfPresent(List.self, forKey: .list)
    }

    public func encode(to encoder: Encoder) throws {
        if sublist == nil, runs.count == 1, case .styled(let s, false, false) = runs[0] {
            var single = encoder.singleValueContainer()
            try single.encode(s)
            return
        }
        try encodeRuns(runs, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sublist, forKey: .list)
    }
}

public enum ColumnAlignment: String, Codable, Equatable, Sendable {
    case left, center, right
    /// Numbers aligned on the decimal separator of the document language.
    case decimal
}

public struct TableColumn: Codable, Equatable, Sendable {
    public var title: String
    public var align: ColumnAlignment

    public init(_ title: String, align: ColumnAlignment = .left) {
        self.title = title
        self.align = align
    }

    enum CodingKeys: String, CodingKey { case title, align }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            title = s
            align = .left
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        align = try c.decodeIfPresent(ColumnAlignment.self, forKey: .align) ?? .left
    }
}

/// A data table: the column titles form the header row (repeated on every page the table
/// spans); with `rowHeaders` the first cell of each row is a row header.
public struct Table: Codable, Equatable, Sendable {
    public var caption: String?
    public var columns: [TableColumn]
    public var rowHeaders: Bool
    public var rows: [[String]]
    /// A note printed right under the table and kept on a page with its last rows, e.g. the
    /// legend of the symbols in the cells („x = aus Datenschutzgründen gesperrt …“).
    public var note: String?
    /// The values the table shows, as the store holds them: embedded as the table's CSV file. Without
    /// it the CSV holds the cells as printed.
    public var data: Dataset?
    /// A last column with a small graphic in each row (where the row's value lies among all areas).
    public var marks: RangeMarks?
    /// Headings of groups of rows (a domain's indicators), each set as a row of its own before the
    /// row it starts at.
    public var groups: [RowGroup]?

    public init(caption: String? = nil, columns: [TableColumn], rowHeaders: Bool = false, rows: [[String]],
                note: String? = nil, data: Dataset? = nil, marks: RangeMarks? = nil, groups: [RowGroup]? = nil) {
        self.caption = caption
        self.columns = columns
        self.rowHeaders = rowHeaders
        self.rows = rows
        self.note = note
        self.data = data
        self.marks = marks
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey { case caption, columns, rowHeaders, rows, note, data, marks, groups }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        columns = try c.decode([TableColumn].self, forKey: .columns)
        if columns.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .columns, in: c, debugDescription: "a table needs at least one column")
        }
        rowHeaders = try c.decodeIfPresent(Bool.self, forKey: .rowHeaders) ?? false
        rows = try c.decode([[String]].self, forKey: .rows)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        data = try c.decodeIfPresent(Dataset.self, forKey: .data)
        marks = try c.decodeIfPresent(RangeMarks.self, forKey: .marks)
        for (index, row) in rows.enumerated() where row.count != columns.count {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.rows, IndexKey(index)],
                debugDescription: "expected \(columns.count) cells, found \(row.count)"))
        }
        if let marks, marks.rows.count != rows.count {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.marks],
                debugDescription: "expected one mark per row (\(rows.count)), found \(marks.rows.count)"))
        }
        groups = try c.decodeIfPresent([RowGroup].self, forKey: .groups)
        for (index, group) in (groups ?? []).enumerated() where !(0..<max(rows.count, 1)).contains(group.start) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [CodingKeys.groups, IndexKey(index)],
                debugDescription: "group „\(group.title)“ starts at row \(group.start); the table has rows 0…\(rows.count - 1)"))
        }
    }
}

/// The heading of a group of a table's rows, starting at row `start` (0-based).
public struct RowGroup: Codable, Equatable, Sendable {
    public var title: String
    public var start: Int

    public init(title: String, start: Int) {
        self.title = title
        self.start = start
    }
}

/// The graphic column of a table: per row, the range of a value across all areas (a line), the
/// reference value (the city: a tick) and the row's value (a dot), each row on its own scale. The
/// row's numbers are its cells; the graphic repeats them for the eye, and its alternative text says
/// what it shows for a screen reader.
public struct RangeMarks: Codable, Equatable, Sendable {
    /// The column's header („Lage unter den Stadtteilen“).
    public var title: String
    /// One per row; nil where a row has nothing to draw (a suppressed value, a single area).
    public var rows: [RangeMark?]

    public init(title: String, rows: [RangeMark?]) {
        self.title = title
        self.rows = rows
    }
}

public struct RangeMark: Codable, Equatable, Sendable {
    /// The lowest and highest value of all areas.
    public var low: Double
    public var high: Double
    /// The reference value (the city), drawn as a tick.
    public var reference: Double?
    /// The row's value, drawn as a dot; nil when it cannot be shown (suppressed, missing).
    public var value: Double?
    /// What the graphic shows, in words („Moisling 18,2 %: höchster Wert; Stadtteile 4,7 % bis 18,2 %; Stadt 9,0 %“).
    public var alt: String

    public init(low: Double, high: Double, reference: Double? = nil, value: Double? = nil, alt: String) {
        self.low = low
        self.high = high
        self.reference = reference
        self.value = value
        self.alt = alt
    }
}

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

/// A figure: a vector drawing with its alternative text and a visible caption.
public struct Figure: Codable, Equatable, Sendable {
    public var drawing: Drawing
    public var alt: String
    public var caption: String?
    /// The values the chart is drawn from: embedded as the figure's CSV file.
    public var data: Dataset?

    public init(drawing: Drawing, alt: String, caption: String? = nil, data: Dataset? = nil) {
        self.drawing = drawing
        self.alt = alt
        self.caption = caption
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case drawing, alt, caption, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        drawing = try c.decode(Drawing.self, forKey: .drawing)
        alt = try c.decode(String.self, forKey: .alt)
        if alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DecodingError.dataCorruptedError(
                forKey: .alt, in: c, debugDescription: "a figure needs alternative text that describes it")
        }
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        data = try c.decodeIfPresent(Dataset.self, forKey: .data)
    }
}

/// A row of key-figure tiles (up to four per row; more wrap to further rows).
public struct KeyFigures: Codable, Equatable, Sendable {
    public var tiles: [KeyFigure]
    public init(tiles: [KeyFigure]) { self.tiles = tiles }
}

public struct KeyFigure: Codable, Equatable, Sendable {
    public var label: String
    public var value: String
    /// The change in words and figures („gestiegen: +0,4 Pp. ggü. Vormonat“).
    public var change: String?
    public var comparison: String?
    /// The direction of `change`, drawn as an arrow before it; the words say it too, so the arrow
    /// is decoration (an artifact) and never the only carrier of the meaning.
    public var trend: Trend?

    public enum Trend: String, Codable, Sendable { case up, down, unchanged }

    public init(label: String, value: String, change: String? = nil, comparison: String? = nil, trend: Trend? = nil) {
        self.label = label
        self.value = value
        self.change = change
        self.comparison = comparison
        self.trend = trend
    }
}

/// The table of contents: headings up to `maxLevel` with page numbers and links.
public struct TableOfContents: Codable, Equatable, Sendable {
    public var title: String?
    public var maxLevel: Int

    public init(title: String? = nil, maxLevel: Int = 3) {
        self.title = title
        self.maxLevel = maxLevel
    }

    enum CodingKeys: String, CodingKey { case title, maxLevel }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        maxLevel = try c.decodeIfPresent(Int.self, forKey: .maxLevel) ?? 3
    }
}

// MARK: - shared helpers

/// An array index in a coding path (for error paths like `blocks[3].rows[2]`).
struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private enum RunsKeys: String, CodingKey { case text, runs }

private func decodeRuns(_ decoder: Decoder) throws -> [Inline] {
    let c = try decoder.container(keyedBy: RunsKeys.self)
    if let runs = try c.decodeIfPresent([Inline].self, forKey: .runs) {
        if c.contains(.text) {
            throw DecodingError.dataCorruptedError(
                forKey: .text, in: c, debugDescription: "give either \"text\" or \"runs\", not both")
        }
        return runs
    }
    if let text = try c.decodeIfPresent(String.self, forKey: .text) { return [.text(text)] }
    throw DecodingError.keyNotFound(RunsKeys.text, .init(
        codingPath: c.codingPath, debugDescription: "expected \"text\" (a string) or \"runs\" (inline runs)"))
}

private func encodeRuns(_ runs: [Inline], to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: RunsKeys.self)
    if runs.count == 1, case .styled(let s, false, false) = runs[0] {
        try c.encode(s, forKey: .text)
    } else {
        try c.encode(runs, forKey: .runs)
    }
}
