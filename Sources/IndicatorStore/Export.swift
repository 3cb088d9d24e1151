import Foundation

/// Writes observations in the long format that `import` reads back — CSV with `,` and decimal point,
/// UTF-8 without BOM (`Locale.en`), or for German spreadsheets with `;`, decimal comma, German column
/// names and statuses, UTF-8 with BOM (`Locale.de`) — or as JSON. Suppressed cells are written with an
/// empty value and status `suppressed`: their value is not in the store, so it cannot leak.
public enum ObservationExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    /// The CSV conventions: `en` for programs (the default), `de` for German spreadsheets (Excel,
    /// LibreOffice in German open it in columns, with umlauts and decimal commas right).
    public enum Locale: String, Sendable, CaseIterable {
        case en, de
    }

    public static let header = ["indicator", "area", "period", "value", "numerator", "denominator", "status", "note"]
    public static let germanHeader = ["indikator", "gebiet", "zeitraum", "wert", "zähler", "nenner", "status", "hinweis"]

    public static func render(_ observations: [Observation], format: Format, locale: Locale = .en) -> String {
        switch format {
        case .csv: return csv(observations, locale: locale)
        case .json: return json(observations)
        }
    }

    public static func csv(_ observations: [Observation], locale: Locale = .en) -> String {
        let german = locale == .de
        let separator: Character = german ? ";" : ","
        func num(_ v: Double?) -> String { german ? number(v).replacingOccurrences(of: ".", with: ",") : number(v) }
        var out = (german ? "\u{FEFF}" : "") + (german ? germanHeader : header).joined(separator: String(separator)) + "\n"
        for o in observations {
            let status = german ? germanStatus(o.status) : o.status.rawValue
            let fields = [o.indicator, o.area, o.period.description, num(o.value), num(o.numerator),
                          num(o.denominator), status, o.note ?? ""]
            out += fields.map { csvField($0, separator: separator) }.joined(separator: String(separator)) + "\n"
        }
        return out
    }

    /// The German status words the importer reads back.
    static func germanStatus(_ status: ObservationStatus) -> String {
        switch status {
        case .final: "endgültig"
        case .provisional: "vorläufig"
        case .suppressed: "gesperrt"
        case .missing: "fehlend"
        }
    }

    public static func json(_ observations: [Observation]) -> String {
        func num(_ v: Double?) -> String { v.map { number($0) } ?? "null" }
        let rows = observations.map { o in
            "  {\"indicator\": \(YAMLSupport.quote(o.indicator)), \"area\": \(YAMLSupport.quote(o.area)), "
                + "\"period\": \(YAMLSupport.quote(o.period.description)), \"value\": \(num(o.value)), "
                + "\"numerator\": \(num(o.numerator)), \"denominator\": \(num(o.denominator)), "
                + "\"status\": \(YAMLSupport.quote(o.status.rawValue)), \"note\": \(o.note.map(YAMLSupport.quote) ?? "null")}"
        }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    /// Shortest text that reads back as the same Double, never with an exponent
    /// (the importer, like real exports, does not accept `1e-05`).
    public static func number(_ v: Double?) -> String {
        guard let v else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let shortest = "\(v)"
        if !shortest.contains("e") { return shortest }
        for digits in 1...40 {
            let s = String(format: "%.\(digits)f", v)
            if Double(s) == v { return s }
        }
        return String(format: "%.40f", v)
    }

    static func csvField(_ s: String, separator: Character = ",") -> String {
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0.isNewline }) || s != s.trimmingWhitespace() else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// What `inspect` prints.
public enum Inspection {
    public static func text(_ store: IndicatorStore) throws -> String {
        let areas = try store.areas()
        let summaries = try store.indicatorSummaries()
        var out = "Store: \(store.path)\n\nAreas (\(areas.count)):\n"
        var areaRows = [["CODE", "NAME", "LEVEL", "PARENT", "POPULATION"]]
        for a in areas {
            var population = "–"
            if let p = a.population { population = "\(p)" + (a.populationDate.map { " (\($0))" } ?? "") }
            areaRows.append([a.code, a.name, a.level.rawValue, a.parent ?? "–", population])
        }
        out += table(areaRows)
        out += "\nIndicators (\(summaries.count)):\n"
        out += table([["CODE", "NAME", "DOMAIN", "UNIT", "POLARITY", "GRANULARITY", "FIRST", "LAST", "OBSERVATIONS"]] + summaries.map { s in
            let i = s.indicator
            return [i.code, i.name + (i.synthetic ? " (synthetic)" : ""), i.domain.rawValue, i.unit.rawValue, i.polarity.rawValue,
                    i.granularity.rawValue, s.firstPeriod?.description ?? "–", s.lastPeriod?.description ?? "–", "\(s.observationCount)"]
        })
        return out
    }

