import IndicatorStore

/// Grammatical building blocks for narrative templates, in German or British English.
///
/// Clauses are predicates whose subject is the indicator, so a template writes
/// `Die {{ fact.indicator.name }} {{ fact.previous.phrase }}.` →
/// „Die SGB-II-Quote ist gegenüber dem Vormonat um 0,4 Prozentpunkte gestiegen.“ and
/// `The {{ … }} {{ … }}.` → "The SGB II rate rose by 0.4 percentage points compared with the previous month."
public struct Phrases: Sendable, Equatable {
    public var language: Language
    public var format: Formatting

    public init(_ language: Language) {
        self.language = language
        self.format = Formatting(language)
    }

    // MARK: - Plurals and lists

    /// `1 Stadtteil`, `3 Stadtteile`, `12.345 Personen` · `1 district`, `3 districts`.
    public func count(_ n: Int, _ noun: Noun) -> String {
        let forms = noun.forms(language)
        return format.integer(n) + " " + (n == 1 ? forms.singular : forms.plural)
    }

    /// `Moisling, Buntekuh und Kücknitz` · `Moisling, Buntekuh and Kücknitz` (en-GB: no Oxford comma).
    public func list(_ items: [String], conjunction: Conjunction = .and) -> String {
        let word: String
        switch (conjunction, language) {
        case (.and, .de): word = "und"
        case (.and, .en): word = "and"
        case (.or, .de): word = "oder"
        case (.or, .en): word = "or"
        }
        guard let last = items.last else { return "" }
        if items.count == 1 { return last }
        return items.dropLast().joined(separator: ", ") + " " + word + " " + last
    }

    // MARK: - Comparison periods

    /// Table heading for the comparison value: `Vormonat`, `Vorjahresquartal`, `Vorjahr` ·
    /// `previous month`, `same quarter a year earlier`, `previous year`.
    public func basisLabel(_ basis: ChangeBasis, granularity: Granularity) -> String {
        switch (basis, granularity, language) {
        case (.previousPeriod, .month, .de): return "Vormonat"
        case (.previousPeriod, .quarter, .de): return "Vorquartal"
        case (_, .year, .de): return "Vorjahr"
        case (.yearEarlier, .month, .de): return "Vorjahresmonat"
        case (.yearEarlier, .quarter, .de): return "Vorjahresquartal"
        case (.previousPeriod, .month, .en): return "previous month"
        case (.previousPeriod, .quarter, .en): return "previous quarter"
        case (_, .year, .en): return "previous year"
        case (.yearEarlier, .month, .en): return "same month a year earlier"
        case (.yearEarlier, .quarter, .en): return "same quarter a year earlier"
        }
    }

    /// `gegenüber dem Vormonat` · `compared with the previous month`.
    public func basisPhrase(_ basis: ChangeBasis, granularity: Granularity) -> String {
        let label = basisLabel(basis, granularity: granularity)
        return language == .de ? "gegenüber dem " + label : "compared with the " + label
    }

    // MARK: - Changes

    /// The change clause:
    /// - „ist gegenüber dem Vormonat um 0,4 Prozentpunkte gestiegen“ · "rose by 0.4 percentage points compared with the previous month"
    /// - „ist gegenüber dem Vorjahresmonat um 1,2 Prozentpunkte gesunken“ · "fell by 1.2 percentage points compared with the same month a year earlier"
    /// - „ist gegenüber dem Vormonat unverändert geblieben“ · "remained unchanged compared with the previous month"
    /// - counts and euros add the relative change: „ist gegenüber dem Vorjahr um 120 (2,5 %) gestiegen“ · "rose by 120 (2.5%) compared with the previous year"
    public func change(_ measure: ChangeMeasure, unit: IndicatorUnit, decimals: Int, basis: ChangeBasis, granularity: Granularity) -> String {
        let against = basisPhrase(basis, granularity: granularity)
        var amount = format.change(abs(measure.absolute), unit: unit, decimals: decimals, style: .long, signed: false)
        if unit == .count || unit == .euro, let relative = measure.relativePercent {
            amount += " (" + format.percent(abs(relative), decimals: 1) + ")"
        }
        switch (measure.direction, language) {
        case (.rising, .de): return "ist \(against) um \(amount) gestiegen"
        case (.falling, .de): return "ist \(against) um \(amount) gesunken"
        case (.unchanged, .de): return "ist \(against) unverändert geblieben"
        case (.rising, .en): return "rose by \(amount) \(against)"
        case (.falling, .en): return "fell by \(amount) \(against)"
        case (.unchanged, .en): return "remained unchanged \(against)"
        }
    }

