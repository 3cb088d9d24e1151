import IndicatorStore

// What a template may know. Plain Codable structs with stored properties only (Stencil reads them by
// reflection, which does not see computed properties), every enum as its raw string so templates can
// compare with `{% if fact.current.status == "suppressed" %}`, and every number also pre-formatted in the
// document language. A suppressed or missing value is nil and comes with an explicit phrase; it is never
// 0, NaN or an empty string.

/// An indicator's metadata, for headings and footnotes.
public struct IndicatorInfo: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var shortLabel: String
    public var domain: String
    /// `percent`, `count`, `per_1000`, `euro`, `years`, `index`.
    public var unit: String
    public var decimals: Int
    /// `higher_is_better`, `higher_is_worse`, `neutral`.
    public var polarity: String
    /// `month`, `quarter`, `year`.
    public var granularity: String
    public var numerator: String
    public var denominator: String
    public var referenceDate: String
    public var source: String
    public var licence: String
    public var synthetic: Bool
    /// What the indicator counts, compactly, with its reference date and frequency: „Leistungsberechtigte
    /// nach SGB II je 100 Einwohner unter der Regelaltersgrenze. Bezug: Monatsende, monatlich.“
    public var definitionText: String
    /// The source with its licence: „Synthetische Demodaten (CivicBrief); Lizenz: CC0 1.0“.
    public var sourceText: String
    /// Name, definition and source, for a footnote: „SGB-II-Quote (Bürgergeld): Leistungsberechtigte … .
    /// Quelle: …“. The licence and whether the data are synthetic are said once per document, not per note.
    public var footnote: String

    public init(_ indicator: Indicator, language: Language) {
        let english = language == .en
        code = indicator.code; name = indicator.name(english: english); shortLabel = indicator.shortLabel(english: english)
        domain = indicator.domain.rawValue; unit = indicator.unit.rawValue; decimals = indicator.decimals
        polarity = indicator.polarity.rawValue; granularity = indicator.granularity.rawValue
        let definition = indicator.definition(english: english)
        numerator = definition.numerator; denominator = definition.denominator
        referenceDate = definition.referenceDate
        source = indicator.source(english: english); licence = indicator.licence(english: english); synthetic = indicator.synthetic
        definitionText = Self.definitionText(indicator, language: language)
        sourceText = Self.sourceText(indicator, language: language)
        footnote = indicator.name(english: english) + ": " + definitionText + (english ? " Source: " : " Quelle: ")
            + Self.sentence(indicator.source(english: english))
    }

    /// The ratio in words („X je 100 Y“; words rather than a fraction sign, which screen readers
    /// announce inconsistently), then „Bezug: Monatsende, monatlich.“
    static func definitionText(_ indicator: Indicator, language: Language) -> String {
        let de = language == .de
        let d = indicator.definition(english: !de)
        let per = de ? "je" : "per"
        var what = d.numerator.isEmpty ? indicator.name(english: !de) : d.numerator
        if !d.denominator.isEmpty {
            switch indicator.unit {
            case .percent: what += " \(per) 100 \(d.denominator)"
            case .perThousand: what += de ? " je 1.000 \(d.denominator)" : " per 1,000 \(d.denominator)"
            case .euro: what += " \(per) \(d.denominator)" + (de ? ", in Euro" : ", in euros")
            case .count, .years, .index: what += (de ? "; Bezug: " : "; base: ") + d.denominator
            }
        } else {
            switch indicator.unit {
            case .years: what += de ? ", in Jahren" : ", in years"
            case .euro: what += de ? ", in Euro" : ", in euros"
            default: break
            }
        }
        let frequency: String
        switch indicator.granularity {
        case .month: frequency = de ? "monatlich" : "monthly"
        case .quarter: frequency = de ? "vierteljährlich" : "quarterly"
        case .year: frequency = de ? "jährlich" : "yearly"
        }
        let when = d.referenceDate.isEmpty ? frequency : d.referenceDate + ", " + frequency
        return sentence(what) + (de ? " Erhebung: " : " Reference date: ") + sentence(when)
    }

    static func sourceText(_ indicator: Indicator, language: Language) -> String {
        let de = language == .de
        let licence = indicator.licence(english: !de)
        return indicator.source(english: !de) + (licence.isEmpty ? "" : (de ? "; Lizenz: " : "; licence: ") + licence)
    }

    /// The text ended with one full stop (a reference date like „31.12.“ already ends with one).
    static func sentence(_ text: String) -> String { text.hasSuffix(".") ? text : text + "." }
}

public struct AreaInfo: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    /// `city`, `district`, `subdistrict`.
    public var level: String

    public init(_ area: Area) { code = area.code; name = area.name; level = area.level.rawValue }
}

