import Facts
import Foundation
import IndicatorStore

// A publish run never puts a stale social index into a document. Before anything is rendered the run
// finds the stored index its documents would show (the newest whose period has ended by the end of
// the run's period); if it no longer matches the data, or is older than the run's period, the run
// computes it first (manifest `social_index: recompute: true`) or stops with the changed inputs and
// the command to run — exit 2, nothing written. The operator instruction goes to stderr and the run
// manifest; the documents never carry one.

/// `social_index:` in a publishing manifest.
public struct SocialIndexSetting: Sendable, Equatable {
    /// Compute the index the run needs before rendering (a write to the store).
    public var recompute: Bool = false
    /// Definition file for that computation (resolved against the manifest's folder); nil: the stored
    /// index's own definition.
    public var definition: String?

    public init(recompute: Bool = false, definition: String? = nil) {
        self.recompute = recompute; self.definition = definition
    }
}

/// The run cannot go on with the index as stored (exit 2).
public struct StaleIndexProblem: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}

public enum IndexCheck {
    /// Whether a template shows the social index: it, or a partial of its folder it may include, names
    /// `socialindex` (a variable or a map's `socialindex: true`). Read as text, so a template that
    /// merely could include such a partial counts too — erring towards checking.
    public static func uses(templatePath: String) -> Bool {
        guard let text = try? String(contentsOfFile: templatePath, encoding: .utf8) else { return false }
        if text.contains("socialindex") { return true }
        guard text.contains("include") else { return false }
        let root = URL(fileURLWithPath: templatePath).deletingLastPathComponent()
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return files.contains { name in
            name.hasSuffix(".md") && (try? String(contentsOfFile: root.appendingPathComponent(name).path, encoding: .utf8))?
                .contains("socialindex") == true
        }
    }

    /// For `render`: the warning for the operator when the template shows the social index and the one
    /// its briefing about `period` would show no longer matches the data (the briefing then shows none),
    /// with the command that brings it up to date. Operator instructions go to stderr, never into the document.
    public static func staleWarning(templatePath: String, period: Period, store: IndicatorStore, storePath: String) -> String? {
        guard uses(templatePath: templatePath), let run = try? seen(store: store, asOf: period),
              (try? SocialIndex.isCurrent(run, store: store)) == false else { return nil }
        return "warning: the stored social index \(run.definition.code) \(run.period) no longer matches the data, so the briefing "
            + "shows none — run `civicbrief index compute --store \(storePath) --period \(run.period)` and render again"
    }

    /// The stored index a briefing about `period` shows (as `SocialIndexReport.load(asOf:)` picks it).
    public static func seen(store: IndicatorStore, asOf period: Period) throws -> IndexRun? {
        try SocialIndex.storedRuns(in: store).first { $0.period.lastDay <= period.lastDay }
    }

    /// The period of `granularity` an index for a run about `period` should have: the one that ends
    /// with it, or the latest one ended by then.
    static func target(for period: Period, granularity: Granularity) -> Period {
        let end = period.lastDay
        guard var p = Period.containing(year: end.year, month: end.month, day: end.day, granularity: granularity) else { return period }
        if p.lastDay > end { p = p.previous() }
        return p
    }

    /// What the run must do about the index before rendering.
    public enum Need: Sendable {
        /// Nothing: no template shows it, none is stored, or it is current and for the run's period.
        case none(IndexRun?)
        /// Compute it for `period` with `definition`.
        case compute(SocialIndexDefinition, period: Period, why: String)
    }

    /// Decides, on the store the run reads, what is needed for documents about `period`; throws when the
    /// index is stale and the manifest does not allow recomputing it.
    public static func need(setting: SocialIndexSetting, definition explicit: SocialIndexDefinition?, uses: Bool,
                            period: Period, store: IndicatorStore, storePath: String) throws -> Need {
        guard uses else { return .none(nil) }
        let stored = try seen(store: store, asOf: period)
        guard let definition = explicit ?? stored?.definition else { return .none(stored) }
        let granularity = try store.indicator(definition.statusIndicators.first ?? "")?.granularity ?? stored?.period.granularity ?? .month
        let wanted = target(for: period, granularity: granularity)
        if let stored, try !SocialIndex.isCurrent(stored, store: store) {
            let changes = try SocialIndex.changedInputs(stored, store: store)
            if setting.recompute {
                return .compute(definition, period: wanted,
                                why: "the stored social index \(stored.definition.code) \(stored.period) no longer matches the data (\(summary(changes)))")
            }
            let command = "civicbrief index compute --store \(storePath) --period \(stored.period)"
            throw StaleIndexProblem(lines: [
                "the stored social index \(stored.definition.code) for \(stored.period) no longer matches the data, so its documents would show no index — "
                    + "run `\(command)` first, or set `social_index: {recompute: true}` in the manifest",
            ] + changes.prefix(20).map { "  changed input: \($0)" }
              + (changes.count > 20 ? ["  … and \(changes.count - 20) more"] : []))
        }
        if setting.recompute, stored?.period != wanted || (explicit.map { $0.sha256 != stored?.definition.sha256 } ?? false) {
            let why = stored.map { "the newest stored social index is for \($0.period), the run's period needs \(wanted)" }
                ?? "no social index is stored for \(wanted)"
            return .compute(definition, period: wanted, why: why)
        }
        return .none(stored)
    }

    static func summary(_ changes: [IndexInputChange]) -> String {
        changes.prefix(3).map(\.description).joined(separator: "; ") + (changes.count > 3 ? "; and \(changes.count - 3) more" : "")
    }

    /// Computes and stores the index (upgrading an older store's schema first). True when it wrote a new run.
    public static func compute(_ definition: SocialIndexDefinition, period: Period, storePath: String) throws -> Bool {
        try SocialIndex.computeAndStore(definition, storePath: storePath, period: period, computedAt: ImportClock.now()).written
    }

    /// The run manifest's record of the index documents show.
    static func use(_ run: IndexRun?, setting: SocialIndexSetting, recomputed: Bool) -> IndexUse? {
        run.map {
            IndexUse(code: $0.definition.code, period: $0.period.description, basePeriod: $0.basePeriod.description,
                     computedAt: $0.computedAt, inputDigest: $0.inputDigest, recompute: setting.recompute, recomputed: recomputed)
        }
    }
}
