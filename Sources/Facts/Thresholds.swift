import IndicatorStore

/// Which of two values a change is measured against.
public enum ChangeBasis: String, Sendable, Codable, CaseIterable {
    /// The period immediately before: previous month, quarter or year.
    case previousPeriod
    /// The same period one year earlier: same month or quarter of the previous year, or the previous year.
    case yearEarlier

    /// For yearly indicators both bases are the previous year, so they share the year-on-year threshold.
    func isYearOnYear(_ granularity: Granularity) -> Bool { self == .yearEarlier || granularity == .year }
}

/// The thresholds behind every "notable", "slightly" and "well" in the generated text.
/// All comparisons use the values as displayed (rounded to the indicator's decimals), so the text
/// never contradicts the table next to it.
public enum Thresholds {
    // MARK: Notable changes

    /// Percentages: a change of at least 0.5 percentage points against the previous month or quarter
    /// is notable…
    public static let percentagePointsPreviousPeriod = 0.5
    /// …and of at least 1.0 percentage point against the same period a year earlier (or the previous
    /// year for yearly indicators).
    public static let percentagePointsYearOnYear = 1.0
    /// Every other unit (counts, euros, rates per 1,000, years, index): a relative change of at least
    /// 5 % against the previous month or quarter…
    public static let relativePreviousPeriod = 0.05
    /// …and of at least 10 % year on year.
    public static let relativeYearOnYear = 0.10

    /// Counts must also change by at least 3 (cases, places, devices): 4 → 5 devices is +25 %, but
    /// noise. 3 is the usual confidentiality limit below which municipal statistics do not report cases.
    public static let minimumCountChange = 3.0

    /// The threshold that applies, in percentage points for percentages and as a fraction otherwise.
    public static func notableThreshold(unit: IndicatorUnit, basis: ChangeBasis, granularity: Granularity) -> Double {
        let yearly = basis.isYearOnYear(granularity)
        if unit == .percent { return yearly ? percentagePointsYearOnYear : percentagePointsPreviousPeriod }
        return yearly ? relativeYearOnYear : relativePreviousPeriod
    }

    /// How large a change is relative to its threshold (1 = exactly at the threshold, ≥ 1 is notable).
    /// Used to order notable changes across indicators with different units.
    /// A change away from a displayed zero has no relative size: it is notable and scores exactly 1.
    public static func notabilityScore(absolute: Double, base: Double, unit: IndicatorUnit, basis: ChangeBasis,
                                       granularity: Granularity) -> Double {
        let threshold = notableThreshold(unit: unit, basis: basis, granularity: granularity)
        if unit == .percent { return abs(absolute) / threshold }
        if base == 0 { return absolute == 0 ? 0 : 1 }
        return abs(absolute / base) / threshold
    }

    /// Floating-point slack for comparisons with a threshold (values are already rounded to display).
    static let epsilon = 1e-9

    // Comparison with the city: `ComparisonRule`, one rule per kind of unit.
}
