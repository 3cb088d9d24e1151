import CCmarkGFM
import Facts
import Foundation
import IndicatorStore

// `publish --dry-run`: every job decided as the run would decide it, nothing drawn or written.

extension Publisher {
    /// One line of `--dry-run`: what the run would do with a job, and why.
    public struct PreviewLine: Sendable {
        public var job: PublishJob
        public var decision: Decision
    }

    /// For `--dry-run`: this shard's jobs, each decided exactly as the run would (briefings built,
    /// nothing drawn or written). When the run would compute the social index first, it is computed
    /// into a temporary copy of the store, and the jobs decided from that copy. Throws the run's
    /// `PublishProblem`s. Returns the preparation too (periods, notes).
    public static func preview(_ manifest: PublishManifest, storePath: String, options: PublishOptions) throws
        -> (preparation: RunPreparation, lines: [PreviewLine]) {
        let live = try IndicatorStore.open(path: storePath)
        defer { live.close() }
        let folder = URL(fileURLWithPath: options.outputFolder)
        var notes: [String] = []
        var path = storePath
        var copy: URL?
        defer { if let copy { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) } }
        // The real run may compute the index first: try that on a copy, never on the store.
        let probe = try live.snapshot()
        let preparation0 = try prepare(manifest, store: probe, folder: folder)
        let uses = Set(preparation0.jobs.map(\.templatePath)).contains { IndexCheck.uses(templatePath: $0) }
        let explicit = try manifest.socialIndex.definition.map { try SocialIndexDefinition.load(path: $0) }
        let need: IndexCheck.Need
        do {
            need = try IndexCheck.need(setting: manifest.socialIndex, definition: explicit, uses: uses,
                                       period: preparation0.periods.reference, store: probe, storePath: storePath)
        } catch let stale as StaleIndexProblem {
            if probe !== live { probe.close() }
            throw PublishProblem(stale.lines)
        }
        if probe !== live { probe.close() }
        if case .compute(let definition, let period, let why) = need {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-dry-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let file = dir.appendingPathComponent("store.sqlite")
            copy = file
            try live.copy(to: file.path)
            _ = try IndexCheck.compute(definition, period: period, storePath: file.path)
            path = file.path
            notes.append("the run would compute the social index \(definition.code) \(period) first (social_index: recompute): \(why)")
        }
        let store = path == storePath ? live : try IndicatorStore.open(path: path)
        defer { if store !== live { store.close() } }
        let snapshot = try store.snapshot()
        defer { if snapshot !== store { snapshot.close() } }
        var preparation = try prepare(manifest, store: snapshot, folder: folder)
        preparation.notes = notes + preparation.notes
        if uses {
            preparation.index = IndexCheck.use(try IndexCheck.seen(store: snapshot, asOf: preparation.periods.reference), setting: manifest.socialIndex,
                                               recomputed: copy != nil)
        }
        let jobs = preparation.jobs.enumerated().filter { options.shard.contains(position: $0.offset) }.map(\.element)
        let context = RunContext(manifest: manifest, snapshot: snapshot, fingerprint: try snapshot.fingerprint(), options: options,
                                 folder: folder, previous: previousOutputs(in: folder), templates: TemplateDigests())
        cmark_gfm_core_extensions_ensure_registered()
        // Documents first so a pack reuses their digests, as in the run; listed in the run's order.
        var decided: [String: Decision] = [:]
        for job in jobs.filter({ $0.kind == .document }) + jobs.filter({ $0.kind == .pack }) {
            decided[job.key] = decide(job, context: context, store: snapshot)
        }
        return (preparation, jobs.compactMap { job in decided[job.key].map { PreviewLine(job: job, decision: $0) } })
    }
}
