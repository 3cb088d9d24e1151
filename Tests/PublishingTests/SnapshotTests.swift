import Foundation
import IndicatorStore
import Testing

/// Publishing relies on these two store guarantees: a snapshot does not see later imports, and the
/// fingerprint changes exactly when the data does.
@Suite struct SnapshotTests {
    @Test func aSnapshotKeepsItsDataStateWhileAnImportCommits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try DemoData.createStore(at: path)

        let store = try IndicatorStore.open(path: path)
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
}
