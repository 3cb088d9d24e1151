import ArgumentParser
import Support
import Foundation
import IndicatorStore
import Layout
import Narrative
import Publishing

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Render every document of a publishing manifest (Templates/*.yaml) in parallel, with a run manifest.",
        discussion: """
        One period for the whole run (the manifest's `period:`, or --period), checked against the newest data \
        (`max_lag:`); the social index is checked (or computed, `social_index: recompute`) before anything is \
        rendered. Documents whose inputs did not change since the last run into the same folder are skipped \
        (--force renders them anyway). A failing or crashing document does not stop the others; the exit code is \
        2 (template or data problem) or 3 (internal) and every failure is named. SIGINT/SIGTERM: running \
        documents finish, no new ones start, exit 128+signal. Shards: --shard I/N on N machines, then \
        `civicbrief publish --merge-manifests A.json B.json --out run-manifest.json`.
        """)

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("The publishing manifest: a path, or a name in the shipped Templates/ folder.", valueName: "manifest"))
    var manifest: String?

    @Option(name: .long, help: ArgumentHelp("The run's period: latest-complete, latest, or e.g. 2026-10 / 2026-Q3 (overrides the manifest).",
                                            valueName: "period"), transform: periodSelectionArgument)
    var period: PeriodSelection?

    @Option(name: .long, help: ArgumentHelp("How many periods the run may lie behind the newest data (overrides max_lag).", valueName: "n"))
    var maxLag: Int?

    @Option(name: .long, help: ArgumentHelp("Meeting date YYYY-MM-DD: each document's date (overrides metadata.meeting_date).", valueName: "date"))
    var meetingDate: String?

    @Option(name: .long, help: ArgumentHelp("Committee (overrides metadata.committee).", valueName: "name"))
    var committee: String?

    @Option(name: .long, help: ArgumentHelp("Organisation (overrides metadata.organisation).", valueName: "name"))
    var organisation: String?

    @Option(name: .long, help: ArgumentHelp("Documents rendered at once (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Render only this share of the documents, e.g. 2/4.", valueName: "i/n"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Output folder (default: \(Locations.outputFolder)); with --merge-manifests, the merged file.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Render even documents whose inputs did not change.")
    var force = false

    @Flag(name: .long, help: "List what the run would render, skip or fail, and why; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run: also check the manifest's templates for every document (FILE:LINE:COLUMN).")
    var check = false

    @Flag(name: .long, help: "Plain one-line-per-document output, no progress bar.")
    var quiet = false

    @Option(name: .customLong("merge-manifests"), parsing: .upToNextOption,
            help: ArgumentHelp("Merge shard run manifests into one (written to --out).", valueName: "run.json"))
    var mergeManifests: [String] = []

    func validate() throws {
        if !mergeManifests.isEmpty {
            guard out != nil else { throw ValidationError("--merge-manifests needs --out FILE") }
            return
        }
        guard manifest != nil else { throw ValidationError("give a manifest, e.g. monthly-sozialausschuss.yaml") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard expects I/N with 1 ≤ I ≤ N, e.g. 2/4, got \"\(shard)\"") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let maxLag, maxLag < 0 { throw ValidationError("--max-lag must be 0 or more") }
        if let meetingDate, CalendarDay(meetingDate) == nil || meetingDate.count != 10 {
            throw ValidationError("--meeting-date: \"\(meetingDate)\" is not a date — write YYYY-MM-DD, e.g. 2026-12-03")
        }
    }

    /// The manifest as found (by path or shipped name) and read, with the command line's overrides.
    func loadManifest() throws -> PublishManifest {
        guard let given = manifest else { throw Exit.usage }
        let found = locateInput(given, extensions: [".yaml", ".yml"])
        guard let path = found.path else {
            printError("\(given): manifest not found — looked for \(found.searched.joined(separator: ", "))")
            throw Exit.invalidInput
        }
        var loaded: PublishManifest
        do { loaded = try PublishManifest.load(path: path) } catch {
            Diagnostics.print(error.problems)
            throw Exit.invalidInput
        }
        if let period { loaded.period = period }
        if let maxLag { loaded.maxLag = maxLag }
        if let meetingDate { loaded.meetingDate = meetingDate }
        if let committee { loaded.committee = committee }
        if let organisation { loaded.organisation = organisation }
        return loaded
    }

    func options() -> PublishOptions {
        PublishOptions(jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, shard: Shard(shard ?? "1/1") ?? .whole,
                       outputFolder: out ?? Locations.outputFolder, force: force, tool: BuildInfo.tool)
    }

    func run() throws {
        if !mergeManifests.isEmpty { return try merge() }
        let loaded = try loadManifest()
        if dryRun { return try preview(loaded) }
        // The documents render in a worker process that a crash cannot take the run down with (CrashIsolation).
        let code = CrashIsolation.supervise(note: printError) { resume in publish(loaded, resume: resume) }
        if code != 0 { throw ExitCode(code) }
    }

    /// The run itself (in the worker process); returns the exit code.
    func publish(_ loaded: PublishManifest, resume: ResumeState) -> Int32 {
        // The German hyphenation patterns load on a second core while the run prepares (after the fork:
        // the supervisor must have no threads).
        Hyphenator.preload("de")
        let flag = CancellationFlag()
        SignalTrap.install(flag)
        let progress = ProgressReporter(style: ProgressReporter.style(quiet: quiet)) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
        let started = resume.began
        let summary: PublishSummary
        do {
            summary = try Publisher.run(loaded, storePath: storeOption.path, options: options(), cancellation: flag,
                                        progress: progress, resume: resume)
        } catch let problem as PublishProblem {
            problem.lines.forEach(printError)
            printError("nothing was published")
            return Exit.invalidInput.rawValue
        } catch {
            return Self.exitCode(for: error, folder: out ?? Locations.outputFolder)
        }
        progress.end()
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        printError(String(format: "%d rendered, %d skipped, %d failed in %.2f s — run manifest %@",
                          summary.rendered, summary.skipped, summary.failed, seconds, summary.runManifestPath))
        for pack in summary.packs { printError("attach: \(pack)") }
        for failure in summary.manifest.failures {
            printError("failed: \(failure.key) (\(failure.template)): \(failure.reason)")
        }
        if let sig = summary.cancelledBy {
            printError("interrupted by signal \(sig): finished documents are kept, the rest were not started")
            return 128 + sig
        }
        if summary.failed > 0 { return summary.anyInternalFailure ? Exit.internalError.rawValue : Exit.invalidInput.rawValue }
        return 0
    }

    static func exitCode(for error: Error, folder: String = Locations.outputFolder) -> Int32 {
        switch error {
        case let error as StoreError:
            printError("civicbrief: \(error)")
            return error.isUserError ? Exit.invalidInput.rawValue : Exit.internalError.rawValue
        case let error as TemplateFailure:
            Diagnostics.print(error.problems)
            return Exit.invalidInput.rawValue
        default:
            // Paths, permissions, a full disk: the user's to fix (exit 2), said plainly.
            if let user = OutputError.classify(error, path: folder) {
                printError("civicbrief publish: \(user)")
                return Exit.invalidInput.rawValue
            }
            printError("civicbrief publish: \(error) — check the output folder and the store")
            return Exit.internalError.rawValue
        }
    }

    /// `--dry-run`: every job decided as the run would, one line each on stdout; the run's period and
    /// notes on stderr; the exit code the run would have.
    func preview(_ loaded: PublishManifest) throws {
        let result: (preparation: RunPreparation, lines: [Publisher.PreviewLine])
        do { result = try Publisher.preview(loaded, storePath: storeOption.path, options: options()) } catch let problem as PublishProblem {
            problem.lines.forEach(printError)
            throw Exit.invalidInput
        } catch {
            throw ExitCode(Self.exitCode(for: error))
        }
        let p = result.preparation.periods
        printError("period \(p.reference) (\(p.selection)\(p.newest.map { ", newest data \($0)" } ?? ""))")
        result.preparation.notes.forEach(printError)
        var failed = false, internalFailure = false
        for line in result.lines {
            let job = line.job
            let what = job.kind == .pack ? "pack · \(job.members.count) documents · \(job.period) · \(job.language)"
                : "\(job.template) · \(job.area ?? "-") \(job.areaName ?? "") · \(job.period) · \(job.language)"
            print("\(line.decision.action.padding(toLength: 7, withPad: " ", startingAt: 0)) \(job.file)  \(what): \(line.decision.reason)")
            if case .fail(_, let user) = line.decision { failed = true; if !user { internalFailure = true } }
        }
        if check {
            let store: IndicatorStore
            do { store = try IndicatorStore.open(path: storeOption.path) } catch { throw storeExitCode(for: error) }
            defer { store.close() }
            if !checkPublishingManifest(loaded.path, store: store, manifest: loaded) { throw Exit.invalidInput }
        }
        if failed { throw internalFailure ? Exit.internalError : Exit.invalidInput }
    }

    private func merge() throws {
        var parts: [RunManifest] = []
        for path in mergeManifests {
            guard let part = RunManifest.read(URL(fileURLWithPath: path)) else {
                printError("\(path): not a run manifest of this CivicBrief — give the run-manifest*.json files the shards wrote")
                throw Exit.invalidInput
            }
            parts.append(part)
        }
        let merged = RunManifest.merge(parts)
        let bytes: [UInt8]
        do { bytes = try merged.encoded() } catch {
            printError("civicbrief: internal error: cannot encode the merged run manifest (\(error)) — please report it")
            throw Exit.internalError
        }
        try writeOutput(bytes, to: out ?? "run-manifest.json", what: "the merged run manifest")
        printError("merged \(parts.count) manifests: \(merged.outputs.count) outputs, \(merged.failures.count) failures")
    }
}

/// `civicbrief check MANIFEST.yaml` (and `publish --dry-run --check`): the manifest's own structure, its
/// period and output paths, then every template for every document it names. Prints each problem as
/// FILE:LINE:COLUMN; true when clean.
func checkPublishingManifest(_ path: String, store: IndicatorStore, manifest given: PublishManifest? = nil,
                             period: PeriodSelection? = nil) -> Bool {
    var manifest: PublishManifest
    if let given { manifest = given } else {
        do { manifest = try PublishManifest.load(path: path) } catch {
            Diagnostics.print(error.problems)
            return false
        }
    }
    if let period { manifest.period = period }
    do {
        let problems = try Publisher.check(manifest, store: store)
        problems.forEach(printError)
        if problems.isEmpty { printError("\(path): ok") }
        return problems.isEmpty
    } catch {
        printError("\(path): cannot read the indicator store: \(error)")
        return false
    }
}
