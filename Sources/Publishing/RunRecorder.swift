import Support
import Foundation

// Keeps the run manifest on disk true while the run goes on. It starts from the outputs of earlier
// runs whose files are still there with their recorded bytes, and is rewritten atomically (temporary
// file, rename) at the start, before a file is replaced and after each document. So whenever the
// process stops — SIGTERM, kill -9, a crash — the manifest lists exactly the files in the folder it can
// vouch for: an output being replaced at that moment is left out (the next run renders it again),
// never listed with bytes it does not have.

final class RunRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let url: URL
    private var manifest: RunManifest
    private var outputs: [String: RunOutput]
    private var failures: [String: RunFailure] = [:]
    /// The first error writing the manifest (disk full, permissions); the run ends with it.
    private(set) var writeError: Error?

    /// Where the manifest is written.
    var path: String { url.path }

    /// `kept`: earlier outputs verified on disk, by key.
    init(url: URL, header: RunManifest, kept: [String: RunOutput]) {
        self.url = url
        manifest = header
        outputs = kept.mapValues { var o = $0; o.status = "kept"; return o }
    }

    /// Writes the manifest as the run starts (status `running`).
    func begin() { lock.withLock { write() } }

    /// Before `file` is replaced: no entry may vouch for it until its new bytes are in place.
    func willReplace(file: String) {
        lock.withLock {
            let stale = outputs.filter { $0.value.file == file }.map(\.key)
            guard !stale.isEmpty else { return }
            for key in stale { outputs[key] = nil }
            write()
        }
    }

    func record(_ outcome: JobOutcome) {
        lock.withLock {
            switch outcome {
            case .rendered(let o, _, _):
                // Any other key's entry for the same file is gone with the file's old bytes.
                for (key, other) in outputs where other.file == o.file && key != o.key { outputs[key] = nil }
                outputs[o.key] = o; failures[o.key] = nil; manifest.run.rendered += 1
            case .skipped(let o, _):
                outputs[o.key] = o; failures[o.key] = nil; manifest.run.skipped += 1
            case .failed(let f, _):
                failures[f.key] = f; manifest.run.failed += 1
            case .cancelled:
                return
            }
            write()
        }
    }

    func warn(_ text: String) { lock.withLock { if !manifest.warnings.contains(text) { manifest.warnings.append(text) } } }

    /// The final manifest: `status` and the end time; written, and returned for the summary.
    func finish(status: String, packs: [String]) -> RunManifest {
        lock.withLock {
            manifest.run.status = status
            manifest.run.ended = isoTimestamp()
            manifest.run.packs = packs
            write()
            return snapshot()
        }
    }

    var current: RunManifest { lock.withLock { snapshot() } }

    private func snapshot() -> RunManifest {
        var m = manifest
        m.outputs = outputs.keys.sorted().compactMap { outputs[$0] }
        m.failures = failures.keys.sorted().compactMap { failures[$0] }
        return m
    }

    /// Called with the lock held.
    private func write() {
        do { try AtomicFile.write(try snapshot().encoded(), to: url) } catch {
            if writeError == nil { writeError = error }
        }
    }
}
