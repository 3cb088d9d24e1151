import CCmarkGFM
import Foundation
import IndicatorStore
import Layout
import Support

// A publish run: manifest → one period for the run → jobs (template × area × language, plus one pack
// per language), each with its output path checked before anything is written (RunPlan.swift) → this
// shard's share → decided (SkipDecision.swift) and rendered (JobExecution.swift) on threads, one job
// per thread at a time (RunScheduler.swift). Each thread keeps its own FontEnvironment (fontconfig
// config + Pango font map), so no font map is used by two threads; the one thing that crosses threads
// is a document's measured text, handed to the pack that places it (`MeasuredHandoff`, README
// "Parallelism"). All jobs read the store in the data state it had when the run started (one snapshot
// per worker, each checked against the run's), so no PDF mixes two data states — nor do a pack and
// its documents — even while an import commits. `--dry-run` goes through the same decisions without
// drawing a PDF (DryRun.swift).

/// The publish stage's entry points (`run`, `preview`, `check`) and the steps they share, spread over
/// the files of this module by job: plan, decide, schedule, execute.
public enum Publisher {
    /// Runs this shard's jobs on `options.jobs` threads, reporting each outcome to `progress` as it
    /// happens and keeping the run manifest on disk current (`RunRecorder`). Throws a `PublishProblem`
    /// before anything is written when the run as a whole cannot go on; never throws for a failing
    /// document: failures are in the summary. `resume` carries what earlier attempts of this run did
    /// (after a crash, see `CrashIsolation`).
    public static func run(_ manifest: PublishManifest, storePath: String, options: PublishOptions,
                           cancellation: CancellationFlag, progress: ProgressReporter,
                           resume: ResumeState = ResumeState()) throws -> PublishSummary {
        let started = resume.started ?? isoTimestamp()
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let folder = URL(fileURLWithPath: options.outputFolder)
        let (preparation, snapshot) = try prepareWithFreshIndex(manifest, store: store, storePath: storePath, folder: folder, progress: progress)
        defer { if snapshot !== store { snapshot.close() } }
        let mine = preparation.jobs.enumerated().filter { options.shard.contains(position: $0.offset) }.map(\.element)
        if resume.fingerprint == nil { preparation.notes.forEach(progress.note) }  // once per run, not again after a crash

        let lock = try OutputFolderLock(folder, progress: progress)
        defer { lock.release() }
        AtomicFile.removeLeftovers(below: folder)  // of a run killed with SIGKILL mid-write
        let previous = previousOutputs(in: folder)
        let fingerprint = try snapshot.fingerprint()
        // What an earlier attempt of this run (before a crash) finished counts only for the same data state.
        let prior = resume.fingerprint == fingerprint ? resume.outcomes : [:]
        CrashIsolation.report(fingerprint: fingerprint)
        let recorder = try startRecording(manifest, preparation: preparation, snapshot: snapshot, fingerprint: fingerprint,
                                          started: started, options: options, folder: folder, kept: previous.valid)

        // A pack's documents hand their measured text to the pack (`MeasuredHandoff`) when they run here
        // too — not while isolating a crash, when every job runs alone from start to end.
        let packed = resume.isolating ? [] : Set(mine.filter { $0.kind == .pack }.flatMap(\.members).map(\.key))
        let handoff = MeasuredHandoff(expecting: Set(mine.filter { $0.kind == .document && packed.contains($0.key) && prior[$0.key] == nil }.map(\.key)))
        let context = RunContext(manifest: manifest, snapshot: snapshot, fingerprint: fingerprint, options: options,
                                 folder: folder, previous: previous, templates: TemplateDigests(), handoff: handoff,
                                 recorder: recorder, crashed: resume.crashed)
        progress.start(total: mine.count)
        // Library-wide set-up that is not safe to race: done once here, before any worker starts.
        cmark_gfm_core_extensions_ensure_registered()
        FontEnvironment.isolateFromSystemFonts()
        let scheduler = RunScheduler(jobs: mine, handoff: handoff, isolating: resume.isolating)
        // Done before (an earlier attempt of this run) or known to crash: recorded, not run again.
        for (i, job) in mine.enumerated() {
            guard let known = prior[job.key] ?? resume.crashed[job.key].map({ crashedOutcome(job, signal: $0) }) else { continue }
            scheduler.settle(i, known)
            recorder.record(known)
            progress.finished(job: job, outcome: known, replayed: prior[job.key] != nil)
        }
        let stamp = try snapshot.stateStamp()
        scheduler.run(workers: resume.isolating ? 1 : min(options.jobs, max(1, mine.count)), computeLimit: options.jobs,
                      reader: { worker in workerReader(worker, store: store, run: snapshot, stamp: stamp) },
                      cancelled: { cancellation.cancelledBy != nil },
                      execute: { job, reader in
                          CrashIsolation.started(job.key)
                          return execute(job, context: context, store: reader)
                      },
                      finished: { index, outcome in
                          recorder.record(outcome)
                          CrashIsolation.finished(mine[index].key, outcome)
                          progress.finished(job: mine[index], outcome: outcome)
                      })
        return try summarize(scheduler, recorder: recorder, cancelledBy: cancellation.cancelledBy, folder: folder)
    }