    public static func json(_ store: IndicatorStore) throws -> String {
        struct Out: Encodable {
            struct A: Encodable { var code: String, name: String, level: String, parent: String?, population: Int?, population_date: String?, has_geometry: Bool }
            struct I: Encodable {
                var code: String, name: String, short_label: String, name_en: String?, short_label_en: String?
                var domain: String, unit: String, decimals: Int
                var polarity: String, granularity: String, numerator: String, denominator: String, reference_date: String
                var numerator_en: String?, denominator_en: String?, reference_date_en: String?
                var source: String, licence: String, synthetic: Bool
                var source_en: String?, licence_en: String?
                var comparison: String?, comparison_about: Double?, comparison_clear: Double?
                var first_period: String?, last_period: String?, observations: Int
            }
            var store: String
            var areas: [A]
            var indicators: [I]
        }
        let out = Out(
            store: store.path,
            areas: try store.areas().map { .init(code: $0.code, name: $0.name, level: $0.level.rawValue, parent: $0.parent,
                                                 population: $0.population, population_date: $0.populationDate?.description,
                                                 has_geometry: $0.geometry != nil) },
            indicators: try store.indicatorSummaries().map { s in
                let i = s.indicator
                return .init(code: i.code, name: i.name, short_label: i.shortLabel, name_en: i.nameEN, short_label_en: i.shortLabelEN,
                             domain: i.domain.rawValue, unit: i.unit.rawValue,
                             decimals: i.decimals, polarity: i.polarity.rawValue, granularity: i.granularity.rawValue,
                             numerator: i.definition.numerator, denominator: i.definition.denominator,
                             reference_date: i.definition.referenceDate,
                             numerator_en: i.definitionEN.numerator.isEmpty ? nil : i.definitionEN.numerator,
                             denominator_en: i.definitionEN.denominator.isEmpty ? nil : i.definitionEN.denominator,
                             reference_date_en: i.definitionEN.referenceDate.isEmpty ? nil : i.definitionEN.referenceDate,
                             source: i.source, licence: i.licence,
                             synthetic: i.synthetic, source_en: i.sourceEN, licence_en: i.licenceEN,
                             comparison: i.comparison?.measure.rawValue,
                             comparison_about: i.comparison.flatMap { $0.measure == .none ? nil : $0.about },
                             comparison_clear: i.comparison.flatMap { $0.measure == .none ? nil : $0.clear },
                             first_period: s.firstPeriod?.description,
                             last_period: s.lastPeriod?.description, observations: s.observationCount)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(out)
        return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
    }

    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            r.enumerated().map { i, c in i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// Writes areas and indicators as metadata YAML that `import` reads back (geometries excluded:
/// they travel as GeoJSON). Every string is double-quoted so codes like `01` stay text in any YAML reader.
public enum MetadataExport {
    public static func yaml(areas: [Area], indicators: [Indicator]) -> String {
        func q(_ s: String) -> String { YAMLSupport.quote(s) }
        var out = "# CivicBrief metadata: areas and indicators\nareas:\n"
        for a in areas {
            out += "  - code: \(q(a.code))\n    name: \(q(a.name))\n    level: \(a.level.rawValue)\n"
            if let p = a.parent { out += "    parent: \(q(p))\n" }
            if let p = a.population { out += "    population: \(p)\n" }
            if let d = a.populationDate { out += "    population_date: \(q(d.description))\n" }
        }
        out += "indicators:\n"
        for i in indicators {
            let english = (i.nameEN.map { "    name_en: \(q($0))\n" } ?? "") + (i.shortLabelEN.map { "    short_label_en: \(q($0))\n" } ?? "")
            let en = i.definitionEN
            let definitionEN = [("numerator_en", en.numerator), ("denominator_en", en.denominator), ("reference_date_en", en.referenceDate)]
                .filter { !$0.1.isEmpty }.map { "      \($0.0): \(q($0.1))\n" }.joined()
            let sourceEN = (i.sourceEN.map { "    source_en: \(q($0))\n" } ?? "") + (i.licenceEN.map { "    licence_en: \(q($0))\n" } ?? "")
            let comparison = i.comparison.map { c in
                c.measure == .none ? "    comparison: {measure: none}\n"
                    : "    comparison: {measure: \(c.measure.rawValue), about: \(c.about), clear: \(c.clear)}\n"
            } ?? ""
            out += """
                  - code: \(q(i.code))
                    name: \(q(i.name))
                    short_label: \(q(i.shortLabel))
                \(english)    domain: \(i.domain.rawValue)
                    unit: \(i.unit.rawValue)
                    decimals: \(i.decimals)
                    polarity: \(i.polarity.rawValue)
                    granularity: \(i.granularity.rawValue)
                    definition:
                      numerator: \(q(i.definition.numerator))
                      denominator: \(q(i.definition.denominator))
                      reference_date: \(q(i.definition.referenceDate))
                \(definitionEN)    source: \(q(i.source))
                    licence: \(q(i.licence))
                \(sourceEN)    synthetic: \(i.synthetic)
                \(comparison)
                """
        }
        return out
    }
}
