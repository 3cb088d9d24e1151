import Foundation

/// The demo store: Lübeck (code `00`, level city) and its 10 Stadtteile under their official codes
/// 01–10, with 32 synthetic indicators over all domains. Values are generated from a fixed seed and
/// anchored to the published citywide figures (DOMAIN.md); every indicator is flagged synthetic.
/// Nothing depends on the clock: the newest month is fixed (`endMonth`), so every run is identical.
public enum DemoData {
    public struct Summary: Sendable, Equatable {
        public var areas: Int, indicators: Int, observations: Int
    }

    /// The newest month of monthly series; quarterly series end with the last complete quarter,
    /// yearly series with the last complete year.
    public static let endMonth = Period(granularity: .month, year: 2026, index: 10)!
    public static let endQuarter = Period(granularity: .quarter, year: 2026, index: 3)!
    public static let endYear = Period(granularity: .year, year: 2025, index: 1)!
    public static let seed: UInt64 = 0x4C55_4245_4B32_3032  // "LUBEK202"
    public static let cityCode = "00"
    /// Recorded as import time unless SOURCE_DATE_EPOCH is set.
    public static let importedAt = "2026-11-01T00:00:00Z"
    public static let source = "Synthetische Demodaten (CivicBrief)"
    public static let licence = "CC0 1.0 (synthetische Daten)"
    public static let sourceEN = "Synthetic demo data (CivicBrief)"
    public static let licenceEN = "CC0 1.0 (synthetic data)"

