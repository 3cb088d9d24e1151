import DemoStore
import Foundation
import IndicatorStore
import Testing

/// Publishing relies on these two store guarantees: a snapshot does not see later imports, and the
/// fingerprint changes exactly when the data does.
@Suite struct SnapshotTests {
    /// A fresh demo store in a folder of its own, and that folder.
    func demoStore() throws -> (store: IndicatorStore, path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try DemoData.createStore(at: path)
        return (try IndicatorStore.open(path: path), path, folder)
    }

    @Test func aSnapshotKeepsItsDataStateWhileAnImportCommits() throws {
        let (store, path, folder) = try demoStore()
        defer { store.close() }
        let period = try #require(try store.latestPeriod(indicator: "arm_sgb2"))
        let snapshot = try store.snapshot()
        let before = try snapshot.fingerprint()
        let old = try #require(try snapshot.observation(indicator: "arm_sgb2", area: "03", period: period)?.value)
        #expect(try store.snapshot().fingerprint() == before)  // same data, same fingerprint

        let csv = folder.appendingPathComponent("change.csv").path
        try "indicator,area,period,value,numerator,denominator,status,note\narm_sgb2,03,\(period),\(old + 1),,,provisional,\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        try Importer.run(files: [csv], storePath: path, importedAt: "2026-11-26T12:00:00Z")

        #expect(try snapshot.observation(indicator: "arm_sgb2", area: "03", period: period)?.value == old)
        #expect(try snapshot.fingerprint() == before)
        let fresh = try store.snapshot()
        #expect(try fresh.observation(indicator: "arm_sgb2", area: "03", period: period)?.value == old + 1)
        #expect(try fresh.fingerprint() != before)
        snapshot.close()
        fresh.close()
    }

    @Test func workerSnapshotsOfOneDataStateShareWhatTheyReadAndDerive() throws {
        let store = try demoStore().store
        defer { store.close() }
        let period = try #require(try store.latestPeriod(indicator: "arm_sgb2"))

        let run = try store.snapshot()
        let worker = try store.snapshot().sharingDerivedValues(with: run)
        var computed = 0
        #expect(run.memoized("answer") { computed += 1; return 42 } == 42)
        #expect(worker.memoized("answer") { computed += 1; return 0 } == 42)
        #expect(computed == 1)
        #expect(store.memoized("answer") { 7 } == 7)  // a live store's data may change: never remembered

        // A remembered cross-section is what a fresh read gives.
        let fresh = try store.crossSection(indicator: "arm_sgb2", level: .district, period: period)
        #expect(fresh.count == 10)
        #expect(try worker.crossSection(indicator: "arm_sgb2", level: .district, period: period) == fresh)
        #expect(try run.crossSection(indicator: "arm_sgb2", level: .district, period: period) == fresh)
        #expect(throws: (any Error).self) { try worker.crossSection(indicator: "no_such_code", level: .district, period: period) }
        worker.close()
        #expect(try run.series(indicator: "arm_sgb2", area: "03").count > 12)  // the run's snapshot is still open
        run.close()
    }
}
