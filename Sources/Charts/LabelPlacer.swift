import Foundation

/// Places labels along one axis without overlaps: each wants a centre, all have the same extent;
/// labels keep their order and move as little as a push-down then pull-up pass allows.
public enum LabelPlacer {
    public static func resolve(_ wanted: [Double], size: Double, gap: Double = 1,
                               lower: Double, upper: Double) -> [Double] {
        let order = wanted.indices.sorted { wanted[$0] < wanted[$1] || (wanted[$0] == wanted[$1] && $0 < $1) }
        let pitch = size + gap
        var placed = order.map { min(max(wanted[$0], lower + size / 2), upper - size / 2) }
        for i in placed.indices.dropFirst() where placed[i] < placed[i - 1] + pitch {
            placed[i] = placed[i - 1] + pitch
        }
        if let last = placed.last, last > upper - size / 2 {
            placed[placed.count - 1] = upper - size / 2
            for i in stride(from: placed.count - 2, through: 0, by: -1) where placed[i] > placed[i + 1] - pitch {
                placed[i] = placed[i + 1] - pitch
            }
        }
        var out = wanted
        for (k, index) in order.enumerated() { out[index] = placed[k] }
        return out
    }
}
