import IndicatorStore

// One fact from plain inputs (FactInputs): what a template may know about an indicator in an area
// for a period. The builder (FactsBuilder.swift) fetches the inputs from the store.

/// Everything one fact is computed from; plain values, so it can be built by hand in tests.
public struct FactInputs: Sendable {
    public var indicator: Indicator
    public var area: Area
    public var period: Period
    public var current: Observation?
    public var previous: Observation?
    public var yearEarlier: Observation?
    /// The area's observations over the trend window (any order; gaps allowed).
    public var series: [Observation]
    /// The city area and its observation in `period`, if the store has a city.
    public var city: Area?
    public var cityObservation: Observation?
    /// All observations of the area's level in `period`, for the rank.
    public var crossSection: [Observation]
    /// What the city calls the areas of this level (its profile): „Rang 3 von 12 Bezirken“.
    public var areaNoun: Noun?

    public init(indicator: Indicator, area: Area, period: Period, current: Observation?, previous: Observation?,
                yearEarlier: Observation?, series: [Observation], city: Area?, cityObservation: Observation?,
                crossSection: [Observation], areaNoun: Noun? = nil) {
        self.areaNoun = areaNoun
        self.indicator = indicator; self.area = area; self.period = period; self.current = current
        self.previous = previous; self.yearEarlier = yearEarlier; self.series = series; self.city = city
        self.cityObservation = cityObservation; self.crossSection = crossSection
    }
}

extension IndicatorFact {
    /// Computes the fact from plain inputs: the value, its changes on the previous period and a year
    /// earlier, the trend, the comparison with the city and the rank among the areas of its level.
    /// `trendWindow` is the most period-on-period changes looked at.
    public init(_ inputs: FactInputs, language: Language, trendWindow: Int = FactsBuilder.defaultTrendWindow) {
        let ind = inputs.indicator, period = inputs.period
        let current = ValueFact(observation: inputs.current, period: period, indicator: ind, language: language)
        self.language = language.rawValue
        indicator = IndicatorInfo(ind, language: language)
        area = AreaInfo(inputs.area)
        self.current = current
        previous = Self.change(.previousPeriod, inputs.previous, period.previous(), current: current, indicator: ind, language: language)
        yearEarlier = Self.change(.yearEarlier, inputs.yearEarlier, period.yearEarlier(), current: current, indicator: ind,
                                  language: language)
        trend = Self.trend(inputs, current: current, window: trendWindow, language: language)
        city = Self.cityComparison(inputs, current: current, language: language)
        rank = Self.rank(inputs, current: current, language: language)
    }

    /// The change against `observation` (in `comparedPeriod`), or why there is none.
    static func change(_ basis: ChangeBasis, _ observation: Observation?, _ comparedPeriod: Period, current: ValueFact,
                       indicator ind: Indicator, language: Language) -> ChangeFact {
        let phrases = Phrases(language), format = phrases.format
        let compared = ValueFact(observation: observation, period: comparedPeriod, indicator: ind, language: language)
        var fact = ChangeFact(basis: basis.rawValue, basisLabel: phrases.basisLabel(basis, granularity: ind.granularity),
                              compared: compared, available: false, absolute: nil, relativePercent: nil,
                              formattedAbsolute: nil, formattedAbsoluteLong: nil, formattedRelative: nil,
                              direction: nil, assessment: nil, notable: false, score: nil, phrase: "")
        guard let now = current.value else {
            // The value clause says why; this one only that no change can be given.
            fact.phrase = phrases.changeNotPossible(basis: basis, granularity: ind.granularity)
            return fact
        }
        guard let then = compared.value else {
            fact.phrase = phrases.changeUnavailable(basis: basis, granularity: ind.granularity,
                                                    baseStatus: ObservationStatus(rawValue: compared.status) ?? .missing)
            return fact
        }
        let m = ChangeMeasure.between(current: now, base: then, unit: ind.unit, decimals: ind.decimals,
                                      polarity: ind.polarity, basis: basis, granularity: ind.granularity)
        fact.available = true
        fact.absolute = m.absolute
        fact.relativePercent = m.relativePercent
        fact.formattedAbsolute = format.change(m.absolute, unit: ind.unit, decimals: ind.decimals, style: .short)
        fact.formattedAbsoluteLong = format.change(m.absolute, unit: ind.unit, decimals: ind.decimals, style: .long)
        fact.formattedRelative = m.relativePercent.map { format.percent($0, decimals: 1, signed: true) }
        fact.direction = m.direction.rawValue
        fact.assessment = m.assessment.rawValue
        fact.notable = m.notable
        fact.score = m.score
        fact.phrase = phrases.change(m, unit: ind.unit, decimals: ind.decimals, basis: basis, granularity: ind.granularity)
        return fact
    }

