import IndicatorStore

// The pure computations behind the facts. They take plain values, so they are tested without a store;
// `FactsBuilder` feeds them from the store. Every input is first rounded to the indicator's displayed
// decimals, so a change the table shows as 0,0 is "unchanged" in the text as well.

public enum ChangeDirection: String, Sendable, Codable {
    case rising, falling, unchanged
}

/// Whether a change is good news, with respect to the indicator's polarity.
public enum Assessment: String, Sendable, Codable {
    /// Falling while higher is worse, or rising while higher is better.
    case improvement
    case deterioration
    /// Changed, but the indicator has no polarity (e.g. residents).
    case neutral
    case unchanged

    static func of(_ direction: ChangeDirection, polarity: Polarity) -> Assessment {
        switch (direction, polarity) {
        case (.unchanged, _): return .unchanged
        case (_, .neutral): return .neutral
        case (.rising, .higherIsBetter), (.falling, .higherIsWorse): return .improvement
        case (.rising, .higherIsWorse), (.falling, .higherIsBetter): return .deterioration
        }
    }
}

/// The change between two displayed values.
public struct ChangeMeasure: Sendable, Equatable, Codable {
    /// Current minus base, in the indicator's unit (percentage points for percentages), rounded to its decimals.
    public var absolute: Double
    /// The change in percent of the base (`12.5` = +12,5 %); nil when the base is zero.
    public var relativePercent: Double?
    public var direction: ChangeDirection
    public var assessment: Assessment
    /// At or above the threshold in `Thresholds` for this unit and basis.
    public var notable: Bool
    /// Size relative to the threshold (see `Thresholds.notabilityScore`).
    public var score: Double

    public static func between(current: Double, base: Double, unit: IndicatorUnit, decimals: Int, polarity: Polarity,
                               basis: ChangeBasis, granularity: Granularity) -> ChangeMeasure {
        let c = current.roundedForDisplay(places: decimals), b = base.roundedForDisplay(places: decimals)
        let delta = (c - b).roundedForDisplay(places: decimals)
        let direction: ChangeDirection = delta > 0 ? .rising : delta < 0 ? .falling : .unchanged
        let score = Thresholds.notabilityScore(absolute: delta, base: b, unit: unit, basis: basis, granularity: granularity)
        return ChangeMeasure(absolute: delta, relativePercent: b == 0 ? nil : delta / abs(b) * 100,
                             direction: direction, assessment: .of(direction, polarity: polarity),
                             notable: delta != 0 && score >= 1 - Thresholds.epsilon
                                && (unit != .count || abs(delta) >= Thresholds.minimumCountChange - Thresholds.epsilon),
                             score: score)
    }
}

/// Where an area's value lies relative to the city value.
public enum CityDeviation: String, Sendable, Codable {
    case wellAbove, slightlyAbove, about, slightlyBelow, wellBelow
}

/// Whether an area's position relative to the city is good or bad, with respect to polarity.
public enum Standing: String, Sendable, Codable {
    case better, worse, neutral, same
}

public struct DeviationMeasure: Sendable, Equatable, Codable {
    /// Area minus city, in the indicator's unit (percentage points for percentages).
    public var absolute: Double
    /// The deviation in percent of the city value; nil when the city value is zero.
    public var relativePercent: Double?
    public var category: CityDeviation
    public var standing: Standing
    /// The rule that chose the category, and whether the small-share floor raised it.
    public var rule: ComparisonRule
    public var floorApplied: Bool

    /// Compares the displayed values (rounded to `decimals`) by `rule` (see `ComparisonRule`).
    public static func between(value: Double, city: Double, decimals: Int, polarity: Polarity,
                               rule: ComparisonRule) -> DeviationMeasure {
        let v = value.roundedForDisplay(places: decimals), c = city.roundedForDisplay(places: decimals)
        let delta = (v - c).roundedForDisplay(places: decimals)
        let relative: Double? = c == 0 ? nil : delta / abs(c) * 100
        let (grade, floorApplied) = rule.grade(absolute: delta, relative: relative, city: c)
        let category: CityDeviation
        switch grade {
        case 0: category = .about
        case 1: category = delta > 0 ? .slightlyAbove : .slightlyBelow
        default: category = delta > 0 ? .wellAbove : .wellBelow
        }
        let standing: Standing
        switch (category, polarity) {
        case (.about, _): standing = .same
        case (_, .neutral): standing = .neutral
        case (.wellAbove, .higherIsBetter), (.slightlyAbove, .higherIsBetter),
             (.wellBelow, .higherIsWorse), (.slightlyBelow, .higherIsWorse): standing = .better
        default: standing = .worse
        }
        return DeviationMeasure(absolute: delta, relativePercent: relative, category: category, standing: standing,
                                rule: rule, floorApplied: floorApplied)
    }
}