/// One cell: an indicator's value for an area in a period.
public struct ValueFact: Sendable, Equatable, Codable {
    /// Canonical period, `2024-10`.
    public var period: String
    /// `Oktober 2024` · `October 2024`.
    public var periodLabel: String
    /// Nil unless the status is final or provisional.
    public var value: Double?
    /// `final`, `provisional`, `suppressed`, `missing` (also when the store has no row at all).
    public var status: String
    public var hasValue: Bool
    public var provisional: Bool
    /// `9,3 %`; `x` when suppressed, `–` when missing (see `StatusSymbols`).
    public var formatted: String
    /// „Der Wert ist aus Datenschutzgründen gesperrt.“ etc.; nil when there is a value.
    public var statusSentence: String?
    /// The value as a predicate whose subject is the indicator, in every state: „beträgt 9,3 %“,
    /// „beträgt vorläufig 9,3 %“, „ist für Oktober 2026 aus Datenschutzgründen gesperrt“, „liegt für
    /// Oktober 2026 nicht vor“ (filter `value_phrase`).
    public var phrase: String
    /// The note stored with the observation, if any.
    public var note: String?

    public init(observation: Observation?, period: Period, indicator: Indicator, language: Language) {
        let status = observation?.status ?? .missing
        let value = status.hasValue ? observation?.value.flatMap { $0.isFinite ? $0 : nil } : nil
        let effective: ObservationStatus = value == nil && status.hasValue ? .missing : status
        let format = Formatting(language)
        self.period = period.description
        periodLabel = format.period(period)
        self.value = value
        self.status = effective.rawValue
        hasValue = value != nil
        provisional = effective == .provisional
        formatted = format.cell(value, status: effective, unit: indicator.unit, decimals: indicator.decimals)
        let phrases = Phrases(language)
        statusSentence = phrases.statusSentence(effective)
        phrase = phrases.value(formatted, status: effective, periodLabel: periodLabel)
        note = observation?.note
    }
}

/// The change of a value against the previous period or the same period a year earlier.
public struct ChangeFact: Sendable, Equatable, Codable {
    /// `previousPeriod` or `yearEarlier`.
    public var basis: String
    /// `Vormonat`, `Vorjahresquartal`, … · `previous month`, …
    public var basisLabel: String
    public var compared: ValueFact
    /// Both values exist, so the change can be stated.
    public var available: Bool
    /// Current minus compared, in the unit (percentage points for percentages), as displayed.
    public var absolute: Double?
    /// In percent of the compared value; nil when it is zero or unavailable.
    public var relativePercent: Double?
    /// `+0,4 Pp.` / `+120` for tables.
    public var formattedAbsolute: String?
    /// `+0,4 Prozentpunkte` for text.
    public var formattedAbsoluteLong: String?
    /// `+2,5 %`.
    public var formattedRelative: String?
    /// `rising`, `falling`, `unchanged`.
    public var direction: String?
    /// `improvement`, `deterioration`, `neutral`, `unchanged` (with respect to polarity).
    public var assessment: String?
    /// At or above the threshold in `Thresholds`.
    public var notable: Bool
    public var score: Double?
    /// Always a predicate with the indicator as subject: the change clause, or why there is none.
    public var phrase: String
}

public struct TrendFact: Sendable, Equatable, Codable {
    /// `rising`, `falling`, `stable`, `unknown`.
    public var direction: String
    public var periodsInRow: Int
    public var since: String?
    public var sinceLabel: String?
    /// The window looked at: at most `FactsBuilder.trendWindow` changes back, never across a gap.
    public var windowStart: String?
    public var windowChange: Double?
    public var formattedWindowChange: String?
    public var phrase: String
}

public struct CityFact: Sendable, Equatable, Codable {
    public var area: AreaInfo
    public var city: ValueFact
    /// Both values exist and the unit allows it (not for counts: a district's count is part of the city's).
    public var available: Bool
    public var deviation: Double?
    public var relativePercent: Double?
    /// `+1,3 Pp.`
    public var formattedDeviation: String?
    /// `wellAbove`, `slightlyAbove`, `about`, `slightlyBelow`, `wellBelow`.
    public var category: String?
    /// `better`, `worse`, `neutral`, `same` (with respect to polarity).
    public var standing: String?
    /// The rule that chose the word (`ComparisonRule`), and whether its small-share floor raised it.
    public var rule: ComparisonRule
    public var floorApplied: Bool
    /// Why no comparison is made (`ownValue`, `citySuppressed`, `cityMissing`, `notCompared`); nil when made.
    public var unavailableReason: String?
    /// The comparison clause, with the city value: „liegt deutlich über dem städtischen Durchschnitt von 9,0 %“.
    public var phrase: String
}

public struct RankFact: Sendable, Equatable, Codable {
    public var position: Int
    public var count: Int
    public var isBest: Bool
    public var isWorst: Bool
    /// Other areas with the same displayed value (they share the rank).
    public var ties: Int
    /// `lowest` when rank 1 is the lowest value (higher is worse), else `highest`.
    public var firstIs: String
    /// With its direction: „liegt auf Rang 10 von 10 Stadtteilen – der höchste Anteil aller Stadtteile“.
    public var phrase: String
}

/// Everything a template may say about one indicator, area and period.
public struct IndicatorFact: Sendable, Equatable, Codable {
    public var language: String
    public var indicator: IndicatorInfo
    public var area: AreaInfo
    public var current: ValueFact
    public var previous: ChangeFact
    public var yearEarlier: ChangeFact
    public var trend: TrendFact
    /// Nil when the area is the city itself or the store has no city area.
    public var city: CityFact?
    /// Nil when the area has no value, or is the city.
    public var rank: RankFact?
}
