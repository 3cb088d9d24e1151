import Document
import Facts
import Foundation

/// Where a chart's value axis starts and ends — one rule for every chart (README "Chart scales"):
/// - Bars start at zero: a bar's length is its value.
/// - Lines start at zero when the data span at least a third of their level (the lowest value is at
///   most two thirds of the highest). Otherwise the axis is cut to the data, padded, and the cut is
///   marked on the axis and said under the chart („Die Achse beginnt bei 8 %.“).
/// - An axis never spans less than eight notable changes (README "Changes"; for shares 8 × 0,5 = 4
///   percentage points a month, for other units 8 × 5 % of the level): 38,5–40,5 % would turn noise
///   into drama.
/// - The data keep a margin of at least 8 % of the span from the axis, so no point lies on the axis
///   line or under a label.
/// - Small multiples share a scale only when one scale fits every panel almost as well as its own
///   (the shared span at most 1,5 × the widest panel's own), and say which.
public struct ValueAxis: Sendable, Equatable {
    public var ticks: [Double]
    /// The axis starts at zero.
    public var zeroBased: Bool

    public var low: Double { ticks.first ?? 0 }
    public var high: Double { ticks.last ?? 1 }
    public var span: Double { high - low }
}

public enum ScalePolicy {
    /// At least this many notable changes fit on an axis.
    public static let notableChangesPerAxis = 8.0
    /// Lines start at zero when the lowest value is at most this share of the highest.
    public static let zeroWhenLowBelow = 2.0 / 3.0
    /// The margin between the data and the ends of a cut axis, as a share of the span.
    public static let margin = 0.08
    /// Small multiples share a scale when it is at most this many times the widest own span.
    public static let sharedSpanFactor = 1.5

    /// The smallest span an axis of this indicator may have around `level`.
    public static func minimumSpan(_ indicator: ChartIndicator, level: Double) -> Double {
        switch indicator.notableChange {
        case .points(let p): return notableChangesPerAxis * p
        case .relative(let r): return notableChangesPerAxis * r * max(abs(level), 1e-9)
        }
    }

    /// The axis of a bar chart: from zero (or to zero, for negative values).
    public static func bars(low: Double, high: Double, target: Int = 5) -> ValueAxis {
        ValueAxis(ticks: Ticks.nice(min(0, low), max(0, high), target: target), zeroBased: true)
    }

    /// The axis of a line chart of `indicator` showing values from `low` to `high`.
    public static func lines(low: Double, high: Double, indicator: ChartIndicator, target: Int = 5) -> ValueAxis {
        let lo = min(low, high), hi = max(low, high)
        let minimum = minimumSpan(indicator, level: max(abs(lo), abs(hi)))
        let span = max(hi - lo, minimum)
        // Centred on the data, widened to the minimum span and padded.
        let centre = (lo + hi) / 2
        var from = centre - span / 2 - margin * span, to = centre + span / 2 + margin * span
        let startsAtZero = lo >= 0 && (lo <= hi * zeroWhenLowBelow || from <= 0)
        if startsAtZero {
            from = 0
            to = max(to, hi + margin * max(hi, minimum))
        }
        var ticks = Ticks.nice(from, to, target: target)
        // Never a cut axis below zero for data that cannot be negative.
        if lo >= 0, let first = ticks.first, first < 0 { ticks = Ticks.nice(0, to, target: target) }
        return ValueAxis(ticks: ticks, zeroBased: startsAtZero || ticks.first == 0)
    }

    /// One axis for all panels when their own axes are comparable, else nil (each keeps its own).
    public static func shared(_ axes: [ValueAxis], low: Double, high: Double, indicator: ChartIndicator, target: Int) -> ValueAxis? {
        guard axes.count > 1, let widest = axes.map(\.span).max() else { return nil }
        let union = lines(low: low, high: high, indicator: indicator, target: target)
        return union.span <= sharedSpanFactor * widest ? union : nil
    }
}

/// How large a change must be to count as notable (module Facts' `Thresholds`), given to charts so
/// their axes never magnify noise.
public enum NotableStep: Sendable, Equatable {
    /// In the indicator's unit (percentage points for shares).
    case points(Double)
    /// A fraction of the value's level.
    case relative(Double)

    /// The step for an indicator of `unit`: period-on-period thresholds of `Thresholds`.
    public static func of(unit: IndicatorUnit, yearly: Bool) -> NotableStep {
        unit == .percent
            ? .points(yearly ? Thresholds.percentagePointsYearOnYear : Thresholds.percentagePointsPreviousPeriod)
            : .relative(yearly ? Thresholds.relativeYearOnYear : Thresholds.relativePreviousPeriod)
    }
}
