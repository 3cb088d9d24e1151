import Accessibility
import CCmarkGFM
import CPangoCairo
import Document
import Foundation
import IndicatorStore
import Layout
import Narrative
import Yams

// A publish run: manifest → jobs (template × area × language, plus one pack per language) → this
// shard's share → rendered in parallel on threads, one job per thread at a time. Each thread keeps
// its own FontEnvironment (fontconfig config + Pango font map), so no font map is used by two
// threads; the one thing that crosses threads is a document's measured text, handed to the pack that
// places it (see `MeasuredHandoff` and README "Parallelism"). All jobs read the store in the data
// state it had when the run started (one snapshot per worker, each checked against the run's), so no
// PDF mixes two data states — nor do a pack and its documents — even while an import commits; and
// the store's fingerprint is computed once per run, not once per document.

public struct PublishJob: Sendable, Equatable {
    public enum Kind: String, Sendable { case document, pack }
    public var kind: Kind
    public var key: String
    /// Template as written in the manifest (pack: the manifest).
    public var template: String
    public var templatePath: String
    public var area: String?
    public var language: String
    public var parameters: [String: String]
    /// For a pack: its documents, in manifest order.
    public var members: [PublishJob]
}

public struct PublishOptions: Sendable {
    public var period: String?
    public var jobs: Int
    public var shard: Shard
    public var outputFolder: String
    public var force: Bool
    /// Identifies the renderer build (so a new build re-renders); see `rendererIdentity()`.
    public var renderer: String

    public init(period: String? = nil, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard = .whole,
                outputFolder: String = "Output", force: Bool = false, renderer: String = Publisher.rendererIdentity()) {
        self.period = period; self.jobs = max(1, jobs); self.shard = shard
        self.outputFolder = outputFolder; self.force = force; self.renderer = renderer
    }
}

public enum JobOutcome: Sendable {
    case rendered(RunOutput, milliseconds: Double)
    case skipped(RunOutput)
    case failed(RunFailure, userError: Bool)
    case cancelled
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
}

public enum Publisher {
    // MARK: Planning

    /// Every job of the manifest in its deterministic order (entries in manifest order, areas as listed
    /// or by code, languages as listed; the packs last). Needs the store only to expand levels.
    public static func plan(_ manifest: PublishManifest, store: IndicatorStore) throws -> [PublishJob] {
        let allAreas = try store.areas()
        var jobs: [PublishJob] = []
        var byLanguage: [String: [PublishJob]] = [:]
        for entry in manifest.documents {
            let name = URL(fileURLWithPath: entry.templatePath).deletingPathExtension().lastPathComponent
            let areas: [String?]
            switch entry.areas {
            case .templateDefault: areas = [nil]
            case .codes(let codes): areas = codes
            case .level(let level): areas = allAreas.filter { $0.level == level }.map(\.code)
            case .all:
                let levels = templateAreaLevels(entry.templatePath)
                areas = levels.isEmpty ? [nil] : allAreas.filter { levels.contains($0.level) }.map(\.code)
            }
            for language in entry.languages ?? manifest.languages {
                for area in areas {
                    let job = PublishJob(kind: .document, key: "\(name)|\(area ?? "default")|\(language)", template: entry.template,
                                         templatePath: entry.templatePath, area: area, language: language,
                                         parameters: entry.parameters, members: [])
                    if !jobs.contains(where: { $0.key == job.key }) {
                        jobs.append(job)
                        byLanguage[language, default: []].append(job)
                    }
                }
            }
        }
        if manifest.pack != nil {
            for language in manifest.languages where byLanguage[language] != nil {
                jobs.append(PublishJob(kind: .pack, key: "pack|\(language)", template: manifest.path, templatePath: manifest.path,
                                       area: nil, language: language, parameters: [:], members: byLanguage[language] ?? []))
            }
        }
        return jobs
    }

