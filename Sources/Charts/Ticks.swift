import Foundation

/// Axis ticks on round numbers: steps of 1, 2 or 5 × 10ⁿ that cover [low, high] with at most
/// `target` + 1 ticks, the finest such step (so the axis wastes little room).
public enum Ticks {
    public static func nice(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return [0, 1] }
        var lo = min(low, high), hi = max(low, high)
        if hi - lo < 1e-12 { lo -= lo == 0 ? 0 : abs(lo) * 0.1; hi += hi == 0 ? 1 : abs(hi) * 0.1 }
        // The smallest step of 1, 2 or 5 × 10ⁿ whose ticks covering the range number at most target + 1.
        var exponent = floor(log10((hi - lo) / Double(max(1, target)))) - 1
        while true {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow(10, exponent)
                let first = (lo / step + 1e-9).rounded(.down), last = (hi / step - 1e-9).rounded(.up)
                if Int(last - first) + 1 <= max(2, target + 1) {
                    // Whole multiples of the step, so no binary noise (0.30000000000000004).
                    return stride(from: first, through: last, by: 1).map { n in
                        exponent < 0 ? n * m / pow(10, -exponent) : n * step
                    }
                }
            }
            exponent += 1
        }
    }

    /// Decimals needed to write every tick of a step exactly.
    public static func decimals(_ ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 0 }
        let step = abs(ticks[1] - ticks[0])
        var d = 0
        while d < 6, abs((step * pow(10, Double(d))).rounded() - step * pow(10, Double(d))) > 1e-9 { d += 1 }
        return d
    }

}
