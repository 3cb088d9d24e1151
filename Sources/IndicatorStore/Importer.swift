import Foundation
import Yams

/// What an input file holds, decided from its extension and header.
public enum ImportFileKind: String, Sendable {
    case long = "long format"
    case wide = "wide format"
    case areas = "area metadata"
    case indicators = "indicator metadata"
    case metadata = "metadata YAML"
    case geojson = "GeoJSON"
}

/// Reads import files, validates everything against the store, and writes all of it in one
/// transaction — or nothing, listing every problem.
public enum Importer {
    /// Imports `files` into the store at `storePath` (created if missing).
    /// - Throws: `ImportFailure` listing every problem (nothing was written), or `StoreError`.
    @discardableResult
    public static func run(files: [String], mapping: String? = nil, geometryMatch: GeometryMatch = GeometryMatch(),
                           storePath: String, dryRun: Bool = false,
                           importedAt: String = ImportClock.now()) throws -> ImportSummary {
        let catalog = try Catalog.load(storePath: storePath)
        let plan = try makePlan(files: files, mapping: mapping, geometryMatch: geometryMatch, catalog: catalog)
        return try Writer.commit(plan, storePath: storePath, importedAt: importedAt, dryRun: dryRun)
    }

    static func makePlan(files: [String], mapping mappingPath: String?, geometryMatch: GeometryMatch = GeometryMatch(),
                         catalog: Catalog) throws -> ImportPlan {
        var problems: [ImportProblem] = []
        var mapping: WideMapping?
        if let mappingPath {
            switch WideMapping.load(path: mappingPath) {
            case .success(let m): mapping = m
            case .failure(let p):
                // Without its mapping a wide file would only be misread as a long one.
                throw p
            }
        }
        var loaded: [LoadedFile] = []
        for path in files {
            switch LoadedFile.load(path: path, mapping: mapping) {
            case .success(let f): loaded.append(f)
            case .failure(let p): problems.append(p)
            }
        }
        var builder = PlanBuilder(catalog: catalog, mapping: mapping, geometryMatch: geometryMatch)
        // Metadata first, so observations in the same import may use areas and indicators it defines.
        for f in loaded where f.kind == .areas || f.kind == .indicators || f.kind == .metadata { builder.addMetadata(f) }
        builder.checkParents()
        for f in loaded where f.kind == .geojson { builder.addGeoJSON(f) }
        for f in loaded where f.kind == .long || f.kind == .wide { builder.addObservations(f) }
        problems.append(contentsOf: builder.problems)
        if !problems.isEmpty {
            let order = Dictionary((([mappingPath].compactMap { $0 }) + files).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            problems.sort { a, b in
                let fa = order[a.position.file] ?? 0, fb = order[b.position.file] ?? 0
                return fa != fb ? fa < fb : (a.position.line, a.position.column) < (b.position.line, b.position.column)
            }
            throw ImportFailure(problems: problems)
        }
        // Files in command-line order; the metadata each defined is recorded against it.
        var plan = builder.plan
        let byName = Dictionary(plan.files.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        plan.files = loaded.compactMap { byName[$0.path] }
        return plan
    }
}

/// Areas and indicators known before this import, plus how many observations each indicator has.
struct Catalog: Sendable {
    var areas: [String: Area] = [:]
    var indicators: [String: Indicator] = [:]
    var observationCounts: [String: Int] = [:]

    static func load(storePath: String) throws -> Catalog {
        guard FileManager.default.fileExists(atPath: storePath) else { return Catalog() }
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        var c = Catalog()
        for a in try store.areas() { c.areas[a.code] = a }
        for s in try store.indicatorSummaries() {
            c.indicators[s.indicator.code] = s.indicator
            c.observationCounts[s.indicator.code] = s.observationCount
        }
        return c
    }
}

/// A cell of text with its place in the file (and, for CSV, its extent in the text).
struct Field: Sendable {
    var text: String
    var position: SourcePosition
    var range: Range<String.Index>? = nil
}

// MARK: - Loading files

struct LoadedFile {
    enum Content {
        case csv(CSVTable, header: [String: Int], convention: NumberConvention)
        case yaml(Node)
    }
    var path: String
    var sha256: String
    var kind: ImportFileKind
    var encoding: String?
    var content: Content
    /// The decoded text of a CSV file, which its cells' ranges index.
    var text: String? = nil

    static func load(path: String, mapping: WideMapping?) -> Result<LoadedFile, ImportProblem> {
        let start = SourcePosition(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            return .failure(ImportProblem(start, "cannot read the file", fix: "check the path and the file's permissions"))
        }
        let sha = Checksum.sha256Hex(data)
        let decoded: TextDecoder.Decoded
        switch TextDecoder.decode(data, file: path) {
        case .success(let d): decoded = d
        case .failure(let p): return .failure(p)
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let trimmedStart = decoded.text.drop { $0.isWhitespace }
        if ext == "geojson" || (ext == "json" && trimmedStart.first == "{") {
            switch YAMLSupport.compose(decoded.text, file: path) {
            case .success(let node): return .success(LoadedFile(path: path, sha256: sha, kind: .geojson, encoding: decoded.encoding, content: .yaml(node)))
            case .failure(let p): return .failure(p)
            }
        }
        if ext == "yaml" || ext == "yml" {
            switch YAMLSupport.compose(decoded.text, file: path) {
            case .success(let node): return .success(LoadedFile(path: path, sha256: sha, kind: .metadata, encoding: decoded.encoding, content: .yaml(node)))
            case .failure(let p): return .failure(p)
            }
        }
        let table: CSVTable
        switch CSVTable.parse(decoded.text, file: path) {
        case .success(let t): table = t
        case .failure(let p): return .failure(p)
        }
        guard let headerRow = table.rows.first else {
            return .failure(ImportProblem(start, "the file is empty",
                                          fix: "export the table with a header line (indicator, area, period, value)"))
        }
        let rawHeader = headerRow.cells.map { Columns.normalize($0.text) }
        let kind: ImportFileKind
        let aliases: [String: String]
        if rawHeader.contains(where: { Columns.areaMetadata[$0] == "level" }) {
            kind = .areas; aliases = Columns.areaMetadata
        } else if rawHeader.contains(where: { Columns.indicatorMetadata[$0] == "domain" })
                    && rawHeader.contains(where: { Columns.indicatorMetadata[$0] == "granularity" }) {
            kind = .indicators; aliases = Columns.indicatorMetadata
        } else if let mapping, !mapping.areaCodeColumn.text.isEmpty, rawHeader.contains(Columns.normalize(mapping.areaCodeColumn.text)) {
            kind = .wide; aliases = [:]
        } else {
            kind = .long; aliases = Columns.long
        }
        var header: [String: Int] = [:]
        for (i, name) in rawHeader.enumerated() {
            let key = aliases[name] ?? name
            if header[key] == nil { header[key] = i }
        }
        // The number convention is decided once for the whole file (see NumberConvention).
        let numericColumns: [Int]
        switch kind {
        case .long: numericColumns = ["value", "numerator", "denominator"].compactMap { header[$0] }
        case .wide: numericColumns = mapping?.columns.compactMap { header[Columns.normalize($0.header.text)] } ?? []
        default: numericColumns = ["population"].compactMap { header[$0] }
        }
        let samples = table.rows.dropFirst().flatMap { row in numericColumns.compactMap { $0 < row.cells.count ? row.cells[$0].text : nil } }
        let convention = mapping?.decimal ?? NumberConvention.decide(separator: table.separator, numericSamples: samples)
        return .success(LoadedFile(path: path, sha256: sha, kind: kind, encoding: decoded.encoding,
                                   content: .csv(table, header: header, convention: convention), text: decoded.text))
    }
}

/// Header names accepted per format: lower-cased and trimmed, mapped to the canonical name.
enum Columns {
    static func normalize(_ s: String) -> String { s.trimmingWhitespace().lowercased() }

    static let long: [String: String] = [
        "indicator": "indicator", "indikator": "indicator",
        "area": "area", "gebiet": "area",
        "period": "period", "zeitraum": "period",
        "value": "value", "wert": "value",
        "numerator": "numerator", "zähler": "numerator", "zaehler": "numerator",
        "denominator": "denominator", "nenner": "denominator",
        "status": "status",
        "note": "note", "hinweis": "note",
    ]
    static let longRequired = ["indicator", "area", "period", "value"]
    static let germanName = ["indicator": "indikator", "area": "gebiet", "period": "zeitraum", "value": "wert"]

    static let areaMetadata: [String: String] = [
        "code": "code", "gebiet": "code", "gebietscode": "code",
        "name": "name",
        "level": "level", "ebene": "level",
        "parent": "parent", "parent_code": "parent", "übergeordnet": "parent", "uebergeordnet": "parent",
        "population": "population", "einwohner": "population",
        "population_date": "population_date", "stichtag": "population_date",
    ]
    static let indicatorMetadata: [String: String] = [
        "code": "code", "indikator": "code", "indicator": "code",
        "name": "name",
        "short_label": "short_label", "kurzname": "short_label", "kurzbezeichnung": "short_label",
        "name_en": "name_en", "english_name": "name_en", "short_label_en": "short_label_en",
        "numerator_en": "numerator_en", "denominator_en": "denominator_en", "reference_date_en": "reference_date_en",
        "domain": "domain", "bereich": "domain",
        "unit": "unit", "einheit": "unit",
        "decimals": "decimals", "dezimalstellen": "decimals",
        "polarity": "polarity", "polarität": "polarity", "polaritaet": "polarity",
        "granularity": "granularity", "periodizität": "granularity", "periodizitaet": "granularity",
        "numerator": "numerator", "zähler": "numerator", "zaehler": "numerator",
        "denominator": "denominator", "nenner": "denominator",
        "reference_date": "reference_date", "stichtag": "reference_date",
        "source": "source", "quelle": "source",
        "licence": "licence", "license": "licence", "lizenz": "licence",
        "synthetic": "synthetic", "synthetisch": "synthetic",
        "source_en": "source_en", "licence_en": "licence_en", "license_en": "licence_en",
        "comparison": "comparison", "vergleich": "comparison",
        "comparison_about": "comparison_about", "comparison_clear": "comparison_clear",
    ]
}

// MARK: - Wide-format mapping

/// The YAML description of a wide file (one row per area, one column per indicator).
struct WideMapping {
    struct Column {
        var header: Field
        var indicator: Field
        var unit: Field?
        var factor: Double
    }
    var path: String
    var areaCodeColumn: Field
    var areaNameColumn: Field?
    var period: Field?
    var periodColumn: Field?
    var decimal: NumberConvention?
    var codeProperty: String?
    var nameProperty: String?
    var columns: [Column]

    static let keys = ["area_code_column", "area_name_column", "period", "period_column", "decimal", "code_property", "name_property", "columns"]

    static func load(path: String) -> Result<WideMapping, ImportFailure> {
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ImportFailure(problems: [ImportProblem(start, "cannot read the mapping file", fix: "check the --mapping path")]))
        }
        let text: String
        switch TextDecoder.decode(data, file: path) {
        case .success(let d): text = d.text
        case .failure(let p): return .failure(ImportFailure(problems: [p]))
        }
        let root: Node
        switch YAMLSupport.compose(text, file: path) {
        case .success(let n): root = n
        case .failure(let p): return .failure(ImportFailure(problems: [p]))
        }
        guard root.mapping != nil else {
            return .failure(ImportFailure(problems: [ImportProblem(start, "the mapping must be a YAML mapping (key: value lines)",
                                           fix: "see README \"Wide format\" for an example")]))
        }
        var problems: [ImportProblem] = []
        func field(_ n: Node) -> Field { Field(text: n.string ?? "", position: YAMLSupport.position(n, file: path)) }
        var areaCode: Field?, areaName: Field?, period: Field?, periodColumn: Field?, decimal: NumberConvention?
        var codeProperty: String?, nameProperty: String?
        var columns: [Column] = []
        for (key, keyNode, value) in YAMLSupport.entries(root) {
            switch key {
            case "area_code_column": areaCode = field(value)
            case "area_name_column": areaName = field(value)
            case "period": period = field(value)
            case "period_column": periodColumn = field(value)
            case "code_property": codeProperty = value.string
            case "name_property": nameProperty = value.string
            case "decimal":
                switch value.string?.lowercased() {
                case "comma": decimal = .decimalComma
                case "point": decimal = .decimalPoint
                default: problems.append(ImportProblem(field(value).position, "decimal must be comma or point",
                                                       fix: "write decimal: comma (1.234,5) or decimal: point (1,234.5)"))
                }
            case "columns": columns = readColumns(value, path: path, problems: &problems)
            default:
                problems.append(ImportProblem(YAMLSupport.position(keyNode, file: path), "unknown key \"\(key)\"",
                                              fix: "use one of \(keys.joined(separator: ", "))"))
            }
        }
        // A mapping for GeoJSON only names the property of its features.
        if areaCode == nil, columns.isEmpty, period == nil, periodColumn == nil, codeProperty != nil || nameProperty != nil {
            if !problems.isEmpty { return .failure(ImportFailure(problems: problems)) }
            return .success(WideMapping(path: path, areaCodeColumn: Field(text: "", position: start), areaNameColumn: nil, period: nil,
                                        periodColumn: nil, decimal: nil, codeProperty: codeProperty, nameProperty: nameProperty, columns: []))
        }
        guard let areaCode else {
            problems.append(ImportProblem(start, "the mapping does not say which column holds the area code",
                                          fix: "add `area_code_column: NAME_OF_THE_COLUMN`"))
            return .failure(ImportFailure(problems: problems))
        }
        if period == nil && periodColumn == nil {
            problems.append(ImportProblem(start, "the mapping gives no period",
                                          fix: "add `period: 2024-12` (or 31.12.2024) or `period_column: NAME_OF_THE_COLUMN`"))
        }
        if columns.isEmpty {
            problems.append(ImportProblem(start, "the mapping maps no columns to indicators",
                                          fix: "add `columns:` with one `COLUMN HEADER: INDICATOR_CODE` line per indicator"))
        }
        if !problems.isEmpty { return .failure(ImportFailure(problems: problems)) }
        return .success(WideMapping(path: path, areaCodeColumn: areaCode, areaNameColumn: areaName, period: period,
                                    periodColumn: periodColumn, decimal: decimal, codeProperty: codeProperty,
                                    nameProperty: nameProperty, columns: columns))
    }

    /// `columns:`: each header with its indicator code, or with `indicator`, `unit` and `factor`.
    static func readColumns(_ value: Node, path: String, problems: inout [ImportProblem]) -> [Column] {
        func field(_ n: Node) -> Field { Field(text: n.string ?? "", position: YAMLSupport.position(n, file: path)) }
        var columns: [Column] = []
        for (header, headerNode, spec) in YAMLSupport.entries(value) {
            let hf = Field(text: header, position: YAMLSupport.position(headerNode, file: path))
            if let code = spec.scalar {
                columns.append(Column(header: hf, indicator: Field(text: code.string, position: YAMLSupport.position(spec, file: path)), unit: nil, factor: 1))
                continue
            }
            var ind: Field?, unit: Field?, factor = 1.0
            for (k, kNode, v) in YAMLSupport.entries(spec) {
                switch k {
                case "indicator": ind = field(v)
                case "unit": unit = field(v)
                case "factor":
                    if let f = Double(v.string ?? ""), f.isFinite, f != 0 { factor = f } else {
                        problems.append(ImportProblem(field(v).position, "factor \"\(v.string ?? "")\" is not a number",
                                                      fix: "write a number such as 100 (a share 0.093 × 100 = 9.3 %)"))
                    }
                default:
                    problems.append(ImportProblem(YAMLSupport.position(kNode, file: path), "unknown key \"\(k)\" in a column mapping",
                                                  fix: "use indicator, unit or factor"))
                }
            }
            if let ind { columns.append(Column(header: hf, indicator: ind, unit: unit, factor: factor)) } else {
                problems.append(ImportProblem(hf.position, "column \"\(header)\" names no indicator",
                                              fix: "write `\(header): INDICATOR_CODE` or give an `indicator:` key"))
            }
        }
        return columns
    }
}