    /// `area_level` of a template's front matter (empty when unreadable; the render then reports why).
    static func templateAreaLevels(_ path: String) -> [AreaLevel] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix("---") else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else { return [] }
        let yaml = lines[1..<end].joined(separator: "\n")
        guard let node = try? Yams.compose(yaml: yaml), let value = node.mapping?["area_level"] else { return [] }
        let texts = value.sequence.map { $0.compactMap { $0.scalar?.string } } ?? [value.scalar?.string].compactMap { $0 }
        return texts.compactMap { AreaLevel(lenient: $0) }
    }

    // MARK: Checking

    /// Checks the manifest's templates for every job without rendering PDFs: each problem once, with its position.
    public static func check(_ manifest: PublishManifest, store: IndicatorStore, period: String?) throws -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        for job in try plan(manifest, store: store) where job.kind == .document {
            do {
                _ = try BriefingRenderer.render(request(job, period: period ?? manifest.period, standard: manifest.pdfStandard), store: store)
            } catch {
                for p in error.problems where !problems.contains(p) { problems.append(p) }
            }
        }
        return problems
    }

    static func request(_ job: PublishJob, period: String?, standard: PDFStandard?) -> BriefingRequest {
        BriefingRequest(templatePath: job.templatePath, area: job.area, period: period, language: job.language,
                        parameters: job.parameters, pdfStandard: standard)
    }

    // MARK: Running

    /// Runs this shard's jobs on `options.jobs` threads, reporting each outcome to `progress` as it
    /// happens, then writes the run manifest atomically. Never throws for a failing document: failures
    /// are in the summary.
    public static func run(_ manifest: PublishManifest, storePath: String, options: PublishOptions,
                           cancellation: CancellationFlag, progress: ProgressReporter) throws -> PublishSummary {
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let all = try plan(manifest, store: store)
        let mine = all.enumerated().filter { options.shard.contains(position: $0.offset) }.map(\.element)
        let folder = URL(fileURLWithPath: options.outputFolder)
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

        let snapshot = try store.snapshot()
        defer { if snapshot !== store { snapshot.close() } }
        // A pack's documents hand their measured text to the pack (`MeasuredHandoff`) when they run here too.
        let packed = Set(mine.filter { $0.kind == .pack }.flatMap(\.members).map(\.key))
        let handoff = MeasuredHandoff(expecting: Set(mine.filter { $0.kind == .document && packed.contains($0.key) }.map(\.key)))
        let context = RunContext(manifest: manifest, snapshot: snapshot, fingerprint: try snapshot.fingerprint(), options: options,
                                 folder: folder, previous: previous, templates: TemplateDigests(), handoff: handoff)
        let stamp = try snapshot.stateStamp()
        progress.start(total: mine.count)
        // Library-wide set-up that is not safe to race: done once here, before any worker starts.
        cmark_gfm_core_extensions_ensure_registered()
        FontEnvironment.isolateFromSystemFonts()
        // A pack's documents first, then the pack (it waits for them to be measured and places their
        // text, while the other threads draw those documents' own PDFs), then all other documents.
        // Every document a pack waits for is handed to a thread before the pack is, so it never
        // waits for a job that no thread has taken.
        let first = mine.indices.filter { mine[$0].kind == .document && handoff.expects(mine[$0].key) }
        let order = first + mine.indices.filter { mine[$0].kind == .pack }
            + mine.indices.filter { mine[$0].kind == .document && !handoff.expects(mine[$0].key) }
        let state = WorkQueue(count: mine.count)
        let workers = min(options.jobs, max(1, mine.count))
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
                    progress.finished(job: mine[index], outcome: outcome)
                }
                group.leave()
            }
            thread.stackSize = 8 << 20  // Stencil and the layout recurse deeper than the default 512 KB
            thread.start()
        }
        group.wait()

        var outputs: [RunOutput] = [], failures: [RunFailure] = []
        var rendered = 0, skipped = 0, internalFailure = false
        for outcome in state.outcomes {
            switch outcome {
            case .rendered(let o, _)?: outputs.append(o); rendered += 1
            case .skipped(let o)?: outputs.append(o); skipped += 1
            case .failed(let f, let user)?: failures.append(f); if !user { internalFailure = true }
            case .cancelled?, nil: break
            }
        }
        let runManifest = RunManifest(manifest: manifest.path, shard: options.shard.description, outputs: outputs, failures: failures)
        let path = folder.appendingPathComponent(RunManifest.fileName(shard: options.shard))
        try writeAtomically(try runManifest.encoded(), to: path)
        return PublishSummary(manifest: runManifest, rendered: rendered, skipped: skipped, failed: failures.count,
                              anyInternalFailure: internalFailure, cancelledBy: cancellation.cancelledBy,
                              runManifestPath: path.path)
    }

    /// Temporary files of atomic writes whose process is gone (killed with SIGKILL mid-write): a
    /// SIGINT/SIGTERM never leaves one, a kill -9 may; the next run removes them.
    static func removeAbandonedTemporaries(in folder: URL) {
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        for relative in files {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
            let pidText = name[marker.upperBound...].prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(relative))
        }
    }

    /// Outputs of earlier runs in this folder (run-manifest*.json, merged ones included), by job key.
    static func previousOutputs(in folder: URL) -> [String: RunOutput] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasPrefix("run-manifest") && $0.hasSuffix(".json") }.sorted()
        var result: [String: RunOutput] = [:]
        for name in names {
            for o in RunManifest.read(folder.appendingPathComponent(name))?.outputs ?? [] { result[o.key] = o }
        }
        return result
    }

    final class RunContext: @unchecked Sendable {
        let manifest: PublishManifest, options: PublishOptions, folder: URL
        /// The store as it was when the run started, and its fingerprint.
        let snapshot: IndicatorStore, fingerprint: String
        let previous: [String: RunOutput]
        let templates: TemplateDigests
        let briefings = BriefingCache()
        /// Document digests of this run's document jobs, by job key, for the packs that contain them.
        let digests = DigestCache()
        let handoff: MeasuredHandoff
        init(manifest: PublishManifest, snapshot: IndicatorStore, fingerprint: String, options: PublishOptions, folder: URL,
             previous: [String: RunOutput], templates: TemplateDigests, handoff: MeasuredHandoff = MeasuredHandoff(expecting: [])) {
            self.manifest = manifest; self.snapshot = snapshot; self.fingerprint = fingerprint; self.options = options
            self.folder = folder; self.previous = previous; self.templates = templates; self.handoff = handoff
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

    /// `store` is the run's snapshot or one showing the same data state (see `run`).
    static func execute(_ job: PublishJob, context: RunContext, store snapshot: IndicatorStore) -> Step {
        let manifest = context.manifest, options = context.options
        let period = options.period ?? manifest.period
        @Sendable func failed(_ reason: String, user: Bool) -> JobOutcome {
            .failed(RunFailure(key: job.key, template: job.template, area: job.area, language: job.language, reason: reason),
                    userError: user)
        }
        func failure(_ reason: String, user: Bool) -> Step { .done(failed(reason, user: user)) }
        let fingerprint = context.fingerprint
        // Whatever happens below, a pack waiting for this document stops waiting (and measures it itself).
        var handedOn = false  // to a step that delivers the measured text itself
        defer { if job.kind == .document && !handedOn { context.handoff.deliver(job.key, nil) } }

        // Level 1: identical inputs → identical bytes, skip without building anything.
        let members = job.kind == .pack ? job.members : [job]
        let inputs = inputsDigest(job, manifest: manifest, options: options, fingerprint: fingerprint, templates: context.templates)
        let previous = context.previous[job.key]
        if !options.force, var prev = previous, prev.inputs == inputs, fileMatches(prev, folder: context.folder) {
            prev.status = "skipped"
            return .done(.skipped(prev))
        }

        // Build the document(s) from the snapshot. A pack's documents are the same briefings as the
        // document jobs', so they are shared through a cache (keyed by the store fingerprint too, for
        // safety); the pack first waits until the document jobs of this run have measured them.
        let measured = job.kind == .pack ? members.map { context.handoff.take($0.key) } : []
        var briefings: [Briefing] = []
        for m in members {
            let cacheKey = Checksum.sha256Hex(Array("\(fingerprint)|\(m.key)|\(context.templates.digest(of: m.templatePath))|\(period ?? "")|\(m.parameters.sorted { $0.key < $1.key })".utf8))
            if let cached = context.briefings.get(cacheKey) { briefings.append(cached); continue }
            do {
                let briefing = try BriefingRenderer.render(request(m, period: period, standard: manifest.pdfStandard), store: snapshot)
                context.briefings.put(cacheKey, briefing)
                briefings.append(briefing)
            } catch {
                return failure(error.problems.map(\.description).joined(separator: "\n"), user: true)
            }
        }
        guard let first = briefings.first else { return failure("the pack has no documents", user: true) }
        let content: Content
        let file: String
        let documents = briefings.map { applyMetadata($0.document, manifest: manifest) }
        if job.kind == .pack, let pack = manifest.pack {
            content = .pack(Pack.assemble(documents, title: pack.title, manifest: manifest, language: first.language.tag))
            file = fill(pack.file, template: "", area: "", period: first.period.description, language: job.language)
        } else {
            content = .document(applyMetadata(first.document, manifest: manifest))
            file = fill(manifest.output, template: first.templateName, area: first.areaCode, period: first.period.description,
                        language: job.language)
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
            return failure("cannot encode the document: \(error)", user: false)
        }
        var output = RunOutput(key: job.key, kind: job.kind.rawValue, file: file,
                               template: job.kind == .pack ? job.template : job.template, area: job.kind == .pack ? nil : first.areaCode,
                               period: first.period.description, language: job.language, pages: 0, sha256: "",
                               inputs: inputs, document: documentDigest, status: "rendered")
        // Level 2: the data changed, but not this document → its bytes would be the same.
        if !options.force, let prev = previous, prev.document == documentDigest, prev.file == file,
           fileMatches(prev, folder: context.folder) {
            output.pages = prev.pages; output.sha256 = prev.sha256; output.status = "skipped"
            return .done(.skipped(output))
        }
        let start = ContinuousClock.now
        let url = context.folder.appendingPathComponent(file)
        let ready = output
        /// Renders with `render`, writes the PDF atomically and says how it went.
        @Sendable func publish(since start: ContinuousClock.Instant, plus earlier: Duration = .zero,
                               _ render: () throws(DocumentRenderError) -> (bytes: [UInt8], pages: Int)) -> JobOutcome {
            var output = ready
            do {
                let (bytes, pages) = try render()
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try writeAtomically(bytes, to: url)
                output.pages = pages
                output.sha256 = Checksum.sha256Hex(bytes)
            } catch let error as DocumentRenderError {
                return failed(error.description, user: error.isUserError)
            } catch {
                return failed("cannot write \(file): \(error) — check the output folder", user: false)
            }
            let d = ContinuousClock.now - start + earlier
            return .rendered(output, milliseconds: Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        switch content {
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

    /// Digest of everything a job's bytes depend on besides the renderer's code: store fingerprint,
    /// renderer build, period request, metadata, output pattern, template files and parameters.
    static func inputsDigest(_ job: PublishJob, manifest: PublishManifest, options: PublishOptions, fingerprint: String,
                             templates: TemplateDigests) -> String {
        let period = options.period ?? manifest.period
        var text = "\(fingerprint)\n\(options.renderer)\n\(job.key)\nperiod=\(period ?? "latest")\n"
        text += "meta=\(manifest.committee ?? "")|\(manifest.meetingDate ?? "")|\(manifest.organisation ?? "")\n"
        if let standard = manifest.pdfStandard { text += "pdf_standard=\(standard.rawValue)\n" }
        if job.kind == .pack { text += "pack=\(manifest.pack?.title ?? "")|\(manifest.pack?.file ?? "")\n" }
        else { text += "output=\(manifest.output)\n" }
        for m in job.kind == .pack ? job.members : [job] {
            text += "\(m.key) \(templates.digest(of: m.templatePath)) "
            text += m.parameters.keys.sorted().map { "\($0)=\(m.parameters[$0] ?? "")" }.joined(separator: "&") + "\n"
        }
        return Checksum.sha256Hex(Array(text.utf8))
    }

    /// For `--dry-run`: this shard's jobs, each with the file of its last run when its inputs are unchanged
    /// (it would be skipped), or nil (it would be rendered, unless its document turns out unchanged too).
    public static func preview(_ manifest: PublishManifest, storePath: String, options: PublishOptions) throws
        -> [(job: PublishJob, unchangedFile: String?)] {
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let jobs = try plan(manifest, store: store).enumerated().filter { options.shard.contains(position: $0.offset) }.map(\.element)
        let folder = URL(fileURLWithPath: options.outputFolder)
        let previous = previousOutputs(in: folder)
        let fingerprint = try store.snapshot().fingerprint()
        let templates = TemplateDigests()
        return jobs.map { job in
            guard !options.force, let prev = previous[job.key],
                  prev.inputs == inputsDigest(job, manifest: manifest, options: options, fingerprint: fingerprint, templates: templates),
                  fileMatches(prev, folder: folder) else { return (job, nil) }
            return (job, prev.file)
        }
    }

    static func fileMatches(_ output: RunOutput, folder: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(output.file).path) else { return false }
        return Checksum.sha256Hex(data) == output.sha256
    }

    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        try Accessibility.writeAtomically(bytes, to: url)
    }

    /// Manifest metadata overrides the template's: organisation, meeting date (as the document date), committee (keyword).
    static func applyMetadata(_ document: Document, manifest: PublishManifest) -> Document {
        var d = document
        if let o = manifest.organisation { d.metadata.organisation = o }
        if let date = manifest.meetingDate { d.metadata.date = date }
        if let c = manifest.committee, !d.metadata.keywords.contains(c) { d.metadata.keywords.append(c) }
        return d
    }

    static func fill(_ pattern: String, template: String, area: String, period: String, language: String) -> String {
        pattern.replacingOccurrences(of: "{template}", with: template).replacingOccurrences(of: "{area}", with: area)
            .replacingOccurrences(of: "{period}", with: period).replacingOccurrences(of: "{lang}", with: language)
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

/// Digest of a template's folder (every .md below it), since includes may pull any partial from there.
final class TemplateDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func digest(of templatePath: String) -> String {
        let root = URL(fileURLWithPath: templatePath).deletingLastPathComponent().standardizedFileURL
        if let d = lock.withLock({ cache[root.path] }) { return d }
        var text = ""
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        for f in files {
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(f).path) ?? Data()
            text += f + " " + Checksum.sha256Hex(data) + "\n"
        }
        let d = Checksum.sha256Hex(Array(text.utf8))
        lock.withLock { cache[root.path] = d }
        return d
    }
}

/// Hands out work to worker threads and collects their outcomes: jobs in order (by slot), and the
/// postponed rest of jobs already begun (see `Publisher.Step`).
final class WorkQueue: @unchecked Sendable {
    enum Task {
        case job(slot: Int)
        case rest(index: Int, () -> Publisher.Step)
    }
    private let lock = NSLock()
    private var nextIndex = 0
    private var urgent: [(index: Int, run: () -> Publisher.Step)] = []
    private var rests: [(index: Int, run: () -> Publisher.Step)] = []
    private(set) var outcomes: [JobOutcome?]
    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    /// First the briefings of a pack's documents (`packed`: they come first in the order), so all of
    /// them are under way as early as possible; then urgent postponed work (measuring what a pack
    /// waits for); then the next job — unless it would only wait (`ready` is false: a pack whose
    /// documents are still being measured) while postponed work is there to do. Postponed work is done
    /// even after a cancellation: its job has begun, and finishing it loses nothing. Nil: nothing left
    /// for this thread (whoever postpones work later does it itself). Since urgent work comes before
    /// any pack, a thread never waits in a pack while the work that pack waits for sits here.
    func next(cancelled: Bool, packed: (Int) -> Bool, ready: (Int) -> Bool) -> Task? {
        lock.withLock {
            let jobLeft = !cancelled && nextIndex < outcomes.count
            if jobLeft, packed(nextIndex) {
                defer { nextIndex += 1 }
                return .job(slot: nextIndex)
            }
            if !urgent.isEmpty {
                let step = urgent.removeFirst()
                return .rest(index: step.index, step.run)
            }
            if jobLeft, rests.isEmpty || ready(nextIndex) {
                defer { nextIndex += 1 }
                return .job(slot: nextIndex)
            }
            if !rests.isEmpty {
                let rest = rests.removeFirst()
                return .rest(index: rest.index, rest.run)
            }
            return nil
        }
    }

    func postpone(_ index: Int, urgent isUrgent: Bool, _ step: @escaping () -> Publisher.Step) {
        lock.withLock { if isUrgent { urgent.append((index, step)) } else { rests.append((index, step)) } }
    }

    func record(_ index: Int, _ outcome: JobOutcome) { lock.withLock { outcomes[index] = outcome } }
}

/// Document digests computed during this run, by job key.
final class DigestCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: String] = [:]
    func get(_ key: String) -> String? { lock.withLock { entries[key] } }
    func put(_ key: String, _ digest: String) { lock.withLock { entries[key] = digest } }
}

/// Briefings built during this run, by data state and job, so a pack reuses its documents' work.
final class BriefingCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Briefing] = [:]
    func get(_ key: String) -> Briefing? { lock.withLock { entries[key] } }
    func put(_ key: String, _ briefing: Briefing) { lock.withLock { entries[key] = briefing } }
}