    /// Creates the demo store at `path` (which must not exist yet).
    @discardableResult
    public static func createStore(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Summary {
        let data = generate()
        // The store applies the confidentiality rule (`Disclosure`) to the generated cells, as to any
        // import, and records the SHA-256 of the rows it wrote.
        let plan = ImportPlan(areas: data.areas, indicators: data.indicators, files: [
            .init(name: "demo: synthetic data, seed \(seed)", digest: FileDigest(raw: ""), kind: .long,
                  encoding: nil, rowsRead: data.observations.count, observations: data.observations,
                  areaCodes: data.areas.map(\.code), indicatorCodes: data.indicators.map(\.code), digestOfWrittenRows: true),
        ])
        let time = environment["SOURCE_DATE_EPOCH"] != nil ? ImportClock.now(environment: environment) : importedAt
        _ = try Writer.commit(plan, storePath: path, importedAt: time, dryRun: false)
        return Summary(areas: data.areas.count, indicators: data.indicators.count, observations: data.observations.count)
    }

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

    // MARK: - Indicators

    enum Kind {
        /// numerator ÷ denominator × scale; the denominator is `share` of the residents.
        case rate(scale: Double, share: Double)
        /// A count, distributed over districts in proportion to residents.
        case count(personCases: Bool)
        /// A level such as years or euro; the city value is the population-weighted mean.
        case mean
        /// Residents.
        case population
    }

    enum Profile { case deprivation, old, foreign, central }

    struct Spec {
        var indicator: Indicator
        var kind: Kind
        var anchorValue: Double
        var anchor: Period
        var sensitivity: Double
        var profile: Profile = .deprivation
        var trendPerYear: Double = 0
        var seasonal: Double = 0
        var noise: Double = 0.03
        /// Areas whose value is not computed (status missing) with the note given.
        var missing: [String: String] = [:]
    }

    private static func ind(_ code: String, _ name: String, _ short: String, _ domain: Domain, _ unit: Unit, _ decimals: Int,
                            _ polarity: Polarity, _ granularity: Granularity, numerator: String, denominator: String,
                            reference: String) -> Indicator {
        Indicator(code: code, name: name, shortLabel: short, domain: domain, unit: unit, decimals: decimals, polarity: polarity,
                  granularity: granularity,
                  definition: IndicatorDefinition(numerator: numerator, denominator: denominator, referenceDate: reference),
                  source: source, licence: licence, synthetic: true,
                  nameEN: english[code]?.name, shortLabelEN: english[code]?.short,
                  definitionEN: englishDefinitions[code].map { IndicatorDefinition(numerator: $0.0, denominator: $0.1, referenceDate: $0.2) }
                      ?? IndicatorDefinition(numerator: "", denominator: "", referenceDate: ""),
                  sourceEN: sourceEN, licenceEN: licenceEN)
    }

    /// English definitions (numerator, denominator, reference date) for the English briefings.
    static let englishDefinitions: [String: (String, String, String)] = [
        "bev_einwohner": ("Residents with their main residence in the area", "", "31 December"),
        "bev_auslaender": ("Residents holding only a foreign nationality", "all residents", "31 December"),
        "bev_85plus": ("Residents aged 85 and over", "all residents", "31 December"),
        "bev_einpersonenhh": ("Households of one person", "all households (estimated from the register)", "31 December"),
        "bev_alleinerziehend": ("Single-parent households with children under 18", "households with children under 18", "31 December"),
        "bev_geburten": ("Live births in the calendar year", "residents on 31 December", "calendar year"),
        "arb_alq": ("Unemployed people (SGB II and SGB III)", "residents aged 15 to under 65", "mid-month (count day)"),
        "arb_langzeit": ("Unemployed people out of work for a year or longer", "all unemployed people", "mid-month (count day)"),
        "arb_jugend": ("Unemployed people aged 15 to under 25", "residents aged 15 to under 25", "mid-month (count day)"),
        "arm_sgb2": ("People entitled to SGB II benefits (Bürgergeld)", "residents below the statutory retirement age", "end of month"),
        "arm_kinder_sgb2": ("People under 18 in households receiving SGB II", "residents under 18", "end of month"),
        "arm_grusi": ("Recipients of basic income support under SGB XII, chapter 4", "residents aged 18 and over", "end of quarter"),
        "arm_mindestsicherung": ("Recipients of minimum income benefits (SGB II, SGB XII, AsylbLG)", "all residents", "31 December"),
        "arm_wohngeld": ("Households receiving housing benefit", "all households", "31 December"),
        "arm_kaufkraft": ("Disposable income of the residents (estimate)", "all residents", "calendar year"),
        "bil_kita_u3": ("Children under 3 in day care", "residents under 3", "1 March"),
        "bil_ohne_abschluss": ("School leavers without a first general school-leaving certificate", "all school leavers", "end of the school year"),
        "bil_sprachfoerderung": ("Examined children needing language support", "examined children (school entry cohort)", "school year"),
        "ges_uebergewicht": ("Examined children who are overweight or obese", "examined children (school entry cohort)", "school year"),
        "ges_kariesfrei": ("Examined children who have never had caries", "examined children (school entry cohort)", "school year"),
        "ges_lebenserwartung": ("Period life table over three years", "", "calendar year"),
        "dig_gigabit": ("Households where a gigabit connection is available", "all households", "31 December"),
        "dig_wlan": ("Public Wi-Fi access points in operation", "", "end of quarter"),
        "dig_anlaufstellen": ("Drop-in points for digital participation with regular opening hours", "", "end of quarter"),
        "dig_leihgeraete": ("Tablets and laptops newly lent in the month", "", "calendar month"),
        "dig_kurse60": ("Attendances at digital courses for older people in the quarter", "residents aged 60 and over", "quarter"),
        "soz_beratungsstellen": ("Counselling services of independent and public providers", "", "31 December"),
        "soz_jugendzentren": ("Open facilities of child and youth work", "", "31 December"),
        "soz_pflegeplaetze": ("Available full-time residential care places", "residents aged 65 and over", "31 December"),
        "soz_sozialwohnungen": ("Flats with rent and occupancy restrictions", "all flats", "31 December"),
        "soz_hze": ("Ongoing child and youth welfare support (§§ 27–35 SGB VIII) at the end of the quarter", "residents under 21", "end of quarter"),
    ]

    /// English names and short labels, for the English briefings. Terms of German law keep their
    /// German names in brackets (SGB II, Bürgergeld), as the city's English pages do.
    static let english: [String: (name: String, short: String)] = [
        "bev_einwohner": ("Residents", "Residents"),
        "bev_auslaender": ("Share of foreign nationals", "Foreign nationals"),
        "bev_85plus": ("Share of residents aged 85 and over", "Aged 85 and over"),
        "bev_einpersonenhh": ("Share of single-person households", "Single-person households"),
        "bev_alleinerziehend": ("Single parents among households with children", "Single parents"),
        "bev_geburten": ("Live births per 1,000 residents", "Birth rate"),
        "arb_alq": ("Unemployment rate", "Unemployment rate"),
        "arb_langzeit": ("Long-term unemployed as a share of all unemployed", "Long-term unemployed"),
        "arb_jugend": ("Unemployment rate, ages 15 to 24", "Youth unemployment"),
        "arm_sgb2": ("Share receiving basic income support (SGB II, Bürgergeld)", "SGB II rate"),
        "arm_kinder_sgb2": ("Share of under-18s in households receiving SGB II", "Children in SGB II"),
        "arm_grusi": ("Basic income support in old age and for reduced earning capacity", "Old-age basic support"),
        "arm_mindestsicherung": ("Minimum income benefit rate", "Minimum income benefits"),
        "arm_wohngeld": ("Households receiving housing benefit per 1,000 households", "Housing benefit"),
        "arm_kaufkraft": ("Purchasing power per resident", "Purchasing power"),
        "bil_kita_u3": ("Childcare rate for children under 3", "Childcare under 3"),
        "bil_ohne_abschluss": ("School leavers without a first school-leaving certificate", "No school-leaving certificate"),
        "bil_sprachfoerderung": ("Children needing language support at the school entry examination", "Language support needed"),
        "ges_uebergewicht": ("Overweight children at the school entry examination", "Overweight at school entry"),
        "ges_kariesfrei": ("Children with healthy teeth at the school entry examination", "Caries-free teeth"),
        "ges_lebenserwartung": ("Life expectancy at birth", "Life expectancy"),
        "dig_gigabit": ("Households with a gigabit connection available", "Gigabit coverage"),
        "dig_wlan": ("Public Wi-Fi access points", "Wi-Fi hotspots"),
        "dig_anlaufstellen": ("Drop-in points for digital participation", "Digital drop-in points"),
        "dig_leihgeraete": ("Devices lent (tablets and laptops)", "Devices lent"),
        "dig_kurse60": ("Digital course attendances per 1,000 residents aged 60 and over", "Digital courses 60+"),
        "soz_beratungsstellen": ("Social counselling services", "Counselling services"),
        "soz_jugendzentren": ("Youth centres and youth clubs", "Youth centres"),
        "soz_pflegeplaetze": ("Residential care places per 1,000 residents aged 65 and over", "Care places 65+"),
        "soz_sozialwohnungen": ("Share of subsidised rental flats in the housing stock", "Social housing"),
        "soz_hze": ("Child and youth welfare support per 1,000 residents under 21", "Youth welfare support"),
    ]

    static let specs: [Spec] = {
        let y24 = Period(granularity: .year, year: 2024, index: 1)!
        let m24 = Period(granularity: .month, year: 2024, index: 12)!
        let q24 = Period(granularity: .quarter, year: 2024, index: 4)!
        let percent = Kind.rate(scale: 100, share: 1)
        return [
            // Demography
            Spec(indicator: ind("bev_einwohner", "Einwohnerinnen und Einwohner", "Einwohner", .demography, .count, 0, .neutral, .year,
                                numerator: "Personen mit Hauptwohnsitz", denominator: "", reference: "31.12."),
                 kind: .population, anchorValue: Double(cityPopulation2024), anchor: y24, sensitivity: 0),
            Spec(indicator: ind("bev_auslaender", "Anteil ausländischer Staatsangehöriger", "Ausländische Staatsangehörige", .demography, .percent, 1, .neutral, .year,
                                numerator: "Einwohner mit ausschließlich ausländischer Staatsangehörigkeit", denominator: "Einwohner insgesamt", reference: "31.12."),
                 kind: percent, anchorValue: 14.6, anchor: y24, sensitivity: 0, profile: .foreign, trendPerYear: 0.03),
            Spec(indicator: ind("bev_85plus", "Anteil der Hochbetagten (85 Jahre und älter)", "85 Jahre und älter", .demography, .percent, 1, .neutral, .year,
                                numerator: "Einwohner im Alter von 85 Jahren und älter", denominator: "Einwohner insgesamt", reference: "31.12."),
                 kind: percent, anchorValue: 4.1, anchor: y24, sensitivity: 0, profile: .old, trendPerYear: 0.015),
            Spec(indicator: ind("bev_einpersonenhh", "Anteil der Einpersonenhaushalte", "Einpersonenhaushalte", .demography, .percent, 1, .neutral, .year,
                                numerator: "Haushalte mit einer Person", denominator: "Haushalte insgesamt (Haushaltegenerierung)", reference: "31.12."),
                 kind: .rate(scale: 100, share: 0.55), anchorValue: 54.1, anchor: y24, sensitivity: 0.1, trendPerYear: 0.004, noise: 0.01),
            Spec(indicator: ind("bev_alleinerziehend", "Anteil Alleinerziehender an den Haushalten mit Kindern", "Alleinerziehende", .demography, .percent, 1, .neutral, .year,
                                numerator: "Haushalte von Alleinerziehenden mit Kindern unter 18", denominator: "Haushalte mit Kindern unter 18", reference: "31.12."),
                 kind: .rate(scale: 100, share: 0.09), anchorValue: 24.5, anchor: y24, sensitivity: 0.2, noise: 0.03),
            Spec(indicator: ind("bev_geburten", "Lebendgeborene je 1.000 Einwohner", "Geburtenrate", .demography, .perThousand, 1, .neutral, .year,
                                numerator: "Lebendgeborene im Kalenderjahr", denominator: "Einwohner am 31.12.", reference: "Kalenderjahr"),
                 kind: .rate(scale: 1000, share: 1), anchorValue: 8.4, anchor: y24, sensitivity: 0.1, trendPerYear: -0.02, noise: 0.06),
            // Labour
            Spec(indicator: ind("arb_alq", "Arbeitslosenquote", "Arbeitslosenquote", .labour, .percent, 1, .higherIsWorse, .month,
                                numerator: "Arbeitslose (SGB II und SGB III)", denominator: "Einwohner von 15 bis unter 65 Jahren", reference: "Monatsmitte (Zähltag)"),
                 kind: .rate(scale: 100, share: 0.64), anchorValue: 7.5, anchor: m24, sensitivity: 0.45, trendPerYear: 0.01, seasonal: 0.04, noise: 0.02),
            Spec(indicator: ind("arb_langzeit", "Anteil Langzeitarbeitsloser an allen Arbeitslosen", "Langzeitarbeitslose", .labour, .percent, 1, .higherIsWorse, .month,
                                numerator: "Arbeitslose, die ein Jahr und länger arbeitslos sind", denominator: "Arbeitslose insgesamt", reference: "Monatsmitte (Zähltag)"),
                 kind: .rate(scale: 100, share: 0.048), anchorValue: 38.0, anchor: m24, sensitivity: 0.12, trendPerYear: 0.02, noise: 0.03),
            Spec(indicator: ind("arb_jugend", "Arbeitslosenquote der 15- bis unter 25-Jährigen", "Jugendarbeitslosigkeit", .labour, .percent, 1, .higherIsWorse, .month,
                                numerator: "Arbeitslose von 15 bis unter 25 Jahren", denominator: "Einwohner von 15 bis unter 25 Jahren", reference: "Monatsmitte (Zähltag)"),
                 kind: .rate(scale: 100, share: 0.10), anchorValue: 5.8, anchor: m24, sensitivity: 0.45, trendPerYear: 0.02, seasonal: 0.06, noise: 0.04),
            // Income and poverty
            Spec(indicator: ind("arm_sgb2", "SGB-II-Quote (Bürgergeld)", "SGB-II-Quote", .incomePoverty, .percent, 1, .higherIsWorse, .month,
                                numerator: "Leistungsberechtigte nach SGB II (Bürgergeld)", denominator: "Einwohner unter der Regelaltersgrenze", reference: "Monatsende"),
                 kind: .rate(scale: 100, share: 0.80), anchorValue: 9.3, anchor: m24, sensitivity: 0.55, trendPerYear: -0.01, seasonal: 0.01, noise: 0.01),
            Spec(indicator: ind("arm_kinder_sgb2", "Anteil der unter 18-Jährigen in SGB-II-Bedarfsgemeinschaften", "Kinder in SGB II", .incomePoverty, .percent, 1, .higherIsWorse, .month,
                                numerator: "Personen unter 18 Jahren in Bedarfsgemeinschaften nach SGB II", denominator: "Einwohner unter 18 Jahren", reference: "Monatsende"),
                 kind: .rate(scale: 100, share: 0.16), anchorValue: 21.1, anchor: m24, sensitivity: 0.6, trendPerYear: -0.005, noise: 0.015),
            Spec(indicator: ind("arm_grusi", "Grundsicherung im Alter und bei Erwerbsminderung", "Grundsicherung", .incomePoverty, .percent, 1, .higherIsWorse, .quarter,
                                numerator: "Empfänger von Grundsicherung nach SGB XII, 4. Kapitel", denominator: "Einwohner ab 18 Jahren", reference: "Quartalsende"),
                 kind: .rate(scale: 100, share: 0.82), anchorValue: 2.7, anchor: q24, sensitivity: 0.5, trendPerYear: 0.04, noise: 0.02),
            Spec(indicator: ind("arm_mindestsicherung", "Mindestsicherungsquote", "Mindestsicherung", .incomePoverty, .percent, 1, .higherIsWorse, .year,
                                numerator: "Empfänger von Mindestsicherungsleistungen (SGB II, SGB XII, AsylbLG)", denominator: "Einwohner insgesamt", reference: "31.12."),
                 kind: percent, anchorValue: 12.8, anchor: y24, sensitivity: 0.5, trendPerYear: -0.005, noise: 0.015),
            Spec(indicator: ind("arm_wohngeld", "Wohngeldhaushalte je 1.000 Haushalte", "Wohngeld", .incomePoverty, .perThousand, 1, .higherIsWorse, .year,
                                numerator: "Haushalte mit Wohngeldbezug", denominator: "Haushalte insgesamt", reference: "31.12."),
                 kind: .rate(scale: 1000, share: 0.55), anchorValue: 31.0, anchor: y24, sensitivity: 0.35, trendPerYear: 0.08, noise: 0.03),
            Spec(indicator: ind("arm_kaufkraft", "Kaufkraft je Einwohner", "Kaufkraft", .incomePoverty, .euro, 0, .higherIsBetter, .year,
                                numerator: "Verfügbares Einkommen der Einwohner (Schätzung)", denominator: "Einwohner insgesamt", reference: "Kalenderjahr"),
                 kind: .mean, anchorValue: 24_300, anchor: y24, sensitivity: -0.12, trendPerYear: 0.03, noise: 0.01),
            // Education
            Spec(indicator: ind("bil_kita_u3", "Betreuungsquote der unter Dreijährigen", "Kita unter 3", .education, .percent, 1, .higherIsBetter, .year,
                                numerator: "Kinder unter 3 Jahren in Kindertagesbetreuung", denominator: "Einwohner unter 3 Jahren", reference: "1.3."),
                 kind: .rate(scale: 100, share: 0.027), anchorValue: 36.0, anchor: y24, sensitivity: -0.2, trendPerYear: 0.02, noise: 0.04),
            Spec(indicator: ind("bil_ohne_abschluss", "Schulabgänge ohne Ersten allgemeinbildenden Schulabschluss", "Ohne Schulabschluss", .education, .percent, 1, .higherIsWorse, .year,
                                numerator: "Abgänge ohne Ersten allgemeinbildenden Schulabschluss", denominator: "Schulabgänge insgesamt", reference: "Schuljahresende"),
                 kind: .rate(scale: 100, share: 0.009), anchorValue: 9.5, anchor: y24, sensitivity: 0.55, trendPerYear: 0.01, noise: 0.08),
            Spec(indicator: ind("bil_sprachfoerderung", "Sprachförderbedarf bei der Schuleingangsuntersuchung", "Sprachförderbedarf", .education, .percent, 1, .higherIsWorse, .year,
                                numerator: "Untersuchte Kinder mit Sprachförderbedarf", denominator: "Untersuchte Kinder (Einschulungsjahrgang)", reference: "Schuljahr"),
                 kind: .rate(scale: 100, share: 0.009), anchorValue: 27.0, anchor: y24, sensitivity: 0.5, trendPerYear: 0.02, noise: 0.06),
            // Health
            Spec(indicator: ind("ges_uebergewicht", "Übergewichtige Kinder bei der Schuleingangsuntersuchung", "Übergewicht bei Einschulung", .health, .percent, 1, .higherIsWorse, .year,
                                numerator: "Untersuchte Kinder mit Übergewicht oder Adipositas", denominator: "Untersuchte Kinder (Einschulungsjahrgang)", reference: "Schuljahr"),
                 kind: .rate(scale: 100, share: 0.009), anchorValue: 10.5, anchor: y24, sensitivity: 0.4, noise: 0.08),
            Spec(indicator: ind("ges_kariesfrei", "Kinder mit naturgesunden Gebissen bei der Schuleingangsuntersuchung", "Kariesfreie Gebisse", .health, .percent, 1, .higherIsBetter, .year,
                                numerator: "Untersuchte Kinder ohne Karieserfahrung", denominator: "Untersuchte Kinder (Einschulungsjahrgang)", reference: "Schuljahr"),
                 kind: .rate(scale: 100, share: 0.009), anchorValue: 56.0, anchor: y24, sensitivity: -0.15, trendPerYear: 0.005, noise: 0.04),
            Spec(indicator: ind("ges_lebenserwartung", "Lebenserwartung bei Geburt", "Lebenserwartung", .health, .years, 1, .higherIsBetter, .year,
                                numerator: "Periodensterbetafel über drei Jahre", denominator: "", reference: "Kalenderjahr"),
                 kind: .mean, anchorValue: 80.6, anchor: y24, sensitivity: -0.018, trendPerYear: 0.001, noise: 0.002,
                 missing: ["08": "Für Stadtteile unter 10.000 Einwohnern nicht berechnet"]),
            // Digital participation
            Spec(indicator: ind("dig_gigabit", "Haushalte mit gigabitfähigem Anschluss", "Gigabit-Versorgung", .digital, .percent, 1, .higherIsBetter, .year,
                                numerator: "Haushalte mit verfügbarem gigabitfähigem Anschluss", denominator: "Haushalte insgesamt", reference: "31.12."),
                 kind: .rate(scale: 100, share: 0.55), anchorValue: 78.0, anchor: y24, sensitivity: -0.03, trendPerYear: 0.06, noise: 0.03),
            Spec(indicator: ind("dig_wlan", "Öffentliche WLAN-Zugangspunkte", "WLAN-Hotspots", .digital, .count, 0, .higherIsBetter, .quarter,
                                numerator: "Betriebene öffentliche WLAN-Zugangspunkte", denominator: "", reference: "Quartalsende"),
                 kind: .count(personCases: false), anchorValue: 185, anchor: q24, sensitivity: 0, profile: .central, trendPerYear: 0.1, noise: 0.02),
            Spec(indicator: ind("dig_anlaufstellen", "Anlaufstellen für digitale Teilhabe", "Digital-Anlaufstellen", .digital, .count, 0, .higherIsBetter, .quarter,
                                numerator: "Anlaufstellen für digitale Teilhabe mit regelmäßigen Öffnungszeiten", denominator: "", reference: "Quartalsende"),
                 kind: .count(personCases: false), anchorValue: 24, anchor: q24, sensitivity: 0.3, trendPerYear: 0.15, noise: 0.02),
            Spec(indicator: ind("dig_leihgeraete", "Verliehene Endgeräte (Leihgeräte)", "Leihgeräte", .digital, .count, 0, .higherIsBetter, .month,
                                numerator: "Im Monat neu verliehene Tablets und Laptops", denominator: "", reference: "Kalendermonat"),
                 kind: .count(personCases: true), anchorValue: 95, anchor: m24, sensitivity: 0.4, trendPerYear: 0.12, noise: 0.2),
            Spec(indicator: ind("dig_kurse60", "Teilnahmen an Digitalkursen je 1.000 Einwohner ab 60 Jahren", "Digitalkurse 60+", .digital, .perThousand, 1, .higherIsBetter, .quarter,
                                numerator: "Teilnahmen an Digitalkursen für Ältere im Quartal", denominator: "Einwohner ab 60 Jahren", reference: "Quartal"),
                 kind: .rate(scale: 1000, share: 0.29), anchorValue: 6.5, anchor: q24, sensitivity: -0.1, profile: .old, trendPerYear: 0.1, noise: 0.12),
            // Social services
            Spec(indicator: ind("soz_beratungsstellen", "Soziale Beratungsstellen", "Beratungsstellen", .socialServices, .count, 0, .higherIsBetter, .year,
                                numerator: "Beratungsstellen freier und öffentlicher Träger", denominator: "", reference: "31.12."),
                 kind: .count(personCases: false), anchorValue: 62, anchor: y24, sensitivity: 0.35, profile: .central, trendPerYear: 0.01, noise: 0.02),
            Spec(indicator: ind("soz_jugendzentren", "Jugendzentren und Jugendtreffs", "Jugendzentren", .socialServices, .count, 0, .higherIsBetter, .year,
                                numerator: "Offene Einrichtungen der Kinder- und Jugendarbeit", denominator: "", reference: "31.12."),
                 kind: .count(personCases: false), anchorValue: 21, anchor: y24, sensitivity: 0.25, noise: 0.02),
            Spec(indicator: ind("soz_pflegeplaetze", "Stationäre Pflegeplätze je 1.000 Einwohner ab 65 Jahren", "Pflegeplätze 65+", .socialServices, .perThousand, 1, .higherIsBetter, .year,
                                numerator: "Verfügbare vollstationäre Pflegeplätze", denominator: "Einwohner ab 65 Jahren", reference: "31.12."),
                 kind: .rate(scale: 1000, share: 0.23), anchorValue: 42.0, anchor: y24, sensitivity: 0, profile: .old, trendPerYear: 0.01, noise: 0.04),
            Spec(indicator: ind("soz_sozialwohnungen", "Anteil geförderter Mietwohnungen am Wohnungsbestand", "Sozialwohnungen", .socialServices, .percent, 1, .higherIsBetter, .year,
                                numerator: "Mietpreis- und belegungsgebundene Wohnungen", denominator: "Wohnungen insgesamt", reference: "31.12."),
                 kind: .rate(scale: 100, share: 0.56), anchorValue: 7.4, anchor: y24, sensitivity: 0.6, trendPerYear: -0.02, noise: 0.01),
            Spec(indicator: ind("soz_hze", "Hilfen zur Erziehung je 1.000 Einwohner unter 21 Jahren", "Hilfen zur Erziehung", .socialServices, .perThousand, 1, .higherIsWorse, .quarter,
                                numerator: "Laufende Hilfen zur Erziehung (§§ 27–35 SGB VIII) am Quartalsende", denominator: "Einwohner unter 21 Jahren", reference: "Quartalsende"),
                 kind: .rate(scale: 1000, share: 0.19), anchorValue: 38.0, anchor: q24, sensitivity: 0.5, trendPerYear: 0.02, noise: 0.03),
        ]
    }()

    // MARK: - Generation

    static func periods(_ g: Granularity) -> [Period] {
        switch g {
        case .month: return Period.range(from: endMonth.advanced(by: -35), through: endMonth)
        case .quarter: return Period.range(from: endQuarter.advanced(by: -11), through: endQuarter)
        case .year: return Period.range(from: endYear.advanced(by: -6), through: endYear)
        }
    }

    static func round(_ v: Double, _ decimals: Int) -> Double {
        let f = pow(10, Double(decimals))
        return (v * f).rounded(.toNearestOrAwayFromZero) / f
    }

    static func profileFactor(_ d: District, _ p: Profile) -> Double {
        switch p {
        case .deprivation: return 1
        case .old: return d.old
        case .foreign: return d.foreign
        case .central: return d.code == "01" ? 4 : d.code == "10" ? 1.8 : 1
        }
    }

    /// The full demo content: areas, indicators, observations (sorted by indicator, area, period).
    public static func generate() -> (areas: [Area], indicators: [Indicator], observations: [Observation]) {
        var rng = SplitMix64(seed: seed)
        let pop2024 = populations(year: 2024)
        let reference = CalendarDay(year: 2024, month: 12, day: 31)
        var areas = [Area(code: cityCode, name: "Lübeck", level: .city, population: cityPopulation2024, populationDate: reference)]
        for (d, p) in zip(districts, pop2024) {
            areas.append(Area(code: d.code, name: d.name, level: .district, parent: cityCode, population: p, populationDate: reference))
        }
        let subPop = subdistrictPopulations(year: 2024)
        for sd in subdistricts {
            areas.append(Area(code: sd.code, name: sd.name, level: .subdistrict, parent: sd.district,
                              population: subPop[sd.code].map { Int($0) }, populationDate: reference))
        }
        var observations: [Observation] = []
        // A second stream for the Stadtbezirke, so adding them left the district values unchanged.
        var subRNG = SplitMix64(seed: seed ^ 0x5354_4144_5442_5A4B)
        for spec in specs {
            observations += generate(spec, rng: &rng, subRNG: &subRNG)
        }
        observations.sort { $0.key < $1.key }
        return (areas, specs.map(\.indicator), observations)
    }

    private static func generate(_ spec: Spec, rng: inout SplitMix64, subRNG: inout SplitMix64) -> [Observation] {
        let withSubdistricts = subdistrictIndicators.contains(spec.indicator.code)
        let ind = spec.indicator
        let periods = periods(ind.granularity)
        let n = districts.count
        // Smooth noise: an AR(1) process per district, so series wander rather than jump.
        var ar = (0..<n).map { _ in rng.gaussian() }
        var out: [Observation] = []
        let latest = periods.last
        for period in periods {
            ar = ar.map { 0.8 * $0 + 0.6 * rng.gaussian() }
            let years = Double(period.year - spec.anchor.year) + Double(period.firstMonth - spec.anchor.firstMonth) / 12
            var cityTarget = spec.anchorValue * pow(1 + spec.trendPerYear, years)
            if spec.seasonal != 0 {
                // Peaks in winter; divided by the anchor month's factor so the anchor value is met exactly.
                func season(_ month: Int) -> Double { 1 + spec.seasonal * cos(2 * Double.pi * (Double(month) - 1.5) / 12) }
                cityTarget *= season(period.firstMonth) / season(spec.anchor.firstMonth)
            }
            let pops = populations(year: min(period.year, 2026))
            let provisional = ind.granularity != .year && period == latest
            let status: ObservationStatus = provisional ? .provisional : .final
            let note = provisional ? "vorläufiger Wert" : nil
            func weight(_ i: Int) -> Double {
                let d = districts[i]
                return profileFactor(d, spec.profile) * exp(spec.sensitivity * d.deprivation) * (1 + spec.noise * ar[i])
            }
            var cells: [(String, Observation)] = []
            switch spec.kind {
            case .population:
                for (i, d) in districts.enumerated() {
                    cells.append((d.code, Observation(indicator: ind.code, area: d.code, period: period, value: Double(pops[i]), status: status, note: note)))
                }
                cells.append((cityCode, Observation(indicator: ind.code, area: cityCode, period: period,
                                                    value: Double(pops.reduce(0, +)), status: status, note: note)))
                if withSubdistricts {
                    for (code, v) in subdistrictPopulations(year: min(period.year, 2026)) {
                        cells.append((code, Observation(indicator: ind.code, area: code, period: period, value: v, status: status, note: note)))
                    }
                }
            case .rate(let scale, let share):
                let dens = (0..<n).map { i in max(1, (Double(pops[i]) * share * (spec.profile == .old ? districts[i].old : 1)).rounded()) }
                let raw = (0..<n).map(weight)
                let k = cityTarget * dens.reduce(0, +) / zip(raw, dens).map(*).reduce(0, +)
                var nums: [Double] = []
                for i in 0..<n {
                    let rate = min(raw[i] * k, scale * 0.99)
                    let num = (rate / scale * dens[i]).rounded()
                    nums.append(num)
                    let code = districts[i].code
                    if num > 0 && num < 3 {
                        cells.append((code, Observation(indicator: ind.code, area: code, period: period, value: nil, status: .suppressed,
                                                        note: Disclosure.note)))
                    } else {
                        cells.append((code, Observation(indicator: ind.code, area: code, period: period, value: round(num / dens[i] * scale, ind.decimals),
                                                        numerator: num, denominator: dens[i], status: status, note: note)))
                    }
                }
                if withSubdistricts {
                    // Each district's numerator and denominator are split over its Stadtbezirke, so they add up exactly.
                    for (i, d) in districts.enumerated() {
                        let members = subdistricts.filter { $0.district == d.code }
                        let subDens = split(dens[i], weights: members.map(\.weight))
                        let subNums = split(nums[i], weights: zip(members, subDens).map { m, den in
                            den * exp(spec.sensitivity * m.deprivation) * (1 + spec.noise * subRNG.gaussian())
                        })
                        for (j, m) in members.enumerated() {
                            if subDens[j] == 0 {
                                cells.append((m.code, Observation(indicator: ind.code, area: m.code, period: period, value: nil,
                                                                  status: .missing, note: "Keine Einwohner in der Bezugsgruppe")))
                            } else if subNums[j] > 0 && subNums[j] < 3 {
                                cells.append((m.code, Observation(indicator: ind.code, area: m.code, period: period, value: nil,
                                                                  status: .suppressed, note: Disclosure.note)))
                            } else {
                                cells.append((m.code, Observation(indicator: ind.code, area: m.code, period: period,
                                                                  value: round(subNums[j] / subDens[j] * scale, ind.decimals),
                                                                  numerator: subNums[j], denominator: subDens[j], status: status, note: note)))
                            }
                        }
                    }
                }
                let num = nums.reduce(0, +), den = dens.reduce(0, +)
                cells.append((cityCode, Observation(indicator: ind.code, area: cityCode, period: period, value: round(num / den * scale, ind.decimals),
                                                    numerator: num, denominator: den, status: status, note: note)))
            case .count(let personCases):
                let raw = (0..<n).map { Double(pops[$0]) * weight($0) }
                let k = cityTarget / raw.reduce(0, +)
                var total = 0.0
                for i in 0..<n {
                    let count = (raw[i] * k).rounded()
                    total += count
                    let code = districts[i].code
                    if personCases && count > 0 && count < 3 {
                        cells.append((code, Observation(indicator: ind.code, area: code, period: period, value: nil, status: .suppressed,
                                                        note: Disclosure.note)))
                    } else {
                        cells.append((code, Observation(indicator: ind.code, area: code, period: period, value: count, status: status, note: note)))
                    }
                }
                cells.append((cityCode, Observation(indicator: ind.code, area: cityCode, period: period, value: total, status: status, note: note)))
            case .mean:
                var weighted = 0.0, weights = 0.0
                for (i, d) in districts.enumerated() {
                    if let why = spec.missing[d.code] {
                        cells.append((d.code, Observation(indicator: ind.code, area: d.code, period: period, value: nil, status: .missing, note: why)))
                        continue
                    }
                    let v = round(cityTarget * (1 + spec.sensitivity * d.deprivation + spec.noise * ar[i]), ind.decimals)
                    weighted += v * Double(pops[i]); weights += Double(pops[i])
                    cells.append((d.code, Observation(indicator: ind.code, area: d.code, period: period, value: v, status: status, note: note)))
                }
                cells.append((cityCode, Observation(indicator: ind.code, area: cityCode, period: period,
                                                    value: round(weighted / weights, ind.decimals), status: status,
                                                    note: spec.missing.isEmpty ? note : "Mittel der Stadtteile mit Wert, gewichtet nach Einwohnern")))
            }
            out += cells.map(\.1)
        }
        return out
    }
}

/// SplitMix64: a small, well-known seeded generator, so the demo data is identical on every run.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
