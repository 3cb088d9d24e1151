#if canImport(Glibc)
import Glibc
#endif
import IndicatorStore

// The demo city's areas: Lübeck's 10 Stadtteile with their published populations, and 35 Stadtbezirke.

extension DemoData {
    // MARK: - Districts

    struct District {
        var code: String, name: String
        /// Residents in the published snapshot (DOMAIN.md); scaled so the city has 223,156 at 31.12.2024.
        var snapshot: Int
        /// Social disadvantage score: 0 is the city average; poverty-related rates scale with exp(s · score).
        var deprivation: Double
        /// Relative share of old residents and of foreign nationals.
        var old: Double, foreign: Double
        /// Population growth per year.
        var growth: Double
    }

    static let districts: [District] = [
        District(code: "01", name: "Innenstadt", snapshot: 13_358, deprivation: 0.35, old: 0.85, foreign: 1.45, growth: 0.004),
        District(code: "02", name: "St. Jürgen", snapshot: 39_145, deprivation: -0.85, old: 1.25, foreign: 0.62, growth: 0.006),
        District(code: "03", name: "Moisling", snapshot: 12_401, deprivation: 1.6, old: 0.8, foreign: 1.75, growth: 0.002),
        District(code: "04", name: "Buntekuh", snapshot: 11_590, deprivation: 1.45, old: 0.9, foreign: 1.7, growth: 0.005),
        District(code: "05", name: "St. Lorenz Süd", snapshot: 15_644, deprivation: 0.45, old: 0.85, foreign: 1.35, growth: 0.003),
        District(code: "06", name: "St. Lorenz Nord", snapshot: 42_039, deprivation: 0.7, old: 0.95, foreign: 1.25, growth: 0.004),
        District(code: "07", name: "St. Gertrud", snapshot: 42_212, deprivation: -0.45, old: 1.1, foreign: 0.75, growth: 0.005),
        District(code: "08", name: "Schlutup", snapshot: 5_886, deprivation: 0.35, old: 1.0, foreign: 0.9, growth: -0.002),
        District(code: "09", name: "Kücknitz", snapshot: 19_551, deprivation: 0.95, old: 1.0, foreign: 0.95, growth: 0.0),
        District(code: "10", name: "Travemünde", snapshot: 13_504, deprivation: -0.75, old: 1.6, foreign: 0.55, growth: 0.003),
    ]

    static let cityPopulation2024 = 223_156

    struct Subdistrict {
        var code: String, name: String, district: String
        /// Share of the district's residents (relative weight) and offset to its disadvantage score.
        var weight: Double, deprivation: Double
    }

    /// The 35 Stadtbezirke, grouped as DOMAIN.md lists them. Their official codes were not found:
    /// the codes (district code + two digits) and the grouping are plausible demo structure only.
    static let subdistricts: [Subdistrict] = {
        let groups: [(String, [(String, Double, Double)])] = [
            ("01", [("Innenstadt", 1, 0)]),
            ("02", [("Hüxtertor/Mühlentor/Gärtnergasse", 14, 0.1), ("Strecknitz", 9, 0.3), ("Blankensee", 1.5, -0.5),
                    ("Wulfsdorf", 0.7, -0.4), ("Beidendorf", 0.5, -0.4), ("Krummesse", 0.6, -0.3), ("Kronsforde", 0.8, -0.3),
                    ("Niederbüssau", 0.6, -0.2), ("Vorrade", 0.3, -0.4), ("Schiereichenkoppel", 0.5, -0.3), ("Oberbüssau", 0.4, -0.3)]),
            ("03", [("Niendorf/Moorgarten", 2, -0.4), ("Reecke", 1.5, -0.2), ("Alt-Moisling/Genin", 8, 0.3)]),
            ("04", [("Buntekuh", 1, 0)]),
            ("05", [("St. Lorenz Süd", 1, 0)]),
            ("06", [("Holstentor-Nord", 3, 0.2), ("Falkenfeld/Vorwerk", 4, 0.3), ("Groß Steinrade/Schönböcken", 2, -0.3), ("Dornbreite", 3, 0.2)]),
            ("07", [("Burgtor/Stadtpark", 3, -0.1), ("Marli/Brandenbaum", 5, 0.2), ("Eichholz", 2, 0.3), ("Karlshof/Israelsdorf/Gothmund", 2, -0.5)]),
            ("08", [("Schlutup", 1, 0)]),
            ("09", [("Dänischburg/Siems/Rangenberg/Wallberg", 2, 0.1), ("Herrenwyk", 1, 0.4), ("Alt-Kücknitz/Dummersdorf/Roter Hahn", 4, 0.1), ("Pöppendorf", 0.3, -0.5)]),
            ("10", [("Ivendorf", 1, 0), ("Alt-Travemünde/Rönnau", 5, 0.1), ("Priwall", 1, -0.1), ("Teutendorf", 1, -0.2), ("Brodten", 0.3, -0.3)]),
        ]
        return groups.flatMap { district, members in
            members.enumerated().map { i, m in
                Subdistrict(code: district + (i + 1 < 10 ? "0" : "") + String(i + 1), name: m.0, district: district, weight: m.1, deprivation: m.2)
            }
        }
    }()

    /// Indicators that the demo also holds per Stadtbezirk (the status indicators of an MSS-style index).
    static let subdistrictIndicators: Set<String> = ["bev_einwohner", "arb_alq", "arm_sgb2", "arm_kinder_sgb2"]

    /// Splits a whole number into parts proportional to `weights` that add up exactly (largest remainder).
    static func split(_ total: Double, weights: [Double]) -> [Double] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        let raw = weights.map { total * $0 / sum }
        var parts = raw.map { $0.rounded(.down) }
        let left = Int((total - parts.reduce(0, +)).rounded())
        let order = raw.indices.sorted { a, b in
            let ra = raw[a] - parts[a], rb = raw[b] - parts[b]
            return ra != rb ? ra > rb : a < b
        }
        for i in order.prefix(max(0, left)) { parts[i] += 1 }
        return parts
    }

    /// Subdistrict populations at 31.12. of `year`: each district's residents split by weight.
    static func subdistrictPopulations(year: Int) -> [String: Double] {
        var out: [String: Double] = [:]
        for (d, p) in zip(districts, populations(year: year)) {
            let members = subdistricts.filter { $0.district == d.code }
            for (m, v) in zip(members, split(Double(p), weights: members.map(\.weight))) { out[m.code] = v }
        }
        return out
    }

    /// District populations at 31.12. of `year`; 2024 sums exactly to the published 223,156.
    static func populations(year: Int) -> [Int] {
        let snapshotTotal = districts.reduce(0) { $0 + $1.snapshot }
        var base = districts.map { Int((Double($0.snapshot) * Double(cityPopulation2024) / Double(snapshotTotal)).rounded()) }
        base[6] += cityPopulation2024 - base.reduce(0, +)  // rounding remainder to the largest Stadtteil
        return zip(districts, base).map { d, p in Int((Double(p) * pow(1 + d.growth, Double(year - 2024))).rounded()) }
    }
}