/// What a job renders: one briefing, or the pack of several.
enum Content {
    case document(Document)
    case pack(PackDocument)

    /// Digest of everything a document's PDF bytes depend on besides the renderer (`suffix`): the run
    /// manifest's `document` (a pack's combines its cover's and its sections').
    static func digest(_ document: Document, appending suffix: [UInt8]) throws -> String {
        do { return try DigestEncoder.sha256Hex(document, appending: suffix) } catch {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Checksum.sha256Hex(Array(try encoder.encode(document)) + suffix)
        }
    }
}

/// Hands a document job's measured text to the pack job of the same run, which waits for it:
/// the pack places it instead of shaping the same text again. Every expected document is delivered
/// exactly once — measured, or nil when its job failed, was skipped or measured nothing shareable
/// (the pack then measures that document itself).
final class MeasuredHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: Set<String>
    private let expected: Set<String>
    private var delivered: [String: MeasuredDocument] = [:]

    init(expecting keys: Set<String>) {
        pending = keys
        expected = keys
    }

    func expects(_ key: String) -> Bool { expected.contains(key) }

    /// Whether `key` is still to be delivered (a `take` would wait).
    func isPending(_ key: String) -> Bool { condition.withLock { pending.contains(key) } }

    /// Later deliveries for the same key are ignored.
    func deliver(_ key: String, _ measured: MeasuredDocument?) {
        condition.lock()
        defer { condition.unlock() }
        guard pending.remove(key) != nil else { return }
        if let measured { delivered[key] = measured }
        condition.broadcast()
    }

    /// The measured document of `key`, waiting while its job is still to deliver it; nil at once for
    /// a key nobody delivers.
    func take(_ key: String) -> MeasuredDocument? {
        condition.lock()
        defer { condition.unlock() }
        if pending.contains(key) {
            // Waiting is not computing: the document's job may borrow this core to measure faster.
            ComputeThreads.shared.end()
            while pending.contains(key) { condition.wait() }
            ComputeThreads.shared.begin()
        }
        return delivered.removeValue(forKey: key)
    }
}