/// One point of a series; `value` is nil for suppressed and missing observations.
public struct SeriesPoint: Sendable, Equatable, Codable {
    public var period: Period
    public var value: Double?
    public init(period: Period, value: Double?) { self.period = period; self.value = value }
}

public enum TrendDirection: String, Sendable, Codable {
    case rising, falling, stable
    /// Fewer than two consecutive values up to the period.
    case unknown
}

/// The latest run of the series: in which direction the value moved most recently, and for how many
/// periods in a row it kept moving that way (or kept unchanged).
public struct TrendMeasure: Sendable, Equatable, Codable {
    public var direction: TrendDirection
    /// Number of consecutive period-on-period changes in `direction`, ending at the period (0 if unknown).
    public var periodsInRow: Int
    /// The period the run started from (its first value); nil if unknown.
    public var since: Period?
    /// Change over the whole window looked at (from its first value to the period), rounded; nil if unknown.
    public var windowChange: Double?
    /// The first period of that window.
    public var windowStart: Period?

    /// Looks back at most `window` period-on-period changes from `period`. A suppressed or missing value,
    /// or a gap in the series, ends the look-back: a run never bridges a value nobody may see.
    public static func of(series: [SeriesPoint], at period: Period, window: Int, decimals: Int) -> TrendMeasure {
        let byPeriod = Dictionary(series.map { ($0.period, $0.value) }, uniquingKeysWith: { a, _ in a })
        var values: [Double] = []  // newest first
        var p = period
        while values.count <= max(1, window), let v = byPeriod[p] ?? nil {
            values.append(v.roundedForDisplay(places: decimals))
            p = p.previous()
        }
        guard values.count >= 2 else {
            return TrendMeasure(direction: .unknown, periodsInRow: 0, since: nil, windowChange: nil, windowStart: nil)
        }
        func sign(_ i: Int) -> TrendDirection {
            let d = (values[i] - values[i + 1]).roundedForDisplay(places: decimals)
            return d > 0 ? .rising : d < 0 ? .falling : .stable
        }
        let direction = sign(0)
        var run = 1
        while run + 1 < values.count, sign(run) == direction { run += 1 }
        let last = values.count - 1
        return TrendMeasure(direction: direction, periodsInRow: run, since: period.advanced(by: -run),
                            windowChange: (values[0] - values[last]).roundedForDisplay(places: decimals),
                            windowStart: period.advanced(by: -last))
    }
}

/// Position among the areas of one level; 1 is best with respect to polarity.
public struct RankMeasure: Sendable, Equatable, Codable {
    /// Competition ranking: ties share the better rank (1, 2, 2, 4).
    public var position: Int
    /// Areas with a value that took part (suppressed and missing ones do not).
    public var count: Int
    /// No area has a better value.
    public var isBest: Bool
    /// No area has a worse value.
    public var isWorst: Bool
    /// How many other areas share the rank (show the same value).
    public var ties: Int = 0

    /// Ranks `area` among `values` (area code → value, nil for suppressed or missing). Values are compared
    /// as displayed, so areas showing the same figure share a rank. Higher is worse: the lowest value is
    /// rank 1; higher is better and neutral: the highest value is rank 1 (as the store's `rank`).
    /// Nil when the area itself has no value.
    public static func of(area: String, among values: [String: Double?], polarity: Polarity, decimals: Int) -> RankMeasure? {
        guard let ownRaw = values[area] ?? nil else { return nil }
        let own = ownRaw.roundedForDisplay(places: decimals)
        let others = values.values.compactMap { $0?.roundedForDisplay(places: decimals) }
        func better(_ a: Double, than b: Double) -> Bool { polarity == .higherIsWorse ? a < b : a > b }
        let betterCount = others.filter { better($0, than: own) }.count
        let worseCount = others.filter { better(own, than: $0) }.count
        // `others` includes the area itself.
        let ties = others.count - betterCount - worseCount - 1
        return RankMeasure(position: betterCount + 1, count: others.count, isBest: betterCount == 0, isWorst: worseCount == 0,
                           ties: max(0, ties))
    }
}
