import IndicatorStore

/// The lowest and highest value of all areas of one level in one period: what a row's graphic in an
/// overview spans. Only shown values count (final or provisional); suppressed and missing areas are
/// left out and counted, so a reader can be told the spread covers fewer areas.
public struct ValueSpread: Sendable, Equatable, Codable {
    public var low: Double
    public var high: Double
    /// Areas with a value.
    public var areas: Int
    /// Areas of the level without one (suppressed or missing).
    public var withoutValue: Int

    public static func of(_ observations: [Observation], areasOfLevel: Int) -> ValueSpread? {
        let values = observations.compactMap { o -> Double? in
            guard o.status.hasValue, let v = o.value, v.isFinite else { return nil }
            return v
        }
        guard let low = values.min(), let high = values.max() else { return nil }
        return ValueSpread(low: low, high: high, areas: values.count, withoutValue: max(0, areasOfLevel - values.count))
    }
}

extension FactsBuilder {
    /// The spread of `indicator` over every area of `level` in `period`, from the cross-section the
    /// facts of that period read anyway (kept for the builder's life).
    public func spread(indicator code: String, level: AreaLevel, period: Period) throws -> ValueSpread? {
        let observations = try store.crossSection(indicator: code, level: level, period: period)
        let count = try store.areas(level: level).count
        return ValueSpread.of(observations, areasOfLevel: count)
    }
}
