import Foundation
import IndicatorStore
import Support

// Computing the social index into the store and telling the operator about it — the work of
// `civicbrief index compute`, of `demo` and of a publish run with `social_index: recompute`, and the
// note an import leaves when it made a stored index stale. The CLI only prints what these return.

/// One computation of the index, stored with its provenance.
public struct IndexComputation: Sendable, CustomStringConvertible {
    public var run: IndexRun
    /// False when an identical run was current already, so nothing was written.
    public var written: Bool

    /// „Index mss_luebeck 2026-10 (dynamics against 2024-10): 33 areas with a status index, …; stored.“
    public var description: String {
        let computed = run.results.filter { $0.statusState == .computed }.count
        let dynamics = run.results.filter { $0.dynamicsState == .computed }.count
        let without = run.results.count - computed
        return "Index \(run.definition.code) \(run.period) (dynamics against \(run.basePeriod)): \(computed) areas with a status index, "
            + "\(dynamics) with a dynamics index, \(without) without (excluded or inputs suppressed/missing); "
            + (written ? "stored." : "unchanged, the stored index already matches the data.")
    }
}

extension SocialIndexDefinition {
    /// The definition `index compute` uses: `path` if given, else the shipped file if present (relative
    /// to the working directory, `Locations.indexDefinition`), else `fallback` (the demo city's).
    public static func resolve(path: String?, fallback: () throws -> SocialIndexDefinition) throws -> SocialIndexDefinition {
        if let path { return try load(path: path) }
        if FileManager.default.fileExists(atPath: Locations.indexDefinition) { return try load(path: Locations.indexDefinition) }
        return try fallback()
    }
}

extension SocialIndex {
    /// Computes the index for `period` (default: the latest period with values for every status
    /// indicator) and stores it with its provenance. A store from before the index tables existed is
    /// upgraded first rather than refused.
    public static func computeAndStore(_ definition: SocialIndexDefinition, storePath: String, period: Period?,
                                       computedAt: String) throws -> IndexComputation {
        try IndicatorStore.upgradeSchema(path: storePath)
        let store = try IndicatorStore.open(path: storePath)
        let computed: IndexRun
        do {
            defer { store.close() }
            computed = try run(definition, store: store, period: period, computedAt: computedAt)
        }
        return IndexComputation(run: computed, written: try save(computed, storePath: storePath))
    }

    /// `index compute`: the index for `period`, then every earlier stored period of the definition whose
    /// inputs changed since (so a revision reaches the quarter-end index too). `report` hears each
    /// computation as it is stored.
    public static func computeAndRefresh(_ definition: SocialIndexDefinition, storePath: String, period: Period?,
                                         computedAt: String, report: (IndexComputation) -> Void) throws {
        report(try computeAndStore(definition, storePath: storePath, period: period, computedAt: computedAt))
        let store = try IndicatorStore.open(path: storePath)
        let stale = try stalePeriods(definition: definition.code, store: store)
        store.close()
        for earlier in stale {
            report(try computeAndStore(definition, storePath: storePath, period: earlier, computedAt: computedAt))
        }
    }

    /// The stored runs that match the data, as "code period" — taken before an import, for `staleNotes`.
    public static func currentRuns(storePath: String) -> Set<String> {
        guard let store = try? IndicatorStore.open(path: storePath) else { return [] }
        defer { store.close() }
        let runs = (try? storedRuns(in: store)) ?? []
        return Set(runs.filter { (try? isCurrent($0, store: store)) == true }.map { "\($0.definition.code) \($0.period)" })
    }

    /// After an import: a note for each stored index it made stale (of those `wasCurrent` before), with
    /// the inputs that changed and the command that brings it up to date — for the operator's terminal,
    /// never a document (briefings leave a stale index out).
    public static func staleNotes(storePath: String, wasCurrent: Set<String>) -> [String] {
        guard let store = try? IndicatorStore.open(path: storePath) else { return [] }
        defer { store.close() }
        var notes: [String] = []
        for run in (try? storedRuns(in: store)) ?? [] where wasCurrent.contains("\(run.definition.code) \(run.period)") {
            guard let changes = try? changedInputs(run, store: store), !changes.isEmpty else { continue }
            let shown = changes.prefix(5).map(\.description).joined(separator: "; ") + (changes.count > 5 ? "; and \(changes.count - 5) more" : "")
            notes.append("note: this import made the stored social index \(run.definition.code) \(run.period) stale (changed inputs: \(shown)) — "
                         + "run `civicbrief index compute --store \(storePath)` before publishing (a manifest with social_index: recompute does it itself)")
        }
        return notes
    }
}
