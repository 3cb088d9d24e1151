import IndicatorStore

/// The rule behind „entspricht etwa“, „leicht über/unter“ and „deutlich über/unter“ when an area's
/// value is compared with the city value. One relative threshold for every unit misled: two years of
/// life expectancy were „in etwa“ the city's (2,5 %), 9,4 percentage points more single-person
/// households only „leicht“ (17 %). So each kind of unit is measured in what a social planner would
/// quote (README "Comparisons with the city"):
///
/// | unit | measure | etwa gleich | leicht | deutlich |
/// |---|---|---|---|---|
/// | percent (shares) | percentage points, relative floor below a 10 % city share | < 1 pp | 1 to < 5 pp | ≥ 5 pp |
/// | years | years | < 0,5 | 0,5 to < 1,5 | ≥ 1,5 |
/// | euro | percent of the city value | < 3 % | 3 to < 10 % | ≥ 10 % |
/// | per 1,000, index | percent of the city value | < 5 % | 5 to < 20 % | ≥ 20 % |
/// | count | not compared: a district's count is part of the city's | | | |
///
/// Small shares: where the city's share is below 10 %, a relative difference of at least 10 % makes
/// the word at least „leicht“ and of at least 25 % „deutlich“ (5,5 % against 2,9 % is 2,6 points but
/// nearly twice the city's share). An indicator can carry its own rule in its metadata
/// (`comparison`, `comparison_about`, `comparison_clear`), which replaces the default for its unit.
public struct ComparisonRule: Sendable, Equatable, Codable {
    public typealias Measure = ComparisonSetting.Measure

    public var measure: Measure
    /// Differences below this are „etwa gleich“ (percent of the city value for `relative`).
    public var about: Double
    /// Differences at or above this are „deutlich“.
    public var clear: Double
    /// `unit` (the default for the indicator's unit) or `indicator` (its own metadata).
    public var origin: String

    public init(measure: Measure, about: Double, clear: Double, origin: String) {
        self.measure = measure; self.about = about; self.clear = clear; self.origin = origin
    }

    /// The small-share floor of `share`: it applies where the city's share is below this (percent)…
    public static let smallShareBelow = 10.0
    /// …and lifts the word to at least „leicht“ from this relative difference (percent) on…
    public static let smallShareSlight = 10.0
    /// …and to „deutlich“ from this one.
    public static let smallShareClear = 25.0

    /// The default for a unit.
    public static func defaultRule(for unit: IndicatorUnit) -> ComparisonRule {
        switch unit {
        case .percent: ComparisonRule(measure: .share, about: 1, clear: 5, origin: "unit")
        case .years: ComparisonRule(measure: .points, about: 0.5, clear: 1.5, origin: "unit")
        case .euro: ComparisonRule(measure: .relative, about: 3, clear: 10, origin: "unit")
        case .perThousand, .index: ComparisonRule(measure: .relative, about: 5, clear: 20, origin: "unit")
        case .count: ComparisonRule(measure: .none, about: 0, clear: 0, origin: "unit")
        }
    }

    /// The indicator's own rule where its metadata has one, else the default for its unit.
    public static func of(_ indicator: Indicator) -> ComparisonRule {
        guard let own = indicator.comparison else { return defaultRule(for: indicator.unit) }
        return ComparisonRule(measure: own.measure, about: own.about, clear: own.clear, origin: "indicator")
    }

    /// Grades a difference: 0 = etwa gleich, 1 = leicht, 2 = deutlich. `absolute` is area minus city
    /// in the unit (percentage points for shares), `relative` the same in percent of the city value
    /// (nil when the city value is zero).
    func grade(absolute: Double, relative: Double?, city: Double) -> (grade: Int, floorApplied: Bool) {
        func byThresholds(_ size: Double) -> Int {
            size < about - Thresholds.epsilon ? 0 : size < clear - Thresholds.epsilon ? 1 : 2
        }
        // A city value of zero has no relative size: equal values are „etwa gleich“, any other is „deutlich“.
        let relativeSize = relative.map(abs) ?? (absolute == 0 ? 0 : .greatestFiniteMagnitude)
        switch measure {
        case .none: return (0, false)
        case .points: return (byThresholds(abs(absolute)), false)
        case .relative: return (byThresholds(relativeSize), false)
        case .share:
            let points = byThresholds(abs(absolute))
            guard abs(city) < Self.smallShareBelow - Thresholds.epsilon else { return (points, false) }
            let floor = relativeSize >= Self.smallShareClear - Thresholds.epsilon ? 2
                : relativeSize >= Self.smallShareSlight - Thresholds.epsilon ? 1 : 0
            return (max(points, floor), floor > points)
        }
    }
}
