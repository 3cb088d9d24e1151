import Accessibility
import CCmarkGFM
import CPangoCairo
import Document
import Facts
import Foundation
import IndicatorStore
import Layout
import Narrative

// A publish run: manifest → one period for the run → jobs (template × area × language, plus one pack
// per language), each with its output path checked before anything is written → this shard's share →
// rendered in parallel on threads, one job per thread at a time. Each thread keeps its own
// FontEnvironment (fontconfig config + Pango font map), so no font map is used by two threads; the one
// thing that crosses threads is a document's measured text, handed to the pack that places it (see
// `MeasuredHandoff` and README "Parallelism"). All jobs read the store in the data state it had when
// the run started (one snapshot per worker, each checked against the run's), so no PDF mixes two data
// states — nor do a pack and its documents — even while an import commits. `--dry-run` goes through
// the same decisions (`decide`) without drawing a PDF, so it lists what the run would do.

public struct PublishJob: Sendable, Equatable {
    public enum Kind: String, Sendable { case document, pack }
    public var kind: Kind
    /// `template/area/period/language`, or `pack/period/language` (values escaped like file names).
    public var key: String
    /// Template as written in the manifest (pack: the manifest's path).
    public var template: String
    public var templatePath: String
    public var area: String?
    public var areaName: String?
    /// The period this job's document reports (see `ResolvedPeriods.period(for:)`).
    public var period: String
    public var language: String
    public var parameters: [String: String]
    /// Output path relative to the output folder.
    public var file: String
    /// For a pack: its documents, in manifest order.
    public var members: [PublishJob]
}

public struct PublishOptions: Sendable {
    public var jobs: Int
    public var shard: Shard
    public var outputFolder: String
    public var force: Bool
    /// Identifies the renderer build (so a new build re-renders); see `rendererIdentity()`.
    public var renderer: String
    /// Written into the run manifest.
    public var tool: ToolInfo

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard = .whole, outputFolder: String = "Output",
                force: Bool = false, renderer: String = Publisher.rendererIdentity(), tool: ToolInfo = .unknown) {
        self.jobs = max(1, jobs); self.shard = shard
        self.outputFolder = outputFolder; self.force = force; self.renderer = renderer; self.tool = tool
    }
}

public enum JobOutcome: Sendable {
    case rendered(RunOutput, milliseconds: Double, reason: String)
    case skipped(RunOutput, reason: String)
    case failed(RunFailure, userError: Bool)
    case cancelled

    var key: String? {
        switch self {
        case .rendered(let o, _, _), .skipped(let o, _): o.key
        case .failed(let f, _): f.key
        case .cancelled: nil
        }
    }
}

/// Thread-safe flag set by SIGINT/SIGTERM; workers stop taking new jobs once it is set.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: Int32 = 0
    public init() {}
    public func cancel(signal: Int32) { lock.withLock { if self.signal == 0 { self.signal = signal } } }
    public var cancelledBy: Int32? { lock.withLock { signal == 0 ? nil : signal } }
}

public struct PublishSummary: Sendable {
    public var manifest: RunManifest
    public var rendered: Int
    public var skipped: Int
    public var failed: Int
    public var anyInternalFailure: Bool
    public var cancelledBy: Int32?
    public var runManifestPath: String
    /// The combined packs this run's manifest names, as paths (what to attach).
    public var packs: [String]
}

/// A problem with the run as a whole, found before anything is written (exit 2): the period, the
/// social index, output paths.
public struct PublishProblem: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public var description: String { lines.joined(separator: "\n") }
}

/// What `decide` found for a job: what the run does with it, and why.
public enum Decision: Sendable {
    case skip(RunOutput, reason: String)
    case render(Prepared, reason: String)
    case fail(RunFailure, userError: Bool)

    public var action: String {
        switch self {
        case .skip: "skip"
        case .render: "render"
        case .fail: "fail"
        }
    }

    public var reason: String {
        switch self {
        case .skip(_, let r), .render(_, let r): r
        case .fail(let f, _): f.reason
        }
    }
}

