import Foundation

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
