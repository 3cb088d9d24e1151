/// Secondary suppression: the rule that keeps a suppressed value from being recomputed out of what is
/// published (README "Confidentiality").
///
/// A total is the sum of its parts — a district's count is the sum of its subdistricts', the city's the
/// sum of its districts' (for rates: the numerators) — so publishing a total next to all but one of
/// its parts publishes that part, and next to all but two of them publishes their sum. The rule, per
/// indicator and period, applied until nothing changes:
///
/// 1. **A total with a suppressed part is suppressed.** This climbs the hierarchy: a suppressed
///    subdistrict suppresses its district's value, which suppresses the city's.
/// 2. **A suppressed total keeps at least one part unpublished.** If every part of a suppressed total is
///    published, the largest part is suppressed as well (the largest, so that its value is not bounded
///    by the published ones).
///
/// Afterwards no published total has a suppressed part and no suppressed total is the sum of published
/// parts, so in every sum the hidden cells come at least two at a time and their sum is never known.
/// Sums exist for counts and, where numerators or denominators are published, for rates; means, euro
/// amounts and indices are not sums and are left alone.
public enum Disclosure {
    /// The note of every cell the rule suppresses, and of the demo's small case numbers: one wording for
    /// all suppressed cells, so a reader cannot tell the small case number from its protection.
    public static let note = "Wert gesperrt (Geheimhaltung)"

    /// The keys the rule suppresses in one indicator's cells of one period (`cells` by area code), given
    /// each area's parent. Keys already suppressed are not returned.
    static func secondary(unit: Unit, cells: [String: Observation], parents: [String: String]) -> [String] {
        guard isSum(unit) else { return [] }
        var children: [String: [String]] = [:]
        for (area, parent) in parents { children[parent, default: []].append(area) }
        var suppressed = Set(cells.values.filter { $0.status == .suppressed }.map(\.area))
        guard !suppressed.isEmpty else { return [] }
        var added: [String] = []
        func published(_ area: String) -> Bool { cells[area]?.status.hasValue == true && !suppressed.contains(area) }
        func hasSum(_ parent: String, _ parts: [String]) -> Bool {
            // A rate is a sum only through its numerators or denominators; without them a rate of
            // the total next to rates of the parts gives no suppressed count back.
            guard unit != .count else { return true }
            return ([parent] + parts).contains { cells[$0]?.numerator != nil || cells[$0]?.denominator != nil }
        }
        var changed = true
        while changed {
            changed = false
            for parent in children.keys.sorted() {
                let parts = (children[parent] ?? []).sorted()
                guard !parts.isEmpty, hasSum(parent, parts) else { continue }
                if published(parent), parts.contains(where: suppressed.contains) {
                    suppressed.insert(parent); added.append(parent); changed = true
                }
                if suppressed.contains(parent), parts.allSatisfy(published) {
                    let largest = parts.max { a, b in
                        let qa = cells[a]?.numerator ?? cells[a]?.value ?? 0, qb = cells[b]?.numerator ?? cells[b]?.value ?? 0
                        return qa != qb ? qa < qb : a > b
                    }
                    if let largest { suppressed.insert(largest); added.append(largest); changed = true }
                }
            }
        }
        return added
    }

    /// Units whose values (or numerators) add up over areas.
    static func isSum(_ unit: Unit) -> Bool {
        switch unit {
        case .count, .percent, .perThousand: true
        case .euro, .years, .index: false
        }
    }

    /// `o` as the rule suppresses it: no value, numerator or denominator, the rule's note.
    static func suppressing(_ o: Observation) -> Observation {
        Observation(indicator: o.indicator, area: o.area, period: o.period, value: nil, status: .suppressed, note: note)
    }
}