/// A job ready to be drawn: its content and its run-manifest entry without the PDF's numbers.
public struct Prepared: Sendable {
    let content: Content
    var output: RunOutput
}

/// The run as prepared from one data state, before any job: the period, the jobs, the index they show.
public struct RunPreparation: Sendable {
    public var periods: ResolvedPeriods
    /// Every job of the manifest (all shards), in the deterministic order.
    public var jobs: [PublishJob]
    public var index: IndexUse?
    /// What the preparation did or found that the operator should know (stderr and the run manifest).
    public var notes: [String]
}

public enum Publisher {
    // MARK: Planning

    /// Resolves the run's period and plans every job in its deterministic order (entries in manifest
    /// order, areas as listed or by code, languages as listed; the packs last), with output paths
    /// checked: inside `folder`, and no two outputs on one path.
    public static func prepare(_ manifest: PublishManifest, store: IndicatorStore, folder: URL) throws -> RunPreparation {
        let templates = manifest.documents.map { (name: $0.template, path: $0.templatePath) }
        let periods: ResolvedPeriods
        do {
            periods = try PeriodResolver.resolve(selection: manifest.period, maxLag: manifest.maxLag, templates: templates, store: store)
        } catch let problem as PeriodProblem {
            throw PublishProblem(["\(manifest.path):\(manifest.periodPosition.line):\(manifest.periodPosition.column): \(problem.message)"])
        }
        let jobs = try plan(manifest, store: store, periods: periods)
        var problems = OutputPath.collisions(jobs.map { (who: describe($0), path: $0.file) }).map { "\(manifest.path): \($0) — make the output pattern tell them apart (e.g. with {area} and {lang})" }
        for job in jobs {
            if let why = OutputPath.problem(job.file, inside: folder) { problems.append("\(manifest.path): \(describe(job)): \(why)") }
        }
        if !problems.isEmpty { throw PublishProblem(problems) }
        var notes: [String] = []
        if let lag = periods.lagWarning { notes.append("warning: " + lag) }
        return RunPreparation(periods: periods, jobs: jobs, index: nil, notes: notes)
    }

    static func describe(_ job: PublishJob) -> String {
        job.kind == .pack ? "the pack (\(job.language))" : "\(job.template) for \(job.area ?? "-") (\(job.language))"
    }

    /// The jobs of the manifest for the resolved periods.
    public static func plan(_ manifest: PublishManifest, store: IndicatorStore, periods: ResolvedPeriods) throws -> [PublishJob] {
        let allAreas = try store.areas()
        var jobs: [PublishJob] = []
        var byLanguage: [String: [PublishJob]] = [:]
        for entry in manifest.documents {
            let header = try? BriefingRenderer.header(templatePath: entry.templatePath)
            let stem = URL(fileURLWithPath: entry.templatePath).deletingPathExtension().lastPathComponent
            let areas: [Area?]
            switch entry.areas {
            case .templateDefault:
                areas = [header.flatMap { h in allAreas.first { $0.level == h.areaLevels[0] } }]
            case .codes(let codes):
                areas = codes.map { code in allAreas.first { $0.code == code } ?? Area(code: code, name: code, level: .district) }
            case .level(let level): areas = allAreas.filter { $0.level == level }
            case .all:
                let levels = header?.areaLevels ?? []
                areas = levels.isEmpty ? [nil] : allAreas.filter { levels.contains($0.level) }
            }
            let period = periods.period(for: entry.template)
            for language in entry.languages ?? manifest.languages {
                for area in areas {
                    let code = area?.code ?? "-"
                    let key = [stem, code, period, language].map(OutputPath.escape).joined(separator: "/")
                    let file = OutputPath.fill(manifest.output, ["template": cleanName(stem, language: language), "area": code,
                                                                 "period": period, "lang": language])
                    let job = PublishJob(kind: .document, key: key, template: entry.template, templatePath: entry.templatePath,
                                         area: area?.code, areaName: area?.name, period: period, language: language,
                                         parameters: entry.parameters, file: file, members: [])
                    if !jobs.contains(where: { $0.key == job.key }) {
                        jobs.append(job)
                        byLanguage[language, default: []].append(job)
                    }
                }
            }
        }
        if let pack = manifest.pack {
            for language in manifest.languages where byLanguage[language] != nil {
                let file = OutputPath.fill(pack.file, ["period": periods.reference, "lang": language])
                jobs.append(PublishJob(kind: .pack, key: ["pack", periods.reference, language].map(OutputPath.escape).joined(separator: "/"),
                                       template: manifest.path, templatePath: manifest.path, area: nil, areaName: nil,
                                       period: periods.reference, language: language, parameters: [:], file: file,
                                       members: byLanguage[language] ?? []))
            }
        }
        return jobs
    }

