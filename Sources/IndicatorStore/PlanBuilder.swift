import Foundation
import Yams

/// Validates loaded files against the catalog and collects what they would write (metadata:
/// PlanBuilderMetadata.swift, observations: PlanBuilderObservations.swift). Every problem is recorded;
/// the builder never stops at the first one.
struct PlanBuilder {
    let catalog: Catalog
    let mapping: WideMapping?
    let geometryMatch: GeometryMatch
    var problems: [ImportProblem] = []
    var areas: [String: Area] = [:]
    var areaOrder: [String] = []
    var areaDefinedAt: [String: SourcePosition] = [:]
    var indicators: [String: Indicator] = [:]
    var indicatorOrder: [String] = []
    var indicatorDefinedAt: [String: SourcePosition] = [:]
    var parentFields: [(child: String, level: AreaLevel, field: Field)] = []
    var files: [ImportPlan.File] = []
    var seenKeys: [Observation.Key: SourcePosition] = [:]
    /// Rows naming an indicator or area nobody defined, per code: reported once with their count.
    var unknownCodes: [UnknownCode: (first: SourcePosition, rows: Int)] = [:]
    var unknownOrder: [UnknownCode] = []
    /// Where the current file's values, numerators and denominators are, and which of them are discarded.
    var valueCells: [Observation.Key: [Range<String.Index>]] = [:]
    var discarded: [Range<String.Index>] = []

    struct UnknownCode: Hashable {
        var isIndicator: Bool
        var code: String
        var file: String
    }

    init(catalog: Catalog, mapping: WideMapping?, geometryMatch: GeometryMatch = GeometryMatch()) {
        self.catalog = catalog
        self.mapping = mapping
        self.geometryMatch = geometryMatch
    }

    var plan: ImportPlan {
        ImportPlan(areas: areaOrder.compactMap { areas[$0] }, indicators: indicatorOrder.compactMap { indicators[$0] }, files: files)
    }

    func knownArea(_ code: String) -> Area? { areas[code] ?? catalog.areas[code] }
    func knownIndicator(_ code: String) -> Indicator? { indicators[code] ?? catalog.indicators[code] }

    mutating func problem(_ at: SourcePosition, _ message: String, _ fix: String) {
        problems.append(ImportProblem(at, message, fix: fix))
    }

    /// The field's text as the store keeps it (NFC, trimmed; see `TextHygiene`), or nil with a problem
    /// when it holds a control or text-direction character.
    mutating func clean(_ f: Field, _ what: String, multiline: Bool = false) -> String? {
        if let (u, offset) = TextHygiene.firstForbidden(in: f.text, multiline: multiline) {
            problem(f.position, "\(what) contains \(TextHygiene.describe(u)) at character \(offset)",
                    "remove it: control and text-direction characters would show as boxes or reorder the text in the PDF")
            return nil
        }
        return TextHygiene.normalized(f.text, multiline: multiline)
    }

    /// Rows with as many fields as the header; every other row is a problem (and is not read further),
    /// so an unquoted `100,1` in a comma-separated file cannot shift the columns after it.
    mutating func rowsMatchingHeader(_ table: CSVTable, file: String) -> [CSVRow] {
        guard let header = table.rows.first else { return [] }
        let width = header.cells.count
        var rows: [CSVRow] = []
        for row in table.rows.dropFirst() {
            if row.cells.count == width { rows.append(row); continue }
            if row.cells.count > width {
                let extra = row.cells[width]
                let digits = row.cells.map { Int(digits: $0.text) != nil }
                let hint = table.separator == "," && zip(digits, digits.dropFirst()).contains { $0 && $1 }
                    ? " (a decimal comma? In a comma-separated file write 100.1, quote \"100,1\" or save the file with \";\")" : ""
                problem(SourcePosition(file: file, line: extra.line, column: extra.column),
                        "the row has \(row.cells.count) fields but the header has \(width)\(hint)",
                        "remove the extra fields, or quote a value that contains \"\(table.separator)\"")
            } else {
                let last = row.cells.last
                problem(SourcePosition(file: file, line: last?.line ?? row.line, column: (last?.column ?? 1) + (last?.text.count ?? 0)),
                        "the row has \(row.cells.count) field\(row.cells.count == 1 ? "" : "s") but the header has \(width)",
                        "fill in the missing fields (an empty field still needs its \"\(table.separator)\")")
            }
        }
        return rows
    }

    // MARK: Records from CSV rows and YAML mappings

    /// Field for canonical column `name` in `row`, positioned just after the row's end if the row is short.
    static func cell(_ row: CSVRow, _ header: [String: Int], _ name: String, file: String) -> Field? {
        guard let i = header[name] else { return nil }
        if i < row.cells.count {
            let c = row.cells[i]
            return Field(text: c.text, position: SourcePosition(file: file, line: c.line, column: c.column), range: c.range)
        }
        let last = row.cells.last
        return Field(text: "", position: SourcePosition(file: file, line: last?.line ?? row.line,
                                                        column: (last?.column ?? 1) + (last?.text.count ?? 0)))
    }

    static func record(_ row: CSVRow, _ header: [String: Int], file: String) -> [String: Field] {
        var r: [String: Field] = [:]
        for name in header.keys { r[name] = cell(row, header, name, file: file) }
        return r
    }

    static func record(_ node: Node, aliases: [String: String], file: String) -> [String: Field] {
        var r: [String: Field] = [:]
        for (key, _, value) in YAMLSupport.entries(node) {
            if key == "definition" {
                r.merge(record(value, aliases: aliases, file: file)) { a, _ in a }
                continue
            }
            // `comparison: {measure: points, about: 0.5, clear: 1.5}` is the CSV's three comparison columns.
            if key == "comparison", value.mapping != nil {
                for (inner, _, innerValue) in YAMLSupport.entries(value) {
                    let name = Columns.normalize(inner) == "measure" ? "comparison" : "comparison_" + Columns.normalize(inner)
                    r[name] = Field(text: innerValue.string ?? "", position: YAMLSupport.position(innerValue, file: file))
                }
                continue
            }
            let canonical = aliases[Columns.normalize(key)] ?? Columns.normalize(key)
            r[canonical] = Field(text: value.string ?? "", position: YAMLSupport.position(value, file: file))
        }
        return r
    }
}
