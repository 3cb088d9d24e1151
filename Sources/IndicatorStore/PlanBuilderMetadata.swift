import Foundation
import Yams

// Area and indicator records of an import (CSV or YAML metadata), checked field by field.

extension PlanBuilder {
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

    mutating func required(_ r: [String: Field], _ name: String, at: SourcePosition, what: String) -> Field? {
        guard let f = r[name], !f.text.trimmingWhitespace().isEmpty else {
            problem(r[name]?.position ?? at, "\(what) has no \(name)", "fill in the \(name)")
            return nil
        }
        guard let text = clean(f, "the \(name.replacingOccurrences(of: "_", with: " "))") else { return nil }
        return Field(text: text, position: f.position)
    }

    /// A required code that must also follow the documented character set (`TextHygiene.codeRule`).
    mutating func requiredCode(_ r: [String: Field], at: SourcePosition, what: String) -> Field? {
        guard let code = required(r, "code", at: at, what: what) else { return nil }
        guard TextHygiene.isValidCode(code.text) else {
            problem(code.position, "\(what) code \(quoted(code.text)) is not a valid code", "use \(TextHygiene.codeRule)")
            return nil
        }
        return code
    }

    /// Returns the area code when the record is valid.
    mutating func buildArea(_ r: [String: Field], at: SourcePosition, convention: NumberConvention) -> String? {
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

    static func describe(_ p: SourcePosition, from: SourcePosition) -> String {
        p.file == from.file ? "line \(p.line)" : "\(p.file):\(p.line)"
    }

    /// A field's text as the store keeps it; nil when absent, blank or refused (with a problem).
    mutating func optionalText(_ f: Field?, _ name: String) -> String? {
        guard let f, !f.text.trimmingWhitespace().isEmpty else { return nil }
        return clean(f, "the \(name.replacingOccurrences(of: "_", with: " "))")
    }

    mutating func buildIndicator(_ r: [String: Field], at: SourcePosition, convention: NumberConvention) -> String? {
        let before = problems.count
        let code = requiredCode(r, at: at, what: "indicator")
        let name = required(r, "name", at: at, what: "indicator")
        let (domain, unit, polarity, granularity) = classification(r, code: code, at: at)
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

    /// Domain, unit, polarity and granularity, each read leniently (English or German words); a
    /// granularity may not change for an indicator that has observations in the store.
    mutating func classification(_ r: [String: Field], code: Field?, at: SourcePosition)
        -> (domain: Domain?, unit: Unit?, polarity: Polarity?, granularity: Granularity?) {
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
        return (domain, unit, polarity, granularity)
    }

    /// The indicator's own comparison rule: `comparison` (points, relative, share, none) with
    /// `comparison_about` and `comparison_clear`. Without the columns the stored rule stays; an empty
    /// `comparison` cell returns the indicator to its unit's default.
    mutating func buildComparison(_ r: [String: Field], existing: ComparisonSetting?, at: SourcePosition,
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
}
