import Foundation
import IndicatorStore

/// A request the store cannot answer, said so a template author can fix it.
public enum FactsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIndicator(String)
    case unknownArea(String)
    case wrongGranularity(indicator: String, period: String, expected: String)
    case noData(indicator: String)

    public var description: String {
        switch self {
        case .unknownIndicator(let code):
            "unknown indicator \"\(code)\" — list the indicator codes with `civicbrief inspect`"
        case .unknownArea(let code):
            "unknown area \"\(code)\" — area codes are text with leading zeros, e.g. \"03\"; list them with `civicbrief inspect`"
        case .wrongGranularity(let indicator, let period, let expected):
            "period \(period) does not fit indicator \(indicator), which is \(expected) — write the period as 2024-10 (month), 2024-Q3 (quarter) or 2024 (year)"
        case .noData(let indicator):
            "indicator \(indicator) has no values yet — import data or name a period explicitly"
        }
    }
}

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

    public init(indicator: Indicator, area: Area, period: Period, current: Observation?, previous: Observation?,
                yearEarlier: Observation?, series: [Observation], city: Area?, cityObservation: Observation?,
                crossSection: [Observation]) {
        self.indicator = indicator; self.area = area; self.period = period; self.current = current
        self.previous = previous; self.yearEarlier = yearEarlier; self.series = series; self.city = city
        self.cityObservation = cityObservation; self.crossSection = crossSection
    }
}

extension IndicatorFact {
    /// Computes the fact from plain inputs. `trendWindow` is the most period-on-period changes looked at.
    public init(_ inputs: FactInputs, language: Language, trendWindow: Int = FactsBuilder.defaultTrendWindow) {
        let ind = inputs.indicator, period = inputs.period
        let phrases = Phrases(language), format = phrases.format
        let current = ValueFact(observation: inputs.current, period: period, indicator: ind, language: language)
        self.language = language.rawValue
        indicator = IndicatorInfo(ind, language: language)
        area = AreaInfo(inputs.area)
        self.current = current

        func changeFact(_ basis: ChangeBasis, _ observation: Observation?, _ comparedPeriod: Period) -> ChangeFact {
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
        previous = changeFact(.previousPeriod, inputs.previous, period.previous())
        yearEarlier = changeFact(.yearEarlier, inputs.yearEarlier, period.yearEarlier())

        if current.hasValue {
            let points = inputs.series.filter { $0.indicator == ind.code && $0.area == inputs.area.code }
                .map { SeriesPoint(period: $0.period, value: $0.status.hasValue ? $0.value : nil) }
                + [SeriesPoint(period: period, value: current.value)]
            let t = TrendMeasure.of(series: points.reversed(), at: period, window: trendWindow, decimals: ind.decimals)
            trend = TrendFact(direction: t.direction.rawValue, periodsInRow: t.periodsInRow, since: t.since?.description,
                              sinceLabel: t.since.map(format.period), windowStart: t.windowStart?.description,
                              windowChange: t.windowChange,
                              formattedWindowChange: t.windowChange.map { format.change($0, unit: ind.unit, decimals: ind.decimals, style: .short) },
                              phrase: phrases.trend(t, granularity: ind.granularity))
        } else {
            trend = TrendFact(direction: TrendDirection.unknown.rawValue, periodsInRow: 0, since: nil, sinceLabel: nil,
                              windowStart: nil, windowChange: nil, formattedWindowChange: nil,
                              phrase: phrases.trendUnavailable)
        }

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
            city = fact
        } else {
            city = nil
        }

        if inputs.area.level != .city {
            var values: [String: Double?] = [:]
            for o in inputs.crossSection where o.indicator == ind.code && o.period == period {
                values[o.area] = o.status.hasValue ? o.value : nil
            }
            values[inputs.area.code] = current.value
            rank = RankMeasure.of(area: inputs.area.code, among: values, polarity: ind.polarity, decimals: ind.decimals).map {
                RankFact(position: $0.position, count: $0.count, isBest: $0.isBest, isWorst: $0.isWorst, ties: $0.ties,
                         firstIs: ind.polarity == .higherIsWorse ? "lowest" : "highest",
                         phrase: phrases.rank($0, among: .areas(inputs.area.level), unit: ind.unit, polarity: ind.polarity))
            }
        } else {
            rank = nil
        }
    }
}

/// What templates may know of the indicator store, and the only way to it for the stages after this
/// one: facts, and the areas, periods, series, cross-sections and social index a template or block
/// needs (StoreQueries.swift). It reads through the store's query API (never SQL). Areas and
/// indicators are read once when the builder is made; a render reads a store nobody writes to meanwhile.
public struct FactsBuilder: Sendable {
    /// Six period-on-period changes: half a year of months, a year and a half of quarters.
    public static let defaultTrendWindow = 6

    /// Not public: the template stage asks the builder, never the store (README "How it is built").
    let store: IndicatorStore
    public var language: Language
    public var trendWindow: Int
    let indicators: [String: Indicator]
    let areas: [String: Area]
    /// Every indicator and every area, in the store's order (areas: city, districts, subdistricts; by code).
    public let indicatorList: [Indicator]
    public let areaList: [Area]
    /// The city area, if the store has one.
    public let city: Area?
    /// A table or map asks for the same cross-section and city cell once per area; they are read once.
    private let shared = SharedCells()

