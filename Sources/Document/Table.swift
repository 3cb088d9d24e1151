import Foundation

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
