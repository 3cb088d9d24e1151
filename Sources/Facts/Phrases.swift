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
        return format.integer(n) + Formatting.noBreakSpace + (n == 1 ? forms.singular : forms.plural)
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
    /// „lässt sich nicht mit dem Vormonat vergleichen (für ihn liegt kein Wert vor)“. The reason stands in
    /// brackets, so the clause fits any slot („Der Wert … und liegt …“ needs no comma rules).
    public func changeUnavailable(basis: ChangeBasis, granularity: Granularity, baseStatus: ObservationStatus) -> String {
        let label = basisLabel(basis, granularity: granularity)
        switch (baseStatus == .suppressed, language) {
        case (true, .de): return "lässt sich nicht mit dem \(label) vergleichen (dieser Wert ist aus Datenschutzgründen gesperrt)"
        case (false, .de): return "lässt sich nicht mit dem \(label) vergleichen (für ihn liegt kein Wert vor)"
        case (true, .en): return "cannot be compared with the \(label) (that value is withheld to protect privacy)"
        case (false, .en): return "cannot be compared with the \(label) (no value is available for it)"
        }
    }

    /// When the value itself is suppressed or missing (its value clause says why): „lässt sich nicht mit
    /// dem Vormonat vergleichen“ · "cannot be compared with the previous month".
    public func changeNotPossible(basis: ChangeBasis, granularity: Granularity) -> String {
        let label = basisLabel(basis, granularity: granularity)
        return language == .de ? "lässt sich nicht mit dem \(label) vergleichen" : "cannot be compared with the \(label)"
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

    // MARK: - The value

    /// The value as a predicate: „beträgt 18,2 %“, „beträgt vorläufig 18,2 %“, „ist für Oktober 2026
    /// aus Datenschutzgründen gesperrt“, „liegt für Oktober 2026 nicht vor“ · "is 18.2%", "is
    /// provisionally 18.2%", "is withheld for October 2026 to protect privacy", "is not available for
    /// October 2026". This is the one clause that says why a value is missing; the change, comparison,
    /// rank and trend clauses then only say that they cannot be made, so a sentence joining them says
    /// the reason once.
    public func value(_ formatted: String, status: ObservationStatus, periodLabel: String) -> String {
        switch (status, language) {
        case (.final, .de): return "beträgt \(formatted)"
        case (.provisional, .de): return "beträgt vorläufig \(formatted)"
        case (.suppressed, .de): return "ist für \(periodLabel) aus Datenschutzgründen gesperrt"
        case (.missing, .de): return "liegt für \(periodLabel) nicht vor"
        case (.final, .en): return "is \(formatted)"
        case (.provisional, .en): return "is provisionally \(formatted)"
        case (.suppressed, .en): return "is withheld for \(periodLabel) to protect privacy"
        case (.missing, .en): return "is not available for \(periodLabel)"
        }
    }

    // MARK: - Comparison with the city

    /// „liegt deutlich über dem städtischen Durchschnitt von 9,0 %“, „liegt leicht unter …“, „entspricht
    /// etwa dem städtischen Durchschnitt von 9,0 %“ · "is well above the city average of 9.0%", "is
    /// slightly below …", "is about the same as the city average of 9.0%". The word follows
    /// `ComparisonRule`.
    public func cityComparison(_ deviation: CityDeviation, cityValue: String) -> String {
        switch (deviation, language) {
        case (.wellAbove, .de): return "liegt deutlich über dem städtischen Durchschnitt von \(cityValue)"
        case (.slightlyAbove, .de): return "liegt leicht über dem städtischen Durchschnitt von \(cityValue)"
        case (.about, .de): return "entspricht etwa dem städtischen Durchschnitt von \(cityValue)"
        case (.slightlyBelow, .de): return "liegt leicht unter dem städtischen Durchschnitt von \(cityValue)"
        case (.wellBelow, .de): return "liegt deutlich unter dem städtischen Durchschnitt von \(cityValue)"
        case (.wellAbove, .en): return "is well above the city average of \(cityValue)"
        case (.slightlyAbove, .en): return "is slightly above the city average of \(cityValue)"
        case (.about, .en): return "is about the same as the city average of \(cityValue)"
        case (.slightlyBelow, .en): return "is slightly below the city average of \(cityValue)"
        case (.wellBelow, .en): return "is well below the city average of \(cityValue)"
        }
    }

    /// Why an area's value is not compared with the city's.
    public enum CityUnavailable: String, Sendable, Codable {
        /// The area's own value is suppressed or missing (its value clause says so).
        case ownValue
        case citySuppressed, cityMissing
        /// The store has no city area.
        case noCity
        /// The indicator is not compared in words (counts: a district's count is part of the city's).
        case notCompared
    }

    /// „lässt sich nicht mit dem städtischen Durchschnitt von 9,0 % vergleichen“ (the area's value is
    /// missing; its value clause says why), „… vergleichen (der städtische Wert ist aus Datenschutzgründen
    /// gesperrt)“, „wird als Anzahl nicht mit dem städtischen Wert von 224.012 verglichen“ · "cannot be
    /// compared with the city average of 9.0%", "… (the city figure is withheld to protect privacy)",
    /// "is a count and is not compared with the city figure of 224,012".
    public func cityComparisonUnavailable(_ reason: CityUnavailable, cityValue: String?) -> String {
        let de = language == .de
        let average = de ? "dem städtischen Durchschnitt" + (cityValue.map { " von " + $0 } ?? "")
                         : "the city average" + (cityValue.map { " of " + $0 } ?? "")
        switch (reason, de) {
        case (.ownValue, true): return "lässt sich nicht mit \(average) vergleichen"
        case (.ownValue, false): return "cannot be compared with \(average)"
        case (.citySuppressed, true): return "lässt sich nicht mit dem städtischen Durchschnitt vergleichen (der städtische Wert ist aus Datenschutzgründen gesperrt)"
        case (.citySuppressed, false): return "cannot be compared with the city average (the city figure is withheld to protect privacy)"
        case (.cityMissing, true): return "lässt sich nicht mit dem städtischen Durchschnitt vergleichen (für die Gesamtstadt liegt kein Wert vor)"
        case (.cityMissing, false): return "cannot be compared with the city average (no city figure is available)"
        case (.noCity, true): return "lässt sich nicht mit der Gesamtstadt vergleichen (für sie sind keine Daten erfasst)"
        case (.noCity, false): return "cannot be compared with the city (no city-wide data is held)"
        case (.notCompared, true):
            return "wird als Anzahl nicht mit dem städtischen Wert" + (cityValue.map { " von " + $0 } ?? "") + " verglichen"
        case (.notCompared, false):
            return "is a count and is not compared with the city figure" + (cityValue.map { " of " + $0 } ?? "")
        }
    }

    // MARK: - Trend

    /// - run of 2 or more: „ist 3 Monate in Folge gestiegen“ · "has risen for 3 months in a row";
    ///   „ist 4 Quartale in Folge unverändert geblieben“ · "has remained unchanged for 4 quarters in a row"
    /// - run of 1: „ist zuletzt gestiegen“ · "rose in the latest month"
    /// - unknown: „lässt keinen Verlauf erkennen, weil Vergleichswerte fehlen“ · "shows no trend because earlier values are missing"
    public func trend(_ trend: TrendMeasure, granularity: Granularity) -> String {
        let n = trend.periodsInRow
        if trend.direction == .unknown || n == 0 {
            return language == .de ? "lässt keinen Verlauf erkennen (es fehlen frühere Werte)"
                                   : "shows no trend (earlier values are missing)"
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

    /// When the value itself is suppressed or missing: „lässt keinen Verlauf erkennen“ · "shows no trend".
    public var trendUnavailable: String {
        language == .de ? "lässt keinen Verlauf erkennen" : "shows no trend"
    }

    // MARK: - Rank

    /// The rank with its direction, so a reader knows whether 1 is good or bad:
    /// - „liegt auf Rang 4 von 10 Stadtteilen (Rang 1 ist der niedrigste Anteil)“ · "ranks 4th of 10
    ///   districts (1st is the lowest share)"
    /// - first or last: „liegt auf Rang 10 von 10 Stadtteilen – das ist der höchste Anteil“ ·
    ///   "ranks 10th of 10 districts – the highest share"
    /// - tied: „liegt gemeinsam mit einem weiteren Stadtteil auf Rang 3 von 10 Stadtteilen (…)“ ·
    ///   "shares 3rd place of 10 districts with 1 other district (…)"
    /// - all equal: „ist in allen 10 Stadtteilen gleich hoch“ · "is the same in all 10 districts".
    /// Rank 1 is the lowest value when higher is worse, else the highest (as `RankMeasure`); shares say
    /// „Anteil“ · "share", other units „Wert“ · "value".
    public func rank(_ rank: RankMeasure, among noun: Noun, unit: IndicatorUnit, polarity: Polarity) -> String {
        let forms = noun.forms(language)
        let de = language == .de
        let thing = unit == .percent ? (de ? "Anteil" : "share") : (de ? "Wert" : "value")
        let firstIsLowest = polarity == .higherIsWorse
        func extreme(lowest: Bool) -> String { de ? (lowest ? "niedrigste" : "höchste") : (lowest ? "lowest" : "highest") }
        let nb = Formatting.noBreakSpace
        let total = format.integer(rank.count) + nb + (rank.count == 1 ? forms.singular : forms.dativePlural)
        if rank.count == 1 {
            return de ? "liegt nur für diesen \(forms.singular) vor (Rang\(nb)1 von 1)" : "is available for this \(forms.singular) only (1st of 1)"
        }
        if rank.isBest && rank.isWorst {
            return de ? "ist in allen \(total) gleich hoch" : "is the same in all \(total)"
        }
        let place = de ? "auf Rang\(nb)\(rank.position) von \(total)" : "\(ordinal(rank.position)) of \(total)"
        var tied = ""
        if rank.ties > 0 {
            if de {
                let one = forms.gender == .feminine ? "einer weiteren" : "einem weiteren"
                tied = rank.ties == 1 ? "gemeinsam mit \(one) \(forms.singular) " : "gemeinsam mit \(rank.ties)\(nb)weiteren \(forms.dativePlural) "
            } else {
                tied = " with \(rank.ties)\(nb)other " + (rank.ties == 1 ? forms.singular : forms.plural)
            }
        }
        let verb = de ? "liegt \(tied)\(place)" : (rank.ties > 0 ? "shares \(place.replacingFirst(" of", with: " place of"))\(tied)" : "ranks \(place)")
        if rank.isBest || rank.isWorst {
            let lowest = rank.isBest == firstIsLowest
            return de ? "\(verb) – das ist der \(extreme(lowest: lowest)) \(thing)"
                      : "\(verb) – the \(extreme(lowest: lowest)) \(thing)"
        }
        return de ? "\(verb) (Rang\(nb)1 ist der \(extreme(lowest: firstIsLowest)) \(thing))"
                  : "\(verb) (1st is the \(extreme(lowest: firstIsLowest)) \(thing))"
    }

    /// When the area has no value: „hat keinen Rang unter den Stadtteilen“ · "has no rank among the districts".
    public func rankUnavailable(among noun: Noun) -> String {
        let forms = noun.forms(language)
        return language == .de ? "hat keinen Rang unter den \(forms.dativePlural)" : "has no rank among the \(forms.plural)"
    }

    /// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st …
    func ordinal(_ n: Int) -> String {
        let tens = n % 100, ones = n % 10
        let suffix = (11...13).contains(tens) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th"
        return "\(n)\(suffix)"
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (stdlib only).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, let range = range(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }

    private func range(of target: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
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
    /// The first part of a compound („Stadtteil|profil“, „Bezirks|profil“); the singular by default.
    public var compound: String

    public init(singular: String, plural: String, dativePlural: String? = nil, gender: Gender = .neuter, compound: String? = nil) {
        self.singular = singular; self.plural = plural; self.dativePlural = dativePlural ?? plural; self.gender = gender
        self.compound = compound ?? singular
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
                                         en: NounForms(singular: "subdistrict", plural: "subdistricts"))
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
