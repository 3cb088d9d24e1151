import Foundation
import Yams

/// Validates loaded files against the catalog and collects what they would write.
/// Every problem is recorded; the builder never stops at the first one.
struct PlanBuilder {
    let catalog: Catalog
    let mapping: WideMapping?
    let geometryMatch: GeometryMatch
    var problems: [ImportProblem] = []
    var areas: [String: Area] = [:]
    var areaOrder: [String] = []
    private var areaDefinedAt: [String: SourcePosition] = [:]
    private var indicators: [String: Indicator] = [:]
    private var indicatorOrder: [String] = []
    private var indicatorDefinedAt: [String: SourcePosition] = [:]
    private var parentFields: [(child: String, level: AreaLevel, field: Field)] = []
    var files: [ImportPlan.File] = []
    private var seenKeys: [Observation.Key: SourcePosition] = [:]
    /// Rows naming an indicator or area nobody defined, per code: reported once with their count.
    private var unknownCodes: [UnknownCode: (first: SourcePosition, rows: Int)] = [:]
    private var unknownOrder: [UnknownCode] = []
    /// Where the current file's values, numerators and denominators are, and which of them are discarded.
    private var valueCells: [Observation.Key: [Range<String.Index>]] = [:]
    private var discarded: [Range<String.Index>] = []

