import Foundation
import Testing
@testable import Publishing

/// The run manifest on disk after every step lists only what it can vouch for.
@Suite struct RunRecorderTests {
    func output(_ key: String, file: String, sha: String) -> RunOutput {
        RunOutput(key: key, kind: "document", file: file, title: "T", template: "t.md", area: AreaRef(code: "03", name: "M"),
                  members: nil, period: "2026-10", language: "de", pages: 1, bytes: 1, sha256: sha, status: "rendered",
                  renderedAt: "2026-11-01T00:00:00Z", dataState: "s",
                  inputs: InputDigests(store: "s", templates: "t", settings: "x", renderer: "r"), document: "d")
    }

    @Test func earlierOutputsAreKeptAndAReplacedFileIsNeverListedWithOldBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("run-manifest.json")
        let header = RunManifest(tool: ToolInfo(version: "1", commit: "c"), manifest: ManifestInfo(name: "m", path: "m.yaml"),
                                 run: RunInfo(started: "2026-11-01T00:00:00Z", ended: nil, status: "running", shard: "1/1",
                                              rendered: 0, skipped: 0, failed: 0, packs: []),
                                 periods: nil, dataState: nil, outputs: [], failures: [], warnings: [])
        let recorder = RunRecorder(url: url, header: header, kept: ["old": output("old", file: "old.pdf", sha: "1"),
                                                                     "a": output("a", file: "a.pdf", sha: "1")])
        recorder.begin()
        func onDisk() throws -> RunManifest { try #require(RunManifest.read(url)) }
        #expect(try onDisk().outputs.map(\.key) == ["a", "old"])
        #expect(try onDisk().outputs.map(\.status) == ["kept", "kept"])
        #expect(try onDisk().run.status == "running" && onDisk().run.ended == nil)

        recorder.willReplace(file: "a.pdf")
        #expect(try onDisk().outputs.map(\.key) == ["old"])  // a kill now: a.pdf is not vouched for
        recorder.record(.rendered(output("a", file: "a.pdf", sha: "2"), milliseconds: 5, reason: "new"))
        #expect(try onDisk().outputs.map(\.sha256) == ["2", "1"])
        // Another key writing the same file takes it over.
        recorder.record(.rendered(output("b", file: "old.pdf", sha: "3"), milliseconds: 5, reason: "new"))
        #expect(try onDisk().outputs.map(\.key) == ["a", "b"])
        let failure = RunFailure(key: "c", kind: "document", template: "t.md", area: "04", period: "2026-10", language: "de",
                                 file: "c.pdf", reason: "broken", category: "input")
        recorder.record(.failed(failure, userError: true))
        let final = recorder.finish(status: "failed", packs: [])
        #expect(final == (try onDisk()))
        #expect(final.run.rendered == 2 && final.run.failed == 1 && final.run.status == "failed" && final.run.ended != nil)
        #expect(final.failures.map(\.key) == ["c"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
    }
}