    /// The clause when the comparison value is suppressed or missing (the current value exists):
    /// „lässt sich nicht mit dem Vormonat vergleichen, weil für den Vergleichszeitraum kein Wert vorliegt“.
    public func changeUnavailable(basis: ChangeBasis, granularity: Granularity, baseStatus: ObservationStatus) -> String {
        let label = basisLabel(basis, granularity: granularity)
        switch (baseStatus == .suppressed, language) {
        case (true, .de): return "lässt sich nicht mit dem \(label) vergleichen, weil der Wert des Vergleichszeitraums aus Datenschutzgründen gesperrt ist"
        case (false, .de): return "lässt sich nicht mit dem \(label) vergleichen, weil für den Vergleichszeitraum kein Wert vorliegt"
        case (true, .en): return "cannot be compared with the \(label) because that value is withheld to protect privacy"
        case (false, .en): return "cannot be compared with the \(label) because no value is available for it"
        }
    }

    /// `eine Verbesserung` / `eine Verschlechterung` · `an improvement` / `a deterioration`;
    /// nil for unchanged values and indicators without polarity.
    public func assessment(_ assessment: Assessment) -> String? {
        switch (assessment, language) {
        case (.improvement, .de): return "eine Verbesserung"
        case (.deterioration, .de): return "eine Verschlechterung"
        case (.improvement, .en): return "an improvement"
        case (.deterioration, .en): return "a deterioration"
        case (.neutral, _), (.unchanged, _): return nil
        }
    }

    // MARK: - Comparison with the city

    /// „liegt deutlich über dem städtischen Durchschnitt“, „liegt leicht unter …“, „entspricht in etwa
    /// dem städtischen Durchschnitt“ · "is well above the city average", "is slightly below …",
    /// "is about the same as the city average". Thresholds: `Thresholds.cityAbout`, `.citySlightlyMax`.
    public func cityComparison(_ deviation: CityDeviation) -> String {
        switch (deviation, language) {
        case (.wellAbove, .de): return "liegt deutlich über dem städtischen Durchschnitt"
        case (.slightlyAbove, .de): return "liegt leicht über dem städtischen Durchschnitt"
        case (.about, .de): return "entspricht in etwa dem städtischen Durchschnitt"
        case (.slightlyBelow, .de): return "liegt leicht unter dem städtischen Durchschnitt"
        case (.wellBelow, .de): return "liegt deutlich unter dem städtischen Durchschnitt"
        case (.wellAbove, .en): return "is well above the city average"
        case (.slightlyAbove, .en): return "is slightly above the city average"
        case (.about, .en): return "is about the same as the city average"
        case (.slightlyBelow, .en): return "is slightly below the city average"
        case (.wellBelow, .en): return "is well below the city average"
        }
    }

    /// When the area's or the city's value is suppressed or missing.
    public var cityComparisonUnavailable: String {
        language == .de ? "lässt sich nicht mit dem städtischen Durchschnitt vergleichen"
                        : "cannot be compared with the city average"
    }

    // MARK: - Trend

    /// - run of 2 or more: „ist 3 Monate in Folge gestiegen“ · "has risen for 3 months in a row";
    ///   „ist 4 Quartale in Folge unverändert geblieben“ · "has remained unchanged for 4 quarters in a row"
    /// - run of 1: „ist zuletzt gestiegen“ · "rose in the latest month"
    /// - unknown: „lässt keinen Verlauf erkennen, weil Vergleichswerte fehlen“ · "shows no trend because earlier values are missing"
    public func trend(_ trend: TrendMeasure, granularity: Granularity) -> String {
        let n = trend.periodsInRow
        if trend.direction == .unknown || n == 0 {
            return language == .de ? "lässt keinen Verlauf erkennen, weil Vergleichswerte fehlen"
                                   : "shows no trend because earlier values are missing"
        }
        let periodNoun = Noun.period(granularity)
        if n == 1 {
            let latest = periodNoun.forms(.en).singular
            switch (trend.direction, language) {
            case (.rising, .de): return "ist zuletzt gestiegen"
            case (.falling, .de): return "ist zuletzt gesunken"
            case (_, .de): return "ist zuletzt unverändert geblieben"
            case (.rising, .en): return "rose in the latest \(latest)"
            case (.falling, .en): return "fell in the latest \(latest)"
            case (_, .en): return "remained unchanged in the latest \(latest)"
            }
        }
        let span = count(n, periodNoun)
        switch (trend.direction, language) {
        case (.rising, .de): return "ist \(span) in Folge gestiegen"
        case (.falling, .de): return "ist \(span) in Folge gesunken"
        case (_, .de): return "ist \(span) in Folge unverändert geblieben"
        case (.rising, .en): return "has risen for \(span) in a row"
        case (.falling, .en): return "has fallen for \(span) in a row"
        case (_, .en): return "has remained unchanged for \(span) in a row"
        }
    }