    /// The direction of the last changes and since when, or that there is none without a value.
    static func trend(_ inputs: FactInputs, current: ValueFact, window trendWindow: Int, language: Language) -> TrendFact {
        let ind = inputs.indicator, period = inputs.period
        let phrases = Phrases(language), format = phrases.format
        if current.hasValue {
            let points = inputs.series.filter { $0.indicator == ind.code && $0.area == inputs.area.code }
                .map { SeriesPoint(period: $0.period, value: $0.status.hasValue ? $0.value : nil) }
                + [SeriesPoint(period: period, value: current.value)]
            let t = TrendMeasure.of(series: points.reversed(), at: period, window: trendWindow, decimals: ind.decimals)
            return TrendFact(direction: t.direction.rawValue, periodsInRow: t.periodsInRow, since: t.since?.description,
                             sinceLabel: t.since.map(format.period), windowStart: t.windowStart?.description,
                             windowChange: t.windowChange,
                             formattedWindowChange: t.windowChange.map { format.change($0, unit: ind.unit, decimals: ind.decimals, style: .short) },
                             phrase: phrases.trend(t, granularity: ind.granularity))
        } else {
            return TrendFact(direction: TrendDirection.unknown.rawValue, periodsInRow: 0, since: nil, sinceLabel: nil,
                             windowStart: nil, windowChange: nil, formattedWindowChange: nil,
                             phrase: phrases.trendUnavailable)
        }
    }

    /// The comparison with the city by the indicator's rule, or why there is none; nil for the city itself.
    static func cityComparison(_ inputs: FactInputs, current: ValueFact, language: Language) -> CityFact? {
        let ind = inputs.indicator, period = inputs.period
        let phrases = Phrases(language), format = phrases.format
        let rule = ComparisonRule.of(ind)
        if let cityArea = inputs.city, cityArea.code != inputs.area.code {
            let cityValue = ValueFact(observation: inputs.cityObservation, period: period, indicator: ind, language: language)
            var fact = CityFact(area: AreaInfo(cityArea), city: cityValue, available: false, deviation: nil, relativePercent: nil,
                                formattedDeviation: nil, category: nil, standing: nil, rule: rule, floorApplied: false,
                                unavailableReason: nil, phrase: "")
            let shown = cityValue.hasValue ? cityValue.formatted : nil
            let reason: Phrases.CityUnavailable?
            if rule.measure == .none { reason = .notCompared }
            else if current.value == nil { reason = .ownValue }
            else if cityValue.value == nil { reason = cityValue.status == ObservationStatus.suppressed.rawValue ? .citySuppressed : .cityMissing }
            else { reason = nil }
            if let reason {
                fact.unavailableReason = reason.rawValue
                fact.phrase = phrases.cityComparisonUnavailable(reason, cityValue: shown)
            } else if let v = current.value, let c = cityValue.value {
                let d = DeviationMeasure.between(value: v, city: c, decimals: ind.decimals, polarity: ind.polarity, rule: rule)
                fact.available = true
                fact.deviation = d.absolute
                fact.relativePercent = d.relativePercent
                fact.formattedDeviation = format.change(d.absolute, unit: ind.unit, decimals: ind.decimals, style: .short)
                fact.category = d.category.rawValue
                fact.standing = d.standing.rawValue
                fact.floorApplied = d.floorApplied
                fact.phrase = phrases.cityComparison(d.category, cityValue: cityValue.formatted)
            }
            return fact
        }
        return nil
    }

    /// The area's rank among the areas of its level; nil for the city.
    static func rank(_ inputs: FactInputs, current: ValueFact, language: Language) -> RankFact? {
        let ind = inputs.indicator, period = inputs.period
        let phrases = Phrases(language)
        if inputs.area.level != .city {
            var values: [String: Double?] = [:]
            for o in inputs.crossSection where o.indicator == ind.code && o.period == period {
                values[o.area] = o.status.hasValue ? o.value : nil
            }
            values[inputs.area.code] = current.value
            return RankMeasure.of(area: inputs.area.code, among: values, polarity: ind.polarity, decimals: ind.decimals).map {
                RankFact(position: $0.position, count: $0.count, isBest: $0.isBest, isWorst: $0.isWorst, ties: $0.ties,
                         firstIs: ind.polarity == .higherIsWorse ? "lowest" : "highest",
                         phrase: phrases.rank($0, among: inputs.areaNoun ?? .areas(inputs.area.level), unit: ind.unit, polarity: ind.polarity))
            }
        }
        return nil
    }
}
