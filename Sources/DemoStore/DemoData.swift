#if canImport(Glibc)
import Glibc
#endif
import IndicatorStore

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

    /// One indicator's observations for every period: the city figure follows its anchor, trend and
    /// season; the districts share it by their profile and disadvantage, with smooth noise (DemoCells.swift).
    private static func generate(_ spec: Spec, rng: inout SplitMix64, subRNG: inout SplitMix64) -> [Observation] {
        let ind = spec.indicator
        let periods = periods(ind.granularity)
        // Smooth noise: an AR(1) process per district, so series wander rather than jump.
        var ar = (0..<districts.count).map { _ in rng.gaussian() }
        var out: [Observation] = []
        for period in periods {
            ar = ar.map { 0.8 * $0 + 0.6 * rng.gaussian() }
            let provisional = ind.granularity != .year && period == periods.last
            let cells = PeriodCells(spec: spec, period: period, cityTarget: cityTarget(spec, at: period),
                                    populations: populations(year: min(period.year, 2026)), noise: ar,
                                    status: provisional ? .provisional : .final, note: provisional ? "vorläufiger Wert" : nil,
                                    withSubdistricts: subdistrictIndicators.contains(ind.code))
            switch spec.kind {
            case .population: out += cells.population()
            case .rate(let scale, let share): out += cells.rate(scale: scale, share: share, subRNG: &subRNG)
            case .count(let personCases): out += cells.count(personCases: personCases)
            case .mean: out += cells.mean()
            }
        }
        return out
    }

    /// The city's value in `period`: the anchor value with the trend, and the season (peaks in winter)
    /// divided by the anchor month's factor so the anchor value is met exactly.
    static func cityTarget(_ spec: Spec, at period: Period) -> Double {
        let years = Double(period.year - spec.anchor.year) + Double(period.firstMonth - spec.anchor.firstMonth) / 12
        var target = spec.anchorValue * pow(1 + spec.trendPerYear, years)
        if spec.seasonal != 0 {
            func season(_ month: Int) -> Double { 1 + spec.seasonal * cos(2 * Double.pi * (Double(month) - 1.5) / 12) }
            target *= season(period.firstMonth) / season(spec.anchor.firstMonth)
        }
        return target
    }
}