    // MARK: - Rank

    /// `Rang 3 von 10 Stadtteilen` · `rank 3 of 10 districts`; without a noun `Rang 3 von 10` · `rank 3 of 10`.
    public func rank(_ rank: RankMeasure, among noun: Noun? = nil) -> String {
        let total: String
        if let noun {
            let forms = noun.forms(language)
            total = format.integer(rank.count) + " " + (rank.count == 1 ? forms.singular : forms.dativePlural)
        } else {
            total = format.integer(rank.count)
        }
        return language == .de ? "Rang \(rank.position) von \(total)" : "rank \(rank.position) of \(total)"
    }
}

public enum Conjunction: String, Sendable, Codable {
    case and, or
}

/// Grammatical gender, for German determiners („jede 10. Person“, „jedes 4. Kind“, „jeder 5. Haushalt“).
public enum Gender: String, Sendable, Codable {
    case masculine, feminine, neuter
}

public struct NounForms: Sendable, Equatable, Codable {
    public var singular: String
    public var plural: String
    /// German dative plural („von 10 Stadtteilen“); the plural in English.
    public var dativePlural: String
    public var gender: Gender

    public init(singular: String, plural: String, dativePlural: String? = nil, gender: Gender = .neuter) {
        self.singular = singular; self.plural = plural; self.dativePlural = dativePlural ?? plural; self.gender = gender
    }
}

/// A countable thing in both languages.
public struct Noun: Sendable, Equatable, Codable {
    public var de: NounForms
    public var en: NounForms

    public init(de: NounForms, en: NounForms) { self.de = de; self.en = en }

    public func forms(_ language: Language) -> NounForms { language == .de ? de : en }

    public static let district = Noun(de: NounForms(singular: "Stadtteil", plural: "Stadtteile", dativePlural: "Stadtteilen", gender: .masculine),
                                      en: NounForms(singular: "district", plural: "districts"))
    public static let subdistrict = Noun(de: NounForms(singular: "Stadtbezirk", plural: "Stadtbezirke", dativePlural: "Stadtbezirken", gender: .masculine),
                                         en: NounForms(singular: "sub-district", plural: "sub-districts"))
    public static let area = Noun(de: NounForms(singular: "Gebiet", plural: "Gebiete", dativePlural: "Gebieten", gender: .neuter),
                                  en: NounForms(singular: "area", plural: "areas"))
    public static let indicator = Noun(de: NounForms(singular: "Indikator", plural: "Indikatoren", gender: .masculine),
                                       en: NounForms(singular: "indicator", plural: "indicators"))
    public static let person = Noun(de: NounForms(singular: "Person", plural: "Personen", gender: .feminine),
                                    en: NounForms(singular: "person", plural: "people"))
    public static let child = Noun(de: NounForms(singular: "Kind", plural: "Kinder", dativePlural: "Kindern", gender: .neuter),
                                   en: NounForms(singular: "child", plural: "children"))
    public static let household = Noun(de: NounForms(singular: "Haushalt", plural: "Haushalte", dativePlural: "Haushalten", gender: .masculine),
                                       en: NounForms(singular: "household", plural: "households"))

    /// `Monat`/`Monate`, `Quartal`/`Quartale`, `Jahr`/`Jahre` · `month`, `quarter`, `year`.
    public static func period(_ granularity: Granularity) -> Noun {
        switch granularity {
        case .month: Noun(de: NounForms(singular: "Monat", plural: "Monate", dativePlural: "Monaten", gender: .masculine),
                          en: NounForms(singular: "month", plural: "months"))
        case .quarter: Noun(de: NounForms(singular: "Quartal", plural: "Quartale", dativePlural: "Quartalen", gender: .neuter),
                            en: NounForms(singular: "quarter", plural: "quarters"))
        case .year: Noun(de: NounForms(singular: "Jahr", plural: "Jahre", dativePlural: "Jahren", gender: .neuter),
                         en: NounForms(singular: "year", plural: "years"))
        }
    }

    /// The noun for the areas of a level: Stadtteil, Stadtbezirk, or Gebiet for the city.
    public static func areas(_ level: AreaLevel) -> Noun {
        switch level {
        case .district: .district
        case .subdistrict: .subdistrict
        case .city: .area
        }
    }
}
