import ArgumentParser
import Foundation
import IndicatorStore
import Narrative
import Publishing

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Render every document of a publishing manifest (Templates/*.yaml) in parallel, with a run manifest.",
        discussion: """
        Documents whose inputs did not change since the last run into the same folder are skipped (--force renders \
        them anyway). A failing document does not stop the others; the exit code is 2 (template or data problem) or \
        3 (internal) and every failure is named. SIGINT/SIGTERM: running documents finish, no new ones start, exit \
        128+signal. Shards: --shard I/N on N machines, then \
        `civicbrief publish --merge-manifests A.json B.json --out run-manifest.json`.
        """)

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("The publishing manifest (Templates/*.yaml).", valueName: "manifest"))
    var manifest: String?

    @Option(name: .long, help: ArgumentHelp("Period for every document, overriding the manifest.", valueName: "period"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("Documents rendered at once (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("Render only this share of the documents, e.g. 2/4.", valueName: "i/n"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Output folder (default: Output); with --merge-manifests, the merged file.", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Render even documents whose inputs did not change.")
    var force = false

    @Flag(name: .long, help: "List what would be rendered, render nothing.")
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
        guard manifest != nil else { throw ValidationError("give a manifest, e.g. Templates/monthly-sozialausschuss.yaml") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard expects I/N with 1 ≤ I ≤ N, e.g. 2/4, got \"\(shard)\"") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let period, Period(period) == nil { throw ValidationError("--period: cannot read \"\(period)\" — write 2026-10, 2026-Q3 or 2026") }
    }

    func run() throws {
        if !mergeManifests.isEmpty { return try merge() }
        guard let manifestPath = manifest else { throw Exit.usage }
        let loaded: PublishManifest
        do { loaded = try PublishManifest.load(path: manifestPath) } catch {
            error.problems.forEach { printError($0.description) }
            throw Exit.invalidInput
        }
        let storePath = storeOption.path
        if dryRun {
            let store: IndicatorStore
            do { store = try IndicatorStore.open(path: storePath) } catch { throw storeExitCode(for: error) }
            defer { store.close() }
            let options = PublishOptions(period: period, shard: Shard(shard ?? "1/1") ?? .whole,
                                         outputFolder: out ?? "Output", force: force)
            for (job, unchanged) in try Publisher.preview(loaded, storePath: storePath, options: options) {
                let what = job.kind == .pack ? "pack \(job.language) (\(job.members.count) documents)"
                                             : "\(job.template) area=\(job.area ?? "default") lang=\(job.language)"
                print(unchanged.map { "skip    \(what): \($0) unchanged" } ?? "render  \(what)")
            }
            if check, !checkPublishingManifest(manifestPath, store: store, period: period) { throw Exit.invalidInput }
            return
        }
        let flag = CancellationFlag()
        SignalTrap.install(flag)
        let progress = ProgressReporter(style: ProgressReporter.style(quiet: quiet)) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
        let options = PublishOptions(period: period, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                     shard: Shard(shard ?? "1/1") ?? .whole, outputFolder: out ?? "Output", force: force)
        let started = ContinuousClock.now
        let summary: PublishSummary
        do {
            summary = try Publisher.run(loaded, storePath: storePath, options: options, cancellation: flag, progress: progress)
        } catch let error as StoreError {
            throw storeExitCode(for: error)
        } catch {
            if let user = OutputError.classify(error, path: options.outputFolder) {
                printError("civicbrief publish: \(user)")
                throw Exit.invalidInput
            }
            printError("civicbrief publish: \(error) — check the output folder and the store")
            throw Exit.internalError
        }
        progress.end()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        printError(String(format: "%d rendered, %d skipped, %d failed in %.2f s — run manifest %@",
                          summary.rendered, summary.skipped, summary.failed, seconds, summary.runManifestPath))
        for failure in summary.manifest.failures {
            printError("failed: \(failure.key) (\(failure.template)): \(failure.reason)")
        }
        if let sig = summary.cancelledBy {
            printError("interrupted by signal \(sig): finished documents are kept, the rest were not started")
            throw ExitCode(128 + sig)
        }
        if summary.failed > 0 { throw summary.anyInternalFailure ? Exit.internalError : Exit.invalidInput }
    }

    private func merge() throws {
        var parts: [RunManifest] = []
        for path in mergeManifests {
            guard let part = RunManifest.read(URL(fileURLWithPath: path)) else {
                printError("\(path): not a run manifest — give the run-manifest*.json files the shards wrote")
                throw Exit.invalidInput
            }
            parts.append(part)
        }
        let merged = RunManifest.merge(parts)
        do {
            try AtomicFile.write(String(decoding: try merged.encoded(), as: UTF8.self), to: out ?? "run-manifest.json")
        } catch {
            printError("\(out ?? ""): cannot write the merged manifest (\(error))")
            throw Exit.internalError
        }
        printError("merged \(parts.count) manifests: \(merged.outputs.count) outputs, \(merged.failures.count) failures")
    }
}

/// `civicbrief check MANIFEST.yaml` (and `publish --dry-run --check`): the manifest's own structure, then
/// every template for every document it names. Prints each problem as FILE:LINE:COLUMN; true when clean.
func checkPublishingManifest(_ path: String, store: IndicatorStore, period: String? = nil) -> Bool {
    let manifest: PublishManifest
    do { manifest = try PublishManifest.load(path: path) } catch {
        error.problems.forEach { printError($0.description) }
        return false
    }
    do {
        let problems = try Publisher.check(manifest, store: store, period: period)
        problems.forEach { printError($0.description) }
        if problems.isEmpty { printError("\(path): ok") }
        return problems.isEmpty
    } catch {
        printError("\(path): cannot read the indicator store: \(error)")
        return false
    }
}
