import IndicatorStore

/// One change at or above its threshold (see `Thresholds`).
public struct NotableChange: Sendable, Equatable, Codable {
    public var indicatorCode: String
    public var indicatorName: String
    public var indicatorShortLabel: String
    public var area: AreaInfo
    public var current: ValueFact
    public var compared: ValueFact
    public var absolute: Double
    public var relativePercent: Double?
    /// `+0,6 Pp.`, `+120`.
    public var formattedAbsolute: String
    public var formattedRelative: String?
    /// `rising`, `falling`.
    public var direction: String
    /// `improvement`, `deterioration`, `neutral`.
    public var assessment: String
    /// Size relative to the threshold (≥ 1); the lists are ordered by it.
    public var score: Double
    /// „ist gegenüber dem Vormonat um 0,6 Prozentpunkte gestiegen“.
    public var phrase: String
}

/// The notable changes of one period across indicators and areas of one level.
public struct NotableChanges: Sendable, Equatable, Codable {
    public var period: String
    public var periodLabel: String
    /// `previousPeriod` or `yearEarlier`.
    public var basis: String
    public var level: String
    /// Largest first: by score, then indicator code, then area code.
    public var improvements: [NotableChange]
    public var deteriorations: [NotableChange]
    /// Notable changes of indicators without polarity (e.g. residents).
    public var neutral: [NotableChange]
    /// Area names with a notable improvement / deterioration, each once, in the order of the lists.
    public var improvementAreas: [String]
    public var deteriorationAreas: [String]
    /// What counts as notable, for a note under the list.
    public var thresholdNote: String

    /// Finds the notable changes from plain values. `current` and `compared` are observations of the
    /// `indicators` for the `areas` in `period` and in the compared period; anything else is ignored,
    /// as are suppressed and missing values on either side. `limit` caps each list.
    public static func find(indicators: [Indicator], areas: [Area], current: [Observation], compared: [Observation],
                            period: Period, basis: ChangeBasis, level: AreaLevel, language: Language,
                            limit: Int? = nil) -> NotableChanges {
        let phrases = Phrases(language), format = phrases.format
        let comparedPeriod = basis == .previousPeriod ? period.previous() : period.yearEarlier()
        let areaByCode = Dictionary(areas.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func index(_ observations: [Observation], _ p: Period) -> [String: Observation] {
            var result: [String: Observation] = [:]
            for o in observations where o.period == p { result[o.indicator + "\u{0}" + o.area] = o }
            return result
        }
        let now = index(current, period), then = index(compared, comparedPeriod)
        var found: [NotableChange] = []
        for indicator in indicators where indicator.granularity == period.granularity {
            for area in areas {
                let key = indicator.code + "\u{0}" + area.code
                guard let a = now[key], a.status.hasValue, let v = a.value, v.isFinite,
                      let b = then[key], b.status.hasValue, let w = b.value, w.isFinite else { continue }
                let m = ChangeMeasure.between(current: v, base: w, unit: indicator.unit, decimals: indicator.decimals,
                                              polarity: indicator.polarity, basis: basis, granularity: indicator.granularity)
                guard m.notable else { continue }
                found.append(NotableChange(
                    indicatorCode: indicator.code, indicatorName: indicator.name(english: language == .en),
                    indicatorShortLabel: indicator.shortLabel(english: language == .en),
                    area: AreaInfo(areaByCode[area.code] ?? area),
                    current: ValueFact(observation: a, period: period, indicator: indicator, language: language),
                    compared: ValueFact(observation: b, period: comparedPeriod, indicator: indicator, language: language),
                    absolute: m.absolute, relativePercent: m.relativePercent,
                    formattedAbsolute: format.change(m.absolute, unit: indicator.unit, decimals: indicator.decimals, style: .short),
                    formattedRelative: m.relativePercent.map { format.percent($0, decimals: 1, signed: true) },
                    direction: m.direction.rawValue, assessment: m.assessment.rawValue, score: m.score,
                    phrase: phrases.change(m, unit: indicator.unit, decimals: indicator.decimals, basis: basis,
                                           granularity: indicator.granularity)))
            }
        }
        found.sort { l, r in
            if l.score != r.score { return l.score > r.score }
            if l.indicatorCode != r.indicatorCode { return l.indicatorCode < r.indicatorCode }
            return l.area.code < r.area.code
        }
        func pick(_ assessment: Assessment) -> [NotableChange] {
            let all = found.filter { $0.assessment == assessment.rawValue }
            return limit.map { Array(all.prefix(max(0, $0))) } ?? all
        }
        func names(_ list: [NotableChange]) -> [String] {
            var seen = Set<String>()
            return list.compactMap { seen.insert($0.area.code).inserted ? $0.area.name : nil }
        }
        let improvements = pick(.improvement), deteriorations = pick(.deterioration)
        return NotableChanges(period: period.description, periodLabel: format.period(period), basis: basis.rawValue,
                              level: level.rawValue, improvements: improvements, deteriorations: deteriorations,
                              neutral: pick(.neutral), improvementAreas: names(improvements),
                              deteriorationAreas: names(deteriorations),
                              thresholdNote: thresholdNote(basis: basis, granularity: period.granularity, language: language))
    }

    /// „Als auffällig gilt eine Veränderung gegenüber dem Vormonat um mindestens 0,5 Prozentpunkte bei Anteilen
    /// und um mindestens 5 % bei anderen Größen.“
    public static func thresholdNote(basis: ChangeBasis, granularity: Granularity, language: Language) -> String {
        let phrases = Phrases(language), format = phrases.format
        let pp = Thresholds.notableThreshold(unit: .percent, basis: basis, granularity: granularity)
        let relative = Thresholds.notableThreshold(unit: .count, basis: basis, granularity: granularity) * 100
        let against = phrases.basisPhrase(basis, granularity: granularity)
        switch language {
        case .de:
            return "Als auffällig gilt eine Veränderung \(against) um mindestens \(format.percentagePoints(pp, decimals: 1)) "
                + "bei Anteilen und um mindestens \(format.percent(relative, decimals: 0)) bei anderen Größen."
        case .en:
            return "A change \(against) counts as notable from \(format.percentagePoints(pp, decimals: 1)) "
                + "for shares and from \(format.percent(relative, decimals: 0)) for other measures."
        }
    }
}

extension FactsBuilder {
    /// The notable changes of `period` among the areas of `level`, over every indicator of the period's
    /// granularity (or only `indicators`, if given).
    public func notableChanges(period: Period, level: AreaLevel = .district, basis: ChangeBasis = .previousPeriod,
                               indicators codes: [String]? = nil, limit: Int? = nil) throws -> NotableChanges {
        var indicators = self.indicators.values.filter { $0.granularity == period.granularity }.sorted { $0.code < $1.code }
        if let codes {
            for code in codes { _ = try requireIndicator(code) }
            indicators = indicators.filter { codes.contains($0.code) }
        }
        let comparedPeriod = basis == .previousPeriod ? period.previous() : period.yearEarlier()
        var current: [Observation] = [], compared: [Observation] = []
        for indicator in indicators {
            current += try store.crossSection(indicator: indicator.code, level: level, period: period)
            compared += try store.crossSection(indicator: indicator.code, level: level, period: comparedPeriod)
        }
        return NotableChanges.find(indicators: indicators, areas: areas.values.filter { $0.level == level }.sorted { $0.code < $1.code }, current: current,
                                   compared: compared, period: period, basis: basis, level: level,
                                   language: language, limit: limit)
    }
}
