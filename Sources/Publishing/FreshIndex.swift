import Facts
import Foundation
import IndicatorStore

// A publish run never renders from a stale social index (see IndexCheck): it computes the index first
// when the manifest allows it, or stops before anything is written.

extension Publisher {
    /// `prepare` on a snapshot whose social index is fit to publish: computed first when the manifest
    /// allows it and it is stale or older than the run's period (then on a new snapshot, checked again,
    /// in case an import committed meanwhile), else a `StaleIndexProblem`.
    static func prepareWithFreshIndex(_ manifest: PublishManifest, store: IndicatorStore, storePath: String, folder: URL,
                                      progress: ProgressReporter?) throws -> (RunPreparation, IndicatorStore) {
        var recomputed = false
        let explicit = try manifest.socialIndex.definition.map { try SocialIndexDefinition.load(path: $0) }
        for _ in 0..<3 {
            let snapshot = try store.snapshot()
            do {
                var preparation = try prepare(manifest, store: snapshot, folder: folder)
                let uses = Set(preparation.jobs.map(\.templatePath)).contains { IndexCheck.uses(templatePath: $0) }
                let reference = preparation.periods.reference
                let need: IndexCheck.Need
                do {
                    need = try IndexCheck.need(setting: manifest.socialIndex, definition: recomputed ? nil : explicit, uses: uses,
                                               period: reference, store: snapshot, storePath: storePath)
                } catch let stale as StaleIndexProblem {
                    throw PublishProblem(stale.lines)
                }
                switch need {
                case .none(let run):
                    preparation.index = IndexCheck.use(run, setting: manifest.socialIndex, recomputed: recomputed)
                    return (preparation, snapshot)
                case .compute(let definition, let period, let why):
                    if snapshot !== store { snapshot.close() }
                    let written = try IndexCheck.compute(definition, period: period, storePath: storePath)
                    let note = "social index \(definition.code) \(period) computed before rendering (social_index: recompute): \(why)"
                    progress?.note(note + (written ? "" : " — it already matched the data"))
                    recomputed = true
                }
            } catch {
                if snapshot !== store { snapshot.close() }
                throw error
            }
        }
        throw PublishProblem(["the data changed while the social index was being computed (imports running?) — run again when the imports are done"])
    }
}
