import Foundation

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