    /// A template's file name for `{template}`: without a language suffix the document's language
    /// repeats (`district-profile.en` in English is `district-profile`).
    public static func cleanName(_ stem: String, language: String) -> String {
        stem.hasSuffix(".\(language)") ? String(stem.dropLast(language.count + 1)) : stem
    }

    // MARK: Checking

    /// Checks the manifest's period, output paths and templates for every job without rendering PDFs:
    /// each problem once, with its position.
    public static func check(_ manifest: PublishManifest, store: IndicatorStore) throws -> [String] {
        let preparation: RunPreparation
        do { preparation = try prepare(manifest, store: store, folder: URL(fileURLWithPath: "/nonexistent-civicbrief-check")) } catch let problem as PublishProblem {
            return problem.lines
        }
        var problems: [TemplateProblem] = []
        for job in preparation.jobs where job.kind == .document {
            do {
                _ = try BriefingRenderer.render(request(job, standard: manifest.pdfStandard), store: store)
            } catch {
                for p in error.problems where !problems.contains(p) { problems.append(p) }
            }
        }
        return problems.map(\.description)
    }

    static func request(_ job: PublishJob, standard: PDFStandard?) -> BriefingRequest {
        BriefingRequest(templatePath: job.templatePath, area: job.area, period: job.period, language: job.language,
                        parameters: job.parameters, pdfStandard: standard)
    }