    public init(store: IndicatorStore, language: Language = .de, trendWindow: Int = FactsBuilder.defaultTrendWindow) throws {
        self.store = store; self.language = language; self.trendWindow = trendWindow
        indicatorList = try store.indicators()
        indicators = Dictionary(indicatorList.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        areaList = try store.areas()
        areas = Dictionary(areaList.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        city = areaList.first { $0.level == .city }
    }

    /// The same builder for documents in `language` (it shares what was read so far).
    public func speaking(_ language: Language) -> FactsBuilder {
        var copy = self
        copy.language = language
        return copy
    }

    func requireIndicator(_ code: String) throws -> Indicator {
        guard let indicator = indicators[code] else { throw FactsError.unknownIndicator(code) }
        return indicator
    }

    /// The period a fact is about: the given one (checked against the indicator's granularity) or the latest with data.
    func resolvePeriod(_ period: Period?, for indicator: Indicator) throws -> Period {
        if let period {
            guard period.granularity == indicator.granularity else {
                throw FactsError.wrongGranularity(indicator: indicator.code, period: period.description,
                                                  expected: indicator.granularity.adjective)
            }
            return period
        }
        guard let latest = try store.latestPeriod(indicator: indicator.code) else { throw FactsError.noData(indicator: indicator.code) }
        return latest
    }

    /// The inputs of one fact, fetched from the store: one series covering the trend window and the
    /// same period a year earlier, the city's cell and the cross-section for the rank.
    public func inputs(indicator code: String, area areaCode: String, period: Period? = nil) throws -> FactInputs {
        let indicator = try requireIndicator(code)
        guard let area = areas[areaCode] else { throw FactsError.unknownArea(areaCode) }
        let period = try resolvePeriod(period, for: indicator)
        let start = min(period.advanced(by: -max(1, trendWindow)), period.yearEarlier())
        let series = try store.series(indicator: code, area: areaCode, from: start, to: period)
        func cell(_ p: Period) -> Observation? { series.first { $0.period == p } }
        return FactInputs(
            indicator: indicator, area: area, period: period,
            current: cell(period), previous: cell(period.previous()), yearEarlier: cell(period.yearEarlier()),
            series: series, city: city,
            cityObservation: try city.flatMap { city in
                if city.code == areaCode { return cell(period) }
                return try shared.cityCell("\(code)|\(period)") {
                    try store.observation(indicator: code, area: city.code, period: period)
                }
            },
            crossSection: area.level == .city ? [] : try shared.crossSection("\(code)|\(area.level.rawValue)|\(period)") {
                try store.crossSection(indicator: code, level: area.level, period: period)
            })
    }

    /// Everything a template may know about `indicator` in `area` for `period` (default: the latest period with data).
    public func fact(indicator: String, area: String, period: Period? = nil) throws -> IndicatorFact {
        IndicatorFact(try inputs(indicator: indicator, area: area, period: period), language: language, trendWindow: trendWindow)
    }

    /// A district profile: one fact per indicator (all, ordered by code, or the given ones in that order),
    /// each for its own latest period. Indicators without any value yet are left out.
    public func profile(area: String, indicators codes: [String]? = nil) throws -> [IndicatorFact] {
        let codes = codes ?? indicators.keys.sorted()
        var facts: [IndicatorFact] = []
        for code in codes {
            let indicator = try requireIndicator(code)
            guard try store.latestPeriod(indicator: indicator.code) != nil else { continue }
            facts.append(try fact(indicator: code, area: area))
        }
        return facts
    }

    /// One indicator for every area of `level` in `period` (default: the latest), ordered by area code,
    /// for tables and maps. Suppressed and missing areas are included, with their explicit status.
    public func facts(indicator code: String, level: AreaLevel = .district, period: Period? = nil) throws -> [IndicatorFact] {
        let period = try resolvePeriod(period, for: try requireIndicator(code))
        return try areas.values.filter { $0.level == level }.sorted { $0.code < $1.code }.map {
            try fact(indicator: code, area: $0.code, period: period)
        }
    }
}

/// Store answers that are the same for every area of a level: a builder reads one data state
/// (one render), so they are kept for its lifetime. Locked, as builders are shared values.
private final class SharedCells: @unchecked Sendable {
    private let lock = NSLock()
    private var crossSections: [String: [Observation]] = [:]
    private var cityCells: [String: Observation?] = [:]

    func crossSection(_ key: String, _ read: () throws -> [Observation]) throws -> [Observation] {
        if let known = lock.withLock({ crossSections[key] }) { return known }
        let value = try read()
        lock.withLock { crossSections[key] = value }
        return value
    }

    func cityCell(_ key: String, _ read: () throws -> Observation?) throws -> Observation? {
        if let known = lock.withLock({ cityCells[key] }) { return known }
        let value = try read()
        lock.withLock { cityCells[key] = .some(value) }
        return value
    }
}