    /// The outcome of a job that crashed an earlier attempt of this run.
    static func crashedOutcome(_ job: PublishJob, signal sig: Int32) -> JobOutcome {
        .failed(job.failure(reason: "civicbrief crashed (signal \(sig)\(signalName(sig))) while rendering this document — "
                                + "the run went on without it; please report it", user: false), userError: false)
    }

    /// What worker `worker` reads through. A DatabaseSnapshot serves one reader at a time, so each
    /// further worker reads through a snapshot of its own — if it shows the run's data state
    /// (`stamp`), sharing what is read and derived from it with the run's snapshot; else through the run's.
    static func workerReader(_ worker: Int, store: IndicatorStore, run snapshot: IndicatorStore, stamp: String)
        -> (IndicatorStore, close: (@Sendable () -> Void)?) {
        guard worker > 0, let taken = try? store.snapshot(), taken !== store else { return (snapshot, nil) }
        if (try? taken.stateStamp()) == stamp {
            let own = taken.sharingDerivedValues(with: snapshot)
            return (own, { own.close() })
        }
        taken.close()
        return (snapshot, nil)
    }

    /// The run manifest for this run, written at once (status `running`) with what earlier runs left
    /// on disk (`kept`).
    static func startRecording(_ manifest: PublishManifest, preparation: RunPreparation, snapshot: IndicatorStore,
                               fingerprint: String, started: String, options: PublishOptions, folder: URL,
                               kept: [String: RunOutput]) throws -> RunRecorder {
        let importedAt = try? snapshot.batches().last.map(\.importedAt)
        let header = RunManifest(
            tool: options.tool, manifest: ManifestInfo(name: manifest.name, path: manifest.path),
            run: RunInfo(started: started, ended: nil, status: "running", shard: options.shard.description,
                         rendered: 0, skipped: 0, failed: 0, packs: []),
            periods: preparation.periods, dataState: DataState(store: fingerprint, importedAt: importedAt ?? nil, socialIndex: preparation.index),
            outputs: [], failures: [], warnings: preparation.notes)
        let recorder = RunRecorder(url: folder.appendingPathComponent(RunManifest.fileName(shard: options.shard)), header: header, kept: kept)
        recorder.begin()
        return recorder
    }

    /// The counts, the final run manifest (written) and the packs to attach.
    static func summarize(_ scheduler: RunScheduler, recorder: RunRecorder, cancelledBy: Int32?, folder: URL) throws -> PublishSummary {
        let outcomes = scheduler.queue.outcomes
        var rendered = 0, skipped = 0, failed = 0, internalFailure = false
        for outcome in outcomes {
            switch outcome {
            case .rendered?: rendered += 1
            case .skipped?: skipped += 1
            case .failed(_, let user)?: failed += 1; if !user { internalFailure = true }
            case .cancelled?, nil: break
            }
        }
        let packFiles = scheduler.jobs.filter { $0.kind == .pack }.map(\.file).filter { file in
            outcomes.contains { if case .rendered(let o, _, _)? = $0 { o.file == file } else if case .skipped(let o, _)? = $0 { o.file == file } else { false } }
        }
        let status = cancelledBy != nil ? "interrupted" : failed > 0 ? "failed" : "complete"
        let final = recorder.finish(status: status, packs: packFiles)
        if let error = recorder.writeError {
            throw PublishProblem(["\(recorder.path): cannot write the run manifest (\(error)) — check the output folder's space and permissions"])
        }
        return PublishSummary(manifest: final, rendered: rendered, skipped: skipped, failed: failed,
                              anyInternalFailure: internalFailure, cancelledBy: cancelledBy,
                              runManifestPath: recorder.path, packs: packFiles.map { folder.appendingPathComponent($0).path })
    }
}

/// One publish run at a time per output folder (they would race on the run manifest): a second run
/// waits for the first. The folder is created if needed; the lock is an flock on the folder itself.
struct OutputFolderLock {
    private let descriptor: Int32

    init(_ folder: URL, progress: ProgressReporter) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            progress.note("waiting for another publish run writing to \(folder.path) …")
            _ = flock(descriptor, LOCK_EX)
        }
    }

    func release() { if descriptor >= 0 { close(descriptor) } }
}