    // MARK: Running

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

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // One run at a time per output folder (they would race on the run manifest): a second run waits.
        let folderLock = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folderLock >= 0 { close(folderLock) } }
        if folderLock >= 0, flock(folderLock, LOCK_EX | LOCK_NB) != 0 {
            progress.note("waiting for another publish run writing to \(folder.path) …")
            _ = flock(folderLock, LOCK_EX)
        }
        removeAbandonedTemporaries(in: folder)
        let previous = previousOutputs(in: folder)
        let fingerprint = try snapshot.fingerprint()
        let stamp = try snapshot.stateStamp()
        // What an earlier attempt of this run (before a crash) finished counts only for the same data state.
        let prior = resume.fingerprint == fingerprint ? resume.outcomes : [:]
        CrashIsolation.report(fingerprint: fingerprint)

        let importedAt = try? snapshot.batches().last.map(\.importedAt)
        let header = RunManifest(
            tool: options.tool, manifest: ManifestInfo(name: manifest.name, path: manifest.path),
            run: RunInfo(started: started, ended: nil, status: "running", shard: options.shard.description,
                         rendered: 0, skipped: 0, failed: 0, packs: []),
            periods: preparation.periods, dataState: DataState(store: fingerprint, importedAt: importedAt ?? nil, socialIndex: preparation.index),
            outputs: [], failures: [], warnings: preparation.notes)
        let manifestURL = folder.appendingPathComponent(RunManifest.fileName(shard: options.shard))
        let recorder = RunRecorder(url: manifestURL, header: header, kept: previous.valid)
        recorder.begin()

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
        // A pack's documents first, then the pack (it waits for them to be measured and places their
        // text, while the other threads draw those documents' own PDFs), then all other documents.
        // Every document a pack waits for is handed to a thread before the pack is, so it never
        // waits for a job that no thread has taken.
        let first = mine.indices.filter { mine[$0].kind == .document && handoff.expects(mine[$0].key) }
        let rest = mine.indices.filter { mine[$0].kind == .document && !handoff.expects(mine[$0].key) }
        let packs = mine.indices.filter { mine[$0].kind == .pack }
        // While isolating a crash the documents come first: a pack then knows which of its documents crashed.
        let order = resume.isolating ? rest + packs : first + packs + rest
        let state = WorkQueue(count: mine.count)
        // Done before (an earlier attempt of this run) or known to crash: recorded, not run again.
        for (i, job) in mine.enumerated() {
            let known: JobOutcome? = prior[job.key] ?? resume.crashed[job.key].map { sig in
                .failed(failure(job, reason: "civicbrief crashed (signal \(sig)\(signalName(sig))) while rendering this document — "
                                + "the run went on without it; please report it", user: false), userError: false)
            }
            guard let known else { continue }
            state.record(i, known)
            state.skip(slot: order.firstIndex(of: i) ?? 0)
            recorder.record(known)
            progress.finished(job: job, outcome: known, replayed: prior[job.key] != nil)
        }
        let workers = resume.isolating ? 1 : min(options.jobs, max(1, mine.count))
        let group = DispatchGroup()
        // --jobs N: N busy threads, helpers of the typesetter included (see ComputeThreads); this
        // thread only waits.
        let computing = ComputeThreads.shared
        let previousLimit = computing.limit
        computing.limit = options.jobs
        computing.end()
        defer { computing.begin(); computing.limit = previousLimit }
        for worker in 0..<workers {
            // A DatabaseSnapshot serves one reader at a time, so each further worker reads through a
            // snapshot of its own — if it shows the run's data state, sharing what is read and derived
            // from it with the run's snapshot; else through the run's.
            let own: IndicatorStore? = {
                guard worker > 0, let taken = try? store.snapshot(), taken !== store else { return nil }
                if (try? taken.stateStamp()) == stamp { return taken.sharingDerivedValues(with: snapshot) }
                taken.close()
                return nil
            }()
            let reader = own ?? snapshot
            group.enter()
            computing.begin()
            let thread = Thread {
                defer { computing.end(); own?.close() }
                while let task = state.next(cancelled: cancellation.cancelledBy != nil, packed: { slot in
                    handoff.expects(mine[order[slot]].key)
                }, ready: { slot in
                    mine[order[slot]].kind != .pack || mine[order[slot]].members.allSatisfy { !handoff.isPending($0.key) }
                }) {
                    let index: Int, step: Step
                    switch task {
                    case .job(let slot):
                        index = order[slot]
                        CrashIsolation.started(mine[index].key)
                        step = execute(mine[index], context: context, store: reader)
                    case .rest(let i, let rest):
                        index = i
                        step = rest()
                    }
                    guard case .done(let outcome) = step else {
                        if case .then(let urgent, let next) = step { state.postpone(index, urgent: urgent, next) }
                        continue
                    }
                    state.record(index, outcome)
                    recorder.record(outcome)
                    CrashIsolation.finished(mine[index].key, outcome)
                    progress.finished(job: mine[index], outcome: outcome)
                }
                group.leave()
            }
            thread.stackSize = 8 << 20  // Stencil and the layout recurse deeper than the default 512 KB
            thread.start()
        }
        group.wait()

        var rendered = 0, skipped = 0, failed = 0, internalFailure = false
        for outcome in state.outcomes {
            switch outcome {
            case .rendered?: rendered += 1
            case .skipped?: skipped += 1
            case .failed(_, let user)?: failed += 1; if !user { internalFailure = true }
            case .cancelled?, nil: break
            }
        }
        let packFiles = mine.filter { $0.kind == .pack }.map(\.file).filter { file in
            state.outcomes.contains { if case .rendered(let o, _, _)? = $0 { o.file == file } else if case .skipped(let o, _)? = $0 { o.file == file } else { false } }
        }
        let status = cancellation.cancelledBy != nil ? "interrupted" : failed > 0 ? "failed" : "complete"
        let final = recorder.finish(status: status, packs: packFiles)
        if let error = recorder.writeError {
            throw PublishProblem(["\(manifestURL.path): cannot write the run manifest (\(error)) — check the output folder's space and permissions"])
        }
        return PublishSummary(manifest: final, rendered: rendered, skipped: skipped, failed: failed,
                              anyInternalFailure: internalFailure, cancelledBy: cancellation.cancelledBy,
                              runManifestPath: manifestURL.path, packs: packFiles.map { folder.appendingPathComponent($0).path })
    }

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
                guard let reference = Period(preparation.periods.reference) else { return (preparation, snapshot) }
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

    /// Temporary files of atomic writes whose process is gone (killed with SIGKILL mid-write), in the
    /// folder and below: a SIGINT/SIGTERM never leaves one, a kill -9 may; the next run removes them.
    static func removeAbandonedTemporaries(in folder: URL) {
        var folders = [folder.path]
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for relative in files {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { folders.append(path) }
        }
        for f in folders { Accessibility.removeAbandonedTemporaries(in: URL(fileURLWithPath: f)) }
    }

    /// Outputs of earlier runs in this folder (run-manifest*.json, merged ones included), by key: all
    /// of them, and those whose file is still there with the recorded bytes (`valid`).
    static func previousOutputs(in folder: URL) -> (all: [String: RunOutput], valid: [String: RunOutput]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("run-manifest") && $0.hasSuffix(".json") }.sorted()
        var all: [String: RunOutput] = [:]
        for name in names {
            for o in RunManifest.read(folder.appendingPathComponent(name))?.outputs ?? [] { all[o.key] = o }
        }
        var hashes: [String: String?] = [:]
        let valid = all.filter { _, o in
            let sha = hashes[o.file] ?? {
                let h = FileManager.default.contents(atPath: folder.appendingPathComponent(o.file).path).map(Checksum.sha256Hex)
                hashes[o.file] = h
                return h
            }()
            return sha == o.sha256
        }
        return (all, valid)
    }

    final class RunContext: @unchecked Sendable {
        let manifest: PublishManifest, options: PublishOptions, folder: URL
        /// The store as it was when the run started, and its fingerprint.
        let snapshot: IndicatorStore, fingerprint: String
        let previous: (all: [String: RunOutput], valid: [String: RunOutput])
        let templates: TemplateDigests
        let briefings = BriefingCache()
        /// Document digests of this run's document jobs, by job key, for the packs that contain them.
        let digests = DigestCache()
        let handoff: MeasuredHandoff
        let recorder: RunRecorder?
        /// Documents that crashed an earlier attempt of this run (key → signal).
        let crashed: [String: Int32]
        init(manifest: PublishManifest, snapshot: IndicatorStore, fingerprint: String, options: PublishOptions, folder: URL,
             previous: (all: [String: RunOutput], valid: [String: RunOutput]), templates: TemplateDigests,
             handoff: MeasuredHandoff = MeasuredHandoff(expecting: []), recorder: RunRecorder? = nil, crashed: [String: Int32] = [:]) {
            self.manifest = manifest; self.snapshot = snapshot; self.fingerprint = fingerprint; self.options = options
            self.folder = folder; self.previous = previous; self.templates = templates; self.handoff = handoff
            self.recorder = recorder; self.crashed = crashed
        }
    }

    /// What a job's turn on a thread produced: its outcome, or — for a pack's document — the rest of
    /// its work (measuring, then drawing its own PDF), which any thread may do later.
    indirect enum Step {
        case done(JobOutcome)
        /// The job goes on with `next`, on whichever thread is free: soon (`urgent`: work a pack waits
        /// for) or after the jobs not yet begun.
        case then(urgent: Bool, next: @Sendable () -> Step)
    }

    static func failure(_ job: PublishJob, reason: String, user: Bool) -> RunFailure {
        RunFailure(key: job.key, kind: job.kind.rawValue, template: job.template, area: job.area, period: job.period,
                   language: job.language, file: job.file, reason: reason, category: user ? "input" : "internal")
    }

    /// Whether the job is skipped, rendered or failed, and why — everything short of drawing the PDF.
    /// `store` is the run's snapshot or one showing the same data state (see `run`).
    static func decide(_ job: PublishJob, context: RunContext, store snapshot: IndicatorStore) -> Decision {
        let manifest = context.manifest, options = context.options
        func failed(_ reason: String, user: Bool) -> Decision { .fail(failure(job, reason: reason, user: user), userError: user) }
        let fingerprint = context.fingerprint
        let members = job.kind == .pack ? job.members : [job]
        if let crashed = members.first(where: { context.crashed[$0.key] != nil }), job.kind == .pack {
            return failed("its document \(crashed.key) crashed civicbrief; the pack is not made without it", user: false)
        }

        // Level 1: identical inputs → identical bytes, skip without building anything.
        let inputs = inputDigests(job, manifest: manifest, options: options, fingerprint: fingerprint, templates: context.templates)
        let previous = context.previous.all[job.key]
        let onDisk = context.previous.valid[job.key] != nil
        if !options.force, var prev = previous, onDisk, prev.inputs == inputs {
            prev.status = "skipped"
            return .skip(prev, reason: "unchanged inputs")
        }
        let why: String = options.force ? "forced (--force)"
            : previous == nil ? "new"
            : !onDisk ? "the file was changed or removed since it was written"
            : previous.map { inputs.changes(since: $0.inputs).joined(separator: "; ") } ?? "new"

        // Build the document(s) from the snapshot. A pack's documents are the same briefings as the
        // document jobs', so they are shared through a cache (keyed by the store fingerprint too, for
        // safety).
        var briefings: [Briefing] = []
        for m in members {
            let cacheKey = Checksum.sha256Hex(Array("\(fingerprint)|\(m.key)|\(context.templates.digest(of: m.templatePath))|\(m.parameters.sorted { $0.key < $1.key })".utf8))
            if let cached = context.briefings.get(cacheKey) { briefings.append(cached); continue }
            do {
                let briefing = try BriefingRenderer.render(request(m, standard: manifest.pdfStandard), store: snapshot)
                context.briefings.put(cacheKey, briefing)
                briefings.append(briefing)
            } catch {
                let reason = error.problems.map(\.description).joined(separator: "\n")
                return failed(job.kind == .pack ? "its document \(m.key) failed: \(reason)" : reason, user: true)
            }
        }
        guard briefings.first != nil else { return failed("the pack has no documents", user: true) }
        let content: Content
        let documents = briefings.map { applyMetadata($0.document, manifest: manifest, period: $0.period) }
        let title: String
        if job.kind == .pack, let pack = manifest.pack {
            let periodText = Period(job.period).map { Formatting(job.language.lowercased().hasPrefix("en") ? .en : .de).period($0) }
            content = .pack(Pack.assemble(documents, title: pack.title, manifest: manifest, language: job.language,
                                          date: documentDate(manifest: manifest, period: Period(job.period)), period: periodText))
            title = pack.title
        } else {
            content = .document(documents[0])
            title = documents[0].metadata.title
        }
        let documentDigest: String
        do {
            let suffix = Array(options.renderer.utf8)
            switch content {
            case .document(let document):
                documentDigest = try Content.digest(document, appending: suffix)
                context.digests.put(job.key, documentDigest)
            case .pack(let pack):
                // Cover and sections; a section that is its document as its job rendered it has that
                // job's digest already (encoding a document with its maps takes milliseconds).
                var parts = [try Content.digest(pack.cover, appending: suffix)]
                for (i, section) in pack.sections.enumerated() {
                    if section == documents[i], let known = context.digests.get(members[i].key) {
                        parts.append(known)
                    } else {
                        parts.append(try Content.digest(section, appending: suffix))
                    }
                }
                documentDigest = Checksum.sha256Hex(Array(("pack\n" + parts.joined(separator: "\n")).utf8))
            }
        } catch {
            return failed("cannot encode the document: \(error)", user: false)
        }
        let area = job.kind == .pack ? nil : AreaRef(code: briefings[0].areaCode, name: job.areaName ?? briefings[0].areaCode)
        let output = RunOutput(key: job.key, kind: job.kind.rawValue, file: job.file, title: title, template: job.template,
                               area: area, members: job.kind == .pack ? members.map(\.key) : nil, period: job.period,
                               language: job.language, pages: 0, bytes: 0, sha256: "", status: "rendered",
                               renderedAt: "", dataState: fingerprint, inputs: inputs, document: documentDigest)
        // Level 2: the data changed, but not this document → its bytes would be the same.
        if !options.force, var prev = previous, onDisk, prev.document == documentDigest, prev.file == job.file {
            prev.status = "skipped"; prev.inputs = inputs; prev.dataState = fingerprint; prev.title = title
            return .skip(prev, reason: "unchanged document (\(why) elsewhere)")
        }
        return .render(Prepared(content: content, output: output), reason: why)
    }

    /// One job from decision to file (the worker's part); see `Step`.
    static func execute(_ job: PublishJob, context: RunContext, store snapshot: IndicatorStore) -> Step {
        // Whatever happens below, a pack waiting for this document stops waiting (and measures it itself).
        var handedOn = false  // to a step that delivers the measured text itself
        defer { if job.kind == .document && !handedOn { context.handoff.deliver(job.key, nil) } }
        CrashIsolation.testCrashIfAsked(job.key)
        // A pack places what its documents' jobs of this run measured; it waits for them here.
        let measured = job.kind == .pack ? job.members.map { context.handoff.take($0.key) } : []
        let prepared: Prepared, reason: String
        switch decide(job, context: context, store: snapshot) {
        case .skip(let o, let why): return .done(.skipped(o, reason: why))
        case .fail(let f, let user): return .done(.failed(f, userError: user))
        case .render(let p, let r): prepared = p; reason = r
        }
        let file = job.file
        let url = context.folder.appendingPathComponent(file)
        let ready = prepared.output
        let recorder = context.recorder
        @Sendable func failed(_ reason: String, user: Bool) -> JobOutcome {
            .failed(failure(job, reason: reason, user: user), userError: user)
        }
        /// Renders with `render`, writes the PDF atomically and says how it went.
        @Sendable func publish(since start: ContinuousClock.Instant, plus earlier: Duration = .zero,
                               _ render: () throws(DocumentRenderError) -> (bytes: [UInt8], pages: Int)) -> JobOutcome {
            var output = ready
            do {
                let (bytes, pages) = try render()
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                recorder?.willReplace(file: file)
                try writeAtomically(bytes, to: url)
                output.pages = pages
                output.bytes = bytes.count
                output.sha256 = Checksum.sha256Hex(bytes)
                output.renderedAt = isoTimestamp()
            } catch let error as DocumentRenderError {
                return failed(error.description, user: error.isUserError)
            } catch {
                return failed("cannot write \(file): \(error) — check the output folder's space and permissions", user: false)
            }
            let d = ContinuousClock.now - start + earlier
            return .rendered(output, milliseconds: Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15,
                             reason: reason)
        }
        let start = ContinuousClock.now
        switch prepared.content {
        case .document(let document) where context.handoff.expects(job.key):
            // The pack waits for this document's measured text: measure it next, on the first free
            // thread (before other documents' briefings), hand it over, and draw this PDF later, so the
            // pack can start as early as possible.
            handedOn = true
            let handoff = context.handoff, key = job.key
            return .then(urgent: true) {
                let start = ContinuousClock.now
                let measured: MeasuredDocument
                do throws(DocumentRenderError) { measured = try measurePDF(document) } catch {
                    handoff.deliver(key, nil)
                    return .done(failed(error.description, user: error.isUserError))
                }
                handoff.deliver(key, measured)
                let firstHalf = ContinuousClock.now - start
                return .then(urgent: false) {
                    .done(publish(since: ContinuousClock.now, plus: firstHalf) { () throws(DocumentRenderError) in
                        var timings = RenderTimings()
                        return (try renderPDF(measured, timings: &timings), timings.pages)
                    })
                }
            }
        case .document(let document):
            return .done(publish(since: start) { () throws(DocumentRenderError) in
                var timings = RenderTimings()
                return (try renderPDF(document, timings: &timings), timings.pages)
            })
        case .pack(let pack):
            return .done(publish(since: start) { () throws(DocumentRenderError) in
                var timings = RenderTimings()
                return (try renderPDF(pack: pack, measured: measured, timings: &timings), timings.pages)
            })
        }
    }

    /// The parts of what a job's bytes depend on besides the renderer's code: store fingerprint,
    /// template files, settings (period, metadata, output pattern, parameters) and the renderer build.
    static func inputDigests(_ job: PublishJob, manifest: PublishManifest, options: PublishOptions, fingerprint: String,
                             templates: TemplateDigests) -> InputDigests {
        var settings = "\(job.key)\nperiod=\(job.period)\n"
        settings += "meta=\(manifest.committee ?? "")|\(manifest.meetingDate ?? "")|\(manifest.organisation ?? "")\n"
        if let standard = manifest.pdfStandard { settings += "pdf_standard=\(standard.rawValue)\n" }
        if job.kind == .pack { settings += "pack=\(manifest.pack?.title ?? "")|\(manifest.pack?.file ?? "")\n" }
        else { settings += "output=\(manifest.output)\n" }
        var files = ""
        for m in job.kind == .pack ? job.members : [job] {
            files += "\(m.key) \(templates.digest(of: m.templatePath))\n"
            settings += m.key + " " + m.parameters.keys.sorted().map { "\($0)=\(m.parameters[$0] ?? "")" }.joined(separator: "&") + "\n"
        }
        return InputDigests(store: fingerprint, templates: Checksum.sha256Hex(Array(files.utf8)),
                            settings: Checksum.sha256Hex(Array(settings.utf8)), renderer: options.renderer)
    }

    // MARK: Dry run

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
            need = try Period(preparation0.periods.reference).map {
                try IndexCheck.need(setting: manifest.socialIndex, definition: explicit, uses: uses, period: $0, store: probe, storePath: storePath)
            } ?? .none(nil)
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
        if let reference = Period(preparation.periods.reference), uses {
            preparation.index = IndexCheck.use(try IndexCheck.seen(store: snapshot, asOf: reference), setting: manifest.socialIndex,
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

    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        try Accessibility.writeAtomically(bytes, to: url)
    }

    /// The date a document carries (footer, PDF metadata): the meeting date, else the last day of its
    /// period — the day its data describe. Never the clock: the same inputs give the same bytes, and a
    /// document whose data did not change keeps its date.
    public static func documentDate(manifest: PublishManifest?, period: Period?) -> String? {
        if let meeting = manifest?.meetingDate { return meeting }
        return period.map { $0.lastDay.description }
    }

    /// Manifest metadata overrides the template's: organisation, date (see `documentDate`), committee (keyword).
    static func applyMetadata(_ document: Document, manifest: PublishManifest, period: Period) -> Document {
        var d = document
        if let o = manifest.organisation { d.metadata.organisation = o }
        d.metadata.date = documentDate(manifest: manifest, period: period)
        if let c = manifest.committee, !d.metadata.keywords.contains(c) { d.metadata.keywords.append(c) }
        return d
    }

    /// The running executable's size and modification time: a rebuilt renderer re-renders everything.
    public static func rendererIdentity() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)@\(Int64(modified * 1000))"
    }
}

/// ` (SIGSEGV)` for a signal number, for messages.
func signalName(_ sig: Int32) -> String {
    switch sig {
    case SIGSEGV: " SIGSEGV, e.g. a stack overflow"
    case SIGBUS: " SIGBUS"
    case SIGABRT: " SIGABRT"
    case SIGILL: " SIGILL, e.g. a failed runtime check"
    case SIGTRAP: " SIGTRAP, e.g. a failed runtime check"
    case SIGFPE: " SIGFPE"
    case SIGKILL: " SIGKILL, e.g. out of memory"
    default: ""
    }
}