    private struct UnknownCode: Hashable {
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
    private mutating func rowsMatchingHeader(_ table: CSVTable, file: String) -> [CSVRow] {
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
    private static func cell(_ row: CSVRow, _ header: [String: Int], _ name: String, file: String) -> Field? {
        guard let i = header[name] else { return nil }
        if i < row.cells.count {
            let c = row.cells[i]
            return Field(text: c.text, position: SourcePosition(file: file, line: c.line, column: c.column), range: c.range)
        }
        let last = row.cells.last
        return Field(text: "", position: SourcePosition(file: file, line: last?.line ?? row.line,
                                                        column: (last?.column ?? 1) + (last?.text.count ?? 0)))
    }

    private static func record(_ row: CSVRow, _ header: [String: Int], file: String) -> [String: Field] {
        var r: [String: Field] = [:]
        for name in header.keys { r[name] = cell(row, header, name, file: file) }
        return r
    }

    private static func record(_ node: Node, aliases: [String: String], file: String) -> [String: Field] {
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

    // MARK: Metadata

    mutating func addMetadata(_ f: LoadedFile) {
        var codesAreas: [String] = [], codesIndicators: [String] = [], rows = 0
        switch f.content {
        case .csv(let table, let header, let convention):
            let required = f.kind == .areas ? ["code", "name", "level"] : ["code", "name", "domain", "unit", "polarity", "granularity", "numerator", "reference_date", "source", "licence"]
            let missing = required.filter { header[$0] == nil }
            for m in missing {
                problem(SourcePosition(file: f.path, line: table.rows.first?.line ?? 1, column: 1),
                        "missing required column \"\(m)\"",
                        "the header of \(f.kind.rawValue) needs \(required.joined(separator: ", "))")
            }
            guard missing.isEmpty else { return }
            rows = table.rows.count - 1
            for row in rowsMatchingHeader(table, file: f.path) {
                let r = Self.record(row, header, file: f.path)
                let start = SourcePosition(file: f.path, line: row.line, column: 1)
                if f.kind == .areas {
                    if let a = buildArea(r, at: start, convention: convention) { codesAreas.append(a) }
                } else if let i = buildIndicator(r, at: start, convention: convention) { codesIndicators.append(i) }
            }
        case .yaml(let root):
            guard root.mapping != nil else {
                problem(YAMLSupport.position(root, file: f.path), "metadata YAML must be a mapping with `areas:` and/or `indicators:`",
                        "see README \"Metadata\" for an example")
                return
            }
            for (key, keyNode, value) in YAMLSupport.entries(root) {
                guard key == "areas" || key == "indicators" else {
                    problem(YAMLSupport.position(keyNode, file: f.path), "unknown key \"\(key)\"", "use `areas:` and `indicators:`")
                    continue
                }
                guard let items = value.sequence else {
                    problem(YAMLSupport.position(value, file: f.path), "`\(key)` must be a list", "write one `- code: …` entry per \(key == "areas" ? "area" : "indicator")")
                    continue
                }
                for item in items {
                    rows += 1
                    let at = YAMLSupport.position(item, file: f.path)
                    if key == "areas" {
                        if let a = buildArea(Self.record(item, aliases: Columns.areaMetadata, file: f.path), at: at, convention: .decimalPoint) { codesAreas.append(a) }
                    } else if let i = buildIndicator(Self.record(item, aliases: Columns.indicatorMetadata, file: f.path), at: at,
                                                     convention: .decimalPoint) {
                        codesIndicators.append(i)
                    }
                }
            }
        }
        files.append(.init(name: f.path, digest: FileDigest(raw: f.sha256), kind: f.kind, encoding: f.encoding, rowsRead: rows,
                           observations: [], areaCodes: codesAreas, indicatorCodes: codesIndicators))
    }

    private mutating func required(_ r: [String: Field], _ name: String, at: SourcePosition, what: String) -> Field? {
        guard let f = r[name], !f.text.trimmingWhitespace().isEmpty else {
            problem(r[name]?.position ?? at, "\(what) has no \(name)", "fill in the \(name)")
            return nil
        }
        guard let text = clean(f, "the \(name.replacingOccurrences(of: "_", with: " "))") else { return nil }
        return Field(text: text, position: f.position)
    }

    /// A required code that must also follow the documented character set (`TextHygiene.codeRule`).
    private mutating func requiredCode(_ r: [String: Field], at: SourcePosition, what: String) -> Field? {
        guard let code = required(r, "code", at: at, what: what) else { return nil }
        guard TextHygiene.isValidCode(code.text) else {
            problem(code.position, "\(what) code \(quoted(code.text)) is not a valid code", "use \(TextHygiene.codeRule)")
            return nil
        }
        return code
    }

    /// Returns the area code when the record is valid.
    private mutating func buildArea(_ r: [String: Field], at: SourcePosition, convention: NumberConvention) -> String? {
        let before = problems.count
        let code = requiredCode(r, at: at, what: "area")
        let name = required(r, "name", at: at, what: "area")
        var level: AreaLevel?
        if let lf = required(r, "level", at: at, what: "area") {
            level = AreaLevel(lenient: lf.text)
            if level == nil { problem(lf.position, "unknown level \(quoted(lf.text))", "use city, district or subdistrict (Stadt, Stadtteil, Stadtbezirk)") }
        }
        // A column the file does not have keeps the stored value; an empty cell clears it.
        let existing = r["code"].flatMap { catalog.areas[$0.text.trimmingWhitespace()] }
        let parent = r["parent"].flatMap { $0.text.trimmingWhitespace().isEmpty ? nil : Field(text: $0.text.trimmingWhitespace(), position: $0.position) }
        let keptParent = r["parent"] == nil ? existing?.parent : nil
        if let level, let parent, level == .city {
            problem(parent.position, "the city cannot have a parent area", "leave parent empty for the city")
        }
        if level == .subdistrict && parent == nil && keptParent == nil {
            problem(r["parent"]?.position ?? at, "subdistrict has no parent", "give the code of its district as parent")
        }
        var population = r["population"] == nil ? existing?.population : nil
        if let pf = r["population"], !pf.text.trimmingWhitespace().isEmpty {
            if let v = convention.parse(pf.text), v >= 0, v == v.rounded(), v < 1e12 { population = Int(v) } else {
                problem(pf.position, "population \(quoted(pf.text)) is not a whole number of residents", "write a count like 13358 or 13.358")
            }
        }
        var populationDate = r["population_date"] == nil ? existing?.populationDate : nil
        if let df = r["population_date"], !df.text.trimmingWhitespace().isEmpty {
            populationDate = CalendarDay(df.text)
            if populationDate == nil { problem(df.position, "population date \(quoted(df.text)) is not a date", "write 31.12.2024 or 2024-12-31") }
        }
        // Duplicates are reported even when the first definition had problems of its own.
        if let code {
            if let first = areaDefinedAt[code.text] {
                problem(code.position, "area \(code.text) is defined twice (first at \(Self.describe(first, from: code.position)))", "keep one definition per area")
                return nil
            }
            areaDefinedAt[code.text] = code.position
        }
        guard problems.count == before, let code, let name, let level else { return nil }
        if let parent { parentFields.append((code.text, level, parent)) }
        let geometry = catalog.areas[code.text]?.geometry
        areas[code.text] = Area(code: code.text, name: name.text, level: level, parent: parent?.text ?? keptParent,
                                population: population, populationDate: populationDate, geometry: geometry)
        areaOrder.append(code.text)
        return code.text
    }

    /// Parent areas must exist (in the store or this import) and sit one level up.
    mutating func checkParents() {
        for (child, level, field) in parentFields {
            guard let parent = knownArea(field.text) else {
                problem(field.position, "unknown parent area \(quoted(field.text))", "define the parent area first or correct the code")
                continue
            }
            let expected: AreaLevel = level == .subdistrict ? .district : .city
            if parent.level != expected {
                problem(field.position, "parent \(parent.code) of \(child) is a \(parent.level.rawValue), not a \(expected.rawValue)",
                        "a district's parent is the city, a subdistrict's parent is a district")
            }
        }
    }

    private static func describe(_ p: SourcePosition, from: SourcePosition) -> String {
        p.file == from.file ? "line \(p.line)" : "\(p.file):\(p.line)"
    }

    /// A field's text as the store keeps it; nil when absent, blank or refused (with a problem).
    private mutating func optionalText(_ f: Field?, _ name: String) -> String? {
        guard let f, !f.text.trimmingWhitespace().isEmpty else { return nil }
        return clean(f, "the \(name.replacingOccurrences(of: "_", with: " "))")
    }

    private mutating func buildIndicator(_ r: [String: Field], at: SourcePosition, convention: NumberConvention) -> String? {
        let before = problems.count
        let code = requiredCode(r, at: at, what: "indicator")
        let name = required(r, "name", at: at, what: "indicator")
        var domain: Domain?, unit: Unit?, polarity: Polarity?, granularity: Granularity?
        if let f = required(r, "domain", at: at, what: "indicator") {
            domain = Domain(rawValue: f.text.lowercased()) ?? Domain.allCases.first { $0.germanName.lowercased() == f.text.lowercased() }
            if domain == nil { problem(f.position, "unknown domain \(quoted(f.text))", "use one of \(Domain.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let f = required(r, "unit", at: at, what: "indicator") {
            unit = Unit(lenient: f.text)
            if unit == nil { problem(f.position, "unknown unit \(quoted(f.text))", "use one of \(Unit.allCases.map(\.rawValue).joined(separator: ", "))") }
        }
        if let f = required(r, "polarity", at: at, what: "indicator") {
            switch f.text.lowercased().replacingOccurrences(of: " ", with: "_") {
            case "higher_is_better", "better", "höher_ist_besser": polarity = .higherIsBetter
            case "higher_is_worse", "worse", "höher_ist_schlechter": polarity = .higherIsWorse
            case "neutral": polarity = .neutral
            default: problem(f.position, "unknown polarity \(quoted(f.text))", "use higher_is_better, higher_is_worse or neutral")
            }
        }
        if let f = required(r, "granularity", at: at, what: "indicator") {
            switch f.text.lowercased() {
            case "month", "monthly", "monat", "monatlich": granularity = .month
            case "quarter", "quarterly", "quartal", "vierteljährlich", "quartalsweise": granularity = .quarter
            case "year", "yearly", "annual", "jahr", "jährlich": granularity = .year
            default: problem(f.position, "unknown granularity \(quoted(f.text))", "use month, quarter or year")
            }
            if let granularity, let code, let old = catalog.indicators[code.text], old.granularity != granularity,
               (catalog.observationCounts[code.text] ?? 0) > 0 {
                problem(f.position, "indicator \(code.text) is \(old.granularity.adjective) in the store and has observations",
                        "keep granularity \(old.granularity.rawValue) or create a new indicator code")
            }
        }
        let numerator = required(r, "numerator", at: at, what: "indicator")
        let referenceDate = required(r, "reference_date", at: at, what: "indicator")
        let source = required(r, "source", at: at, what: "indicator")
        let licence = required(r, "licence", at: at, what: "indicator")
        let existing = r["code"].flatMap { catalog.indicators[$0.text.trimmingWhitespace()] }
        var decimals = existing?.decimals ?? 1
        if let f = r["decimals"], !f.text.trimmingWhitespace().isEmpty {
            if let d = Int(digits: f.text.trimmingWhitespace()), (0...6).contains(d) { decimals = d } else {
                problem(f.position, "decimals \(quoted(f.text)) is not a whole number from 0 to 6", "write e.g. 1")
            }
        }
        var synthetic = existing?.synthetic ?? false
        if let f = r["synthetic"], !f.text.trimmingWhitespace().isEmpty {
            switch f.text.lowercased().trimmingWhitespace() {
            case "true", "yes", "ja", "1", "wahr": synthetic = true
            case "false", "no", "nein", "0", "falsch": synthetic = false
            default: problem(f.position, "synthetic \(quoted(f.text)) is not true or false", "write true or false")
            }
        }
        if let code {
            if let first = indicatorDefinedAt[code.text] {
                problem(code.position, "indicator \(code.text) is defined twice (first at \(Self.describe(first, from: code.position)))", "keep one definition per indicator")
                return nil
            }
            indicatorDefinedAt[code.text] = code.position
        }
        // Optional texts, checked like the required ones. A file without the column keeps the stored
        // value; an empty cell removes it (German short label and denominator: falls back as before).
        func optional(_ name: String, keep: String?) -> String? {
            r[name] != nil ? optionalText(r[name], name) : keep
        }
        let shortLabel = optionalText(r["short_label"], "short_label")
        let denominator = r["denominator"] != nil ? optionalText(r["denominator"], "denominator") ?? "" : existing?.definition.denominator ?? ""
        let nameEN = optional("name_en", keep: existing?.nameEN)
        let shortLabelEN = optional("short_label_en", keep: existing?.shortLabelEN)
        let numeratorEN = optional("numerator_en", keep: existing?.definitionEN.numerator) ?? ""
        let denominatorEN = optional("denominator_en", keep: existing?.definitionEN.denominator) ?? ""
        let referenceDateEN = optional("reference_date_en", keep: existing?.definitionEN.referenceDate) ?? ""
        let comparison = buildComparison(r, existing: existing?.comparison, at: at, convention: convention)
        guard problems.count == before, let code, let name, let domain, let unit, let polarity, let granularity,
              let numerator, let referenceDate, let source, let licence else { return nil }
        indicators[code.text] = Indicator(
            code: code.text, name: name.text, shortLabel: shortLabel ?? existing?.shortLabel ?? name.text, domain: domain,
            unit: unit, decimals: decimals, polarity: polarity, granularity: granularity,
            definition: IndicatorDefinition(numerator: numerator.text, denominator: denominator, referenceDate: referenceDate.text),
            source: source.text, licence: licence.text, synthetic: synthetic,
            nameEN: nameEN, shortLabelEN: shortLabelEN,
            definitionEN: IndicatorDefinition(numerator: numeratorEN, denominator: denominatorEN, referenceDate: referenceDateEN),
            sourceEN: optional("source_en", keep: existing?.sourceEN),
            licenceEN: optional("licence_en", keep: existing?.licenceEN),
            comparison: comparison)
        indicatorOrder.append(code.text)
        return code.text
    }

    /// The indicator's own comparison rule: `comparison` (points, relative, share, none) with
    /// `comparison_about` and `comparison_clear`. Without the columns the stored rule stays; an empty
    /// `comparison` cell returns the indicator to its unit's default.
    private mutating func buildComparison(_ r: [String: Field], existing: ComparisonSetting?, at: SourcePosition,
                                          convention: NumberConvention) -> ComparisonSetting? {
        guard let measureField = r["comparison"] else {
            if let stray = r["comparison_about"] ?? r["comparison_clear"], !stray.text.trimmingWhitespace().isEmpty {
                problem(stray.position, "comparison thresholds without a comparison measure",
                        "add a comparison column (points, relative, share or none) or leave the thresholds empty")
            }
            return existing
        }
        let text = measureField.text.trimmingWhitespace().lowercased()
        if text.isEmpty { return nil }
        guard let measure = ComparisonSetting.Measure(rawValue: text) else {
            problem(measureField.position, "unknown comparison measure \"\(measureField.text)\"",
                    "use points, relative, share or none")
            return nil
        }
        if measure == .none { return ComparisonSetting(measure: .none, about: 0, clear: 0) }
        func threshold(_ name: String) -> Double? {
            guard let f = r[name], !f.text.trimmingWhitespace().isEmpty else {
                problem(r[name]?.position ?? measureField.position, "comparison \(measure.rawValue) needs \(name)",
                        "give the threshold (e.g. comparison_about 1 and comparison_clear 5 for percentage points)")
                return nil
            }
            guard let v = convention.parse(f.text), v >= 0, v.isFinite else {
                problem(f.position, "\(name) \"\(f.text.prefix(40))\" is not a number of at least 0", "write e.g. 0.5")
                return nil
            }
            return v
        }
        guard let about = threshold("comparison_about"), let clear = threshold("comparison_clear") else { return nil }
        guard about <= clear else {
            problem(r["comparison_clear"]?.position ?? measureField.position,
                    "comparison_clear (\(clear)) is smaller than comparison_about (\(about))",
                    "„deutlich“ must start at or above the end of „etwa gleich“")
            return nil
        }
        return ComparisonSetting(measure: measure, about: about, clear: clear)
    }

    // MARK: Observations

    mutating func addObservations(_ f: LoadedFile) {
        guard case .csv(let table, let header, let convention) = f.content, let headerRow = table.rows.first else { return }
        let headerPos = SourcePosition(file: f.path, line: headerRow.line, column: 1)
        var observations: [Observation] = []
        let rows = table.rows.count - 1
        valueCells = [:]
        discarded = []
        if f.kind == .long {
            let missing = Columns.longRequired.filter { header[$0] == nil }
            for m in missing {
                problem(headerPos, "missing required column \"\(m)\" (German: \(Columns.germanName[m] ?? m))",
                        "the header needs indicator, area, period and value (or indikator, gebiet, zeitraum, wert)")
            }
            guard missing.isEmpty else { return }
            for row in rowsMatchingHeader(table, file: f.path) {
                let c = { (name: String) in Self.cell(row, header, name, file: f.path) }
                guard let ind = c("indicator"), let area = c("area"), let period = c("period"), let value = c("value") else { continue }
                if let o = observation(indicator: ind, area: area, period: period, value: value, numerator: c("numerator"),
                                       denominator: c("denominator"), status: c("status"), note: c("note"),
                                       convention: convention, factor: 1) {
                    observations.append(o)
                }
            }
        } else if let mapping {
            var usable: [(column: Int, spec: WideMapping.Column, indicator: Indicator, period: Period?)] = []
            for spec in mapping.columns {
                guard let column = header[Columns.normalize(spec.header.text)] else {
                    problem(headerPos, "missing column \(quoted(spec.header.text)) named in the mapping (\(spec.header.position.file):\(spec.header.position.line))",
                            "correct the column name in the mapping or the file's header")
                    continue
                }
                guard let ind = knownIndicator(spec.indicator.text) else {
                    problem(spec.indicator.position, "unknown indicator \(quoted(spec.indicator.text))",
                            "import its definition first (indicator metadata CSV or YAML) or correct the code")
                    continue
                }
                if let u = spec.unit, Unit(lenient: u.text) != ind.unit {
                    problem(u.position, "unit \(quoted(u.text)) does not match indicator \(ind.code), which is measured in \(ind.unit.rawValue)",
                            "convert the column (factor:) or map it to an indicator with that unit")
                    continue
                }
                var fixed: Period?
                if let pf = mapping.period {
                    guard let p = periodFor(pf, indicator: ind) else { continue }
                    fixed = p
                }
                usable.append((column, spec, ind, fixed))
            }
            if header[Columns.normalize(mapping.areaCodeColumn.text)] == nil {
                problem(headerPos, "missing column \(quoted(mapping.areaCodeColumn.text)) named as area_code_column in the mapping",
                        "correct area_code_column in the mapping")
                return
            }
            if let pc = mapping.periodColumn, header[Columns.normalize(pc.text)] == nil {
                problem(headerPos, "missing column \(quoted(pc.text)) named as period_column in the mapping", "correct period_column in the mapping")
                return
            }
            for row in rowsMatchingHeader(table, file: f.path) {
                guard let area = Self.cell(row, header, Columns.normalize(mapping.areaCodeColumn.text), file: f.path) else { continue }
                let periodCell = mapping.periodColumn.flatMap { Self.cell(row, header, Columns.normalize($0.text), file: f.path) }
                for u in usable {
                    guard let value = Self.cell(row, header, Columns.normalize(u.spec.header.text), file: f.path),
                          !value.text.trimmingWhitespace().isEmpty else { continue }  // empty cell: no data, nothing written
                    let period = periodCell ?? Field(text: u.period?.description ?? "", position: mapping.period?.position ?? value.position)
                    if let o = observation(indicator: Field(text: u.indicator.code, position: u.spec.indicator.position), area: area,
                                           period: period, value: value, numerator: nil, denominator: nil, status: nil, note: nil,
                                           convention: convention, factor: u.spec.factor) {
                        observations.append(o)
                    }
                }
            }
        }
        reportUnknownCodes(file: f.path)
        files.append(.init(name: f.path, digest: FileDigest(raw: f.sha256, text: f.text, valueCells: valueCells, discarded: discarded),
                           kind: f.kind, encoding: f.encoding, rowsRead: rows,
                           observations: observations, areaCodes: [], indicatorCodes: []))
    }

    /// One problem per unknown code of the file, at its first row, with the number of rows naming it:
    /// values imported before their definition should say so once, not fifty times.
    private mutating func reportUnknownCodes(file: String) {
        for key in unknownOrder where key.file == file {
            guard let (first, rows) = unknownCodes[key] else { continue }
            let count = rows == 1 ? "" : " (in \(rows) rows; this is the first)"
            if key.isIndicator {
                problem(first, "unknown indicator \(quoted(key.code))\(count)",
                        "import its definition first (indicator metadata CSV or YAML) or correct the code")
            } else if Int(digits: key.code) != nil, knownArea("0" + key.code) != nil {
                // Spreadsheets turn 01 into 1 unless the column is formatted as text.
                problem(first, "unknown area \(quoted(key.code)) (did you mean \"0\(key.code)\"?)\(count)",
                        "format the area column as text so leading zeros survive the export")
            } else {
                problem(first, "unknown area \(quoted(key.code))\(count)",
                        "import it first (area metadata CSV or YAML) or correct the code (codes keep leading zeros, e.g. 01)")
            }
        }
        unknownOrder.removeAll { $0.file == file }
    }

    private mutating func unknown(_ field: Field, isIndicator: Bool) {
        let key = UnknownCode(isIndicator: isIndicator, code: field.text, file: field.position.file)
        if let seen = unknownCodes[key] {
            unknownCodes[key] = (seen.first, seen.rows + 1)
        } else {
            unknownCodes[key] = (field.position, 1)
            unknownOrder.append(key)
        }
    }

    private mutating func periodFor(_ f: Field, indicator: Indicator) -> Period? {
        guard let p = Period.parse(f.text, granularity: indicator.granularity) else {
            problem(f.position, "period \(quoted(f.text)) is not a period", "write 2024-10 (month), 2024-Q3 (quarter), 2024 (year) or 31.12.2024 (reference date)")
            return nil
        }
        guard p.granularity == indicator.granularity else {
            let example: String
            switch indicator.granularity {
            case .month: example = "a month like 2024-10 or a reference date like 31.10.2024"
            case .quarter: example = "a quarter like 2024-Q3 or a reference date like 30.09.2024"
            case .year: example = "a year like 2024 or a reference date like 31.12.2024"
            }
            problem(f.position, "period \(quoted(f.text)) is a \(p.granularity.rawValue) but indicator \(indicator.code) is \(indicator.granularity.adjective)",
                    "write \(example)")
            return nil
        }
        return p
    }

    private func parseNumber(_ text: String, _ convention: NumberConvention) -> Double? { convention.parse(text) }

    private mutating func observation(indicator: Field, area: Field, period: Field, value: Field, numerator: Field?,
                                      denominator: Field?, status: Field?, note: Field?, convention: NumberConvention,
                                      factor: Double) -> Observation? {
        let before = problems.count
        let ind = knownIndicator(indicator.text)
        if ind == nil { unknown(indicator, isIndicator: true) }
        let areaKnown = knownArea(area.text) != nil
        if !areaKnown { unknown(area, isIndicator: false) }
        var p: Period?
        if let ind {
            p = periodFor(period, indicator: ind)
        } else if Period(period.text) == nil && CalendarDay(period.text) == nil {
            problem(period.position, "period \(quoted(period.text)) is not a period", "write 2024-10 (month), 2024-Q3 (quarter), 2024 (year) or 31.12.2024 (reference date)")
        }
        var st = ObservationStatus.final
        var explicitStatus = false
        if let status, !status.text.trimmingWhitespace().isEmpty {
            if let s = ObservationStatus(lenient: status.text) { st = s; explicitStatus = true } else {
                problem(status.position, "unknown status \(quoted(status.text))",
                        "use final, provisional, suppressed or missing (or endgültig, vorläufig, gesperrt, fehlend)")
            }
        }
        var v: Double?
        let raw = value.text.trimmingWhitespace()
        var symbol = false
        if st.hasValue {
            if raw.isEmpty {
                problem(value.position, "value is empty", "write a number, or set status to missing or suppressed")
            } else if !explicitStatus && (raw.lowercased() == "x" || raw == ".") {
                // German statistical symbols: x = secret (suppressed), . = unknown (missing).
                st = raw == "." ? .missing : .suppressed
                symbol = true
            } else if let n = parseNumber(raw, convention) {
                let scaled = n * factor
                v = scaled
                if let ind { checkRange(scaled, raw: raw, unit: ind.unit, at: value.position) }
            } else {
                problem(value.position, "value \(quoted(raw)) is not a number",
                        "write it like \(convention.example) (this file uses \(convention.rawValue)), or leave it empty and set status to missing")
            }
        }
        // Suppressed and missing cells never keep a value, even if the file carries one; the cells are
        // remembered so the file's recorded SHA-256 is taken without them (see `FileDigest`).
        var num: Double?, den: Double?
        if st.hasValue {
            if let f = numerator, !f.text.trimmingWhitespace().isEmpty {
                if let n = parseNumber(f.text, convention) {
                    if n < 0 { problem(f.position, "negative numerator \(quoted(f.text))", "numerators are counts and cannot be negative") } else { num = n }
                } else {
                    problem(f.position, "numerator \(quoted(f.text)) is not a number", "write it like \(convention.example) (this file uses \(convention.rawValue))")
                }
            }
            if let f = denominator, !f.text.trimmingWhitespace().isEmpty {
                if let n = parseNumber(f.text, convention) {
                    if n <= 0 { problem(f.position, "denominator \(quoted(f.text)) is not positive", "a denominator is a population and must be greater than 0") } else { den = n }
                } else {
                    problem(f.position, "denominator \(quoted(f.text)) is not a number", "write it like \(convention.example) (this file uses \(convention.rawValue))")
                }
            }
        } else {
            for f in [symbol ? nil : value, numerator, denominator].compactMap({ $0 }) where !f.text.trimmingWhitespace().isEmpty {
                if let r = f.range { discarded.append(r) }
            }
        }
        let noteText = note.flatMap { n in n.text.trimmingWhitespace().isEmpty ? nil : clean(n, "the note", multiline: true) }
        guard let ind, let p, areaKnown else { return nil }
        let key = Observation.Key(indicator: ind.code, area: area.text, period: p)
        let rowStart = SourcePosition(file: value.position.file, line: value.position.line, column: 1)
        if let first = seenKeys[key] {
            problem(rowStart, "duplicate row for indicator \(ind.code), area \(area.text), period \(p) (first at \(Self.describe(first, from: rowStart)))",
                    "keep one row per indicator, area and period")
            return nil
        }
        seenKeys[key] = rowStart
        guard problems.count == before else { return nil }
        if st.hasValue {
            valueCells[key] = [value, numerator, denominator].compactMap { $0?.range }
        }
        return Observation(indicator: ind.code, area: area.text, period: p, value: v, numerator: num, denominator: den,
                           status: st, note: noteText)
    }

    private mutating func checkRange(_ v: Double, raw: String, unit: Unit, at: SourcePosition) {
        switch unit {
        case .percent where v < 0 || v > 100:
            problem(at, "percentage \(quoted(raw)) is outside 0–100", "check the value; shares are written in percent (9,3 rather than 0,093)")
        case .count where v < 0:
            problem(at, "negative count \(quoted(raw))", "counts cannot be negative; check the value")
        case .perThousand where v < 0:
            problem(at, "negative rate per 1,000 \(quoted(raw))", "rates cannot be negative; check the value")
        default:
            break
        }
    }
}
