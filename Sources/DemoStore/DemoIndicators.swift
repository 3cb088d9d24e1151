import IndicatorStore

// The demo's 31 synthetic indicators: what each measures, how its values are generated (`Spec`) and
// the published citywide figure it is anchored to (DOMAIN.md).

extension DemoData {
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
}
