import Foundation
import IndicatorStore

// What earlier runs into the same folder left: the base of skipping (`SkipDecision`) and of the run
// manifest's kept entries.

extension Publisher {
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
}
