import Foundation

/// One block of the document, in reading order. JSON: an object with a "type" discriminator.
public enum Block: Codable, Equatable, Sendable {
    case heading(Heading)
    case paragraph(Paragraph)
    case list(List)
    case table(Table)
    case figure(Figure)
    /// A chart to be drawn when the document is laid out: a figure, and its data table if asked.
    case chart(Chart)
    case keyFigures(KeyFigures)
    case pageBreak
    case tableOfContents(TableOfContents)
    case definitions(Definitions)

    enum Kind: String, Codable, CaseIterable {
        case heading, paragraph, list, table, figure, chart, keyFigures, pageBreak, tableOfContents, definitions
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
        case .chart: self = .chart(try Chart(from: decoder))
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
        case .chart(let v): try c.encode(Kind.chart.rawValue, forKey: .type); try v.encode(to: encoder)
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

// MARK: - shared by the block types (one file each)

/// An array index in a coding path (for error paths like `blocks[3].rows[2]`).
struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

enum RunsKeys: String, CodingKey { case text, runs }

func decodeRuns(_ decoder: Decoder) throws -> [Inline] {
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

func encodeRuns(_ runs: [Inline], to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: RunsKeys.self)
    if runs.count == 1, case .styled(let s, false, false) = runs[0] {
        try c.encode(s, forKey: .text)
    } else {
        try c.encode(runs, forKey: .runs)
    }
}
