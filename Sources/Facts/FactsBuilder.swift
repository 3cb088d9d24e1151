import Foundation
import IndicatorStore

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
    /// The city's words for itself and its area levels (`city.yaml` next to the store, README "City profile").
    public let profile: CityProfile
    /// A table or map asks for the same cross-section and city cell once per area; they are read once.
    private let shared = SharedCells()

    /// `profile` nil: the one next to the store (`CityProfile.forStore`), whose problems are thrown.
    public init(store: IndicatorStore, language: Language = .de, trendWindow: Int = FactsBuilder.defaultTrendWindow,
                profile: CityProfile? = nil) throws {
        self.store = store; self.language = language; self.trendWindow = trendWindow
        self.profile = try profile ?? CityProfile.forStore(store.path)
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
            }, areaNoun: profile.noun(area.level))
    }

    /// The profile as templates read it, in this builder's language.
    public var profileFact: ProfileFact { ProfileFact(profile, cityName: city?.name ?? "", language: language) }

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
