import IndicatorStore

// Which inputs of a stored social index changed since it was computed, so the person who must
// recompute it (publish, import) is told what moved — by indicator, area and period, never by value
// (a value may have been suppressed since).

/// One input of a stored index that no longer matches the store.
public struct IndexInputChange: Sendable, Equatable, CustomStringConvertible {
    public var area: String
    /// nil when the change is the area's own (its population, or a state such as an input now suppressed).
    public var indicator: String?
    public var period: String?
    /// What changed, e.g. `value` or `state computed → input_suppressed`.
    public var what: String

    public var description: String {
        [indicator, area, period].compactMap { $0 }.joined(separator: " · ") + " (\(what))"
    }
}

extension SocialIndex {
    /// The inputs of `run` that changed: the index computed again from the store (in memory, not saved)
    /// and compared area by area — states, then each component's input. Empty when the run is current;
    /// one general entry when the digest differs but no result shows why (a value's status or an
    /// indicator's polarity changed), or when the index can no longer be computed.
    public static func changedInputs(_ run: IndexRun, store: IndicatorStore) throws -> [IndexInputChange] {
        guard try !isCurrent(run, store: store) else { return [] }
        let fresh: IndexRun
        do { fresh = try SocialIndex.run(run.definition, store: store, period: run.period, computedAt: run.computedAt) } catch {
            return [IndexInputChange(area: "–", indicator: nil, period: run.period.description,
                                     what: "the index can no longer be computed: \(error)")]
        }
        let old = Dictionary(run.results.map { ($0.area, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(fresh.results.map { ($0.area, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [IndexInputChange] = []
        for area in Set(old.keys).union(new.keys).sorted() {
            guard let o = old[area], let n = new[area] else {
                changes.append(IndexInputChange(area: area, indicator: nil, period: nil, what: old[area] == nil ? "area added" : "area removed"))
                continue
            }
            if o.statusState != n.statusState {
                changes.append(IndexInputChange(area: area, indicator: nil, period: run.period.description,
                                                what: "state \(o.statusState.rawValue) → \(n.statusState.rawValue)"))
            } else if o.dynamicsState != n.dynamicsState {
                changes.append(IndexInputChange(area: area, indicator: nil, period: run.basePeriod.description,
                                                what: "dynamics state \(o.dynamicsState.rawValue) → \(n.dynamicsState.rawValue)"))
            }
            func raw(_ r: IndexAreaResult, _ kind: IndexComponent.Kind, _ code: String) -> Double? {
                r.components.first { $0.kind == kind && $0.indicator == code }?.raw
            }
            for code in run.definition.statusIndicators {
                let statusChanged = raw(o, .status, code) != raw(n, .status, code)
                if statusChanged, raw(o, .status, code) != nil, raw(n, .status, code) != nil {
                    changes.append(IndexInputChange(area: area, indicator: code, period: run.period.description, what: "value"))
                } else if !statusChanged, raw(o, .dynamics, code) != raw(n, .dynamics, code),
                          raw(o, .dynamics, code) != nil, raw(n, .dynamics, code) != nil {
                    // Same value now, different change over the interval: the base period's value moved.
                    changes.append(IndexInputChange(area: area, indicator: code, period: run.basePeriod.description, what: "value"))
                }
            }
        }
        if changes.isEmpty {
            changes.append(IndexInputChange(area: "–", indicator: nil, period: run.period.description,
                                            what: "an input changed that the results do not show (a value's status, a population or an indicator's polarity)"))
        }
        return changes
    }
}
