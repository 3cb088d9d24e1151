import Foundation
import XCTest
@testable import IndicatorStore

/// The confidentiality rule (README "Confidentiality") as imports apply it, and what must disappear
/// when a value becomes suppressed.
final class DisclosureTests: XCTestCase {
    let oct = Period("2024-10")!

    /// 00 city, districts 01–03, subdistricts 0101, 0102 (of 01) and 0301 (of 03).
    func hierarchyStore() throws -> String {
        let store = try Support.baseStore(self)
        try Importer.run(files: [try Support.file(self, "sub.csv", """
            code,name,level,parent
            0101,Nord-West,subdistrict,01
            0102,Nord-Ost,subdistrict,01
            0301,Mitte,subdistrict,03

            """)], storePath: store)
        return store
    }

    func cell(_ store: String, _ indicator: String, _ area: String, _ period: Period) throws -> Observation? {
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        return try s.observation(indicator: indicator, area: area, period: period)
    }

    func testATotalNextToASuppressedPartIsSuppressed() throws {
        let store = try Support.baseStore(self)
        // 93 − 50 − 21 = 22: the city's numerator would give 03's suppressed count away.
        let summary = try Importer.run(files: [Support.fixture("long_utf8.csv")], storePath: store)
        XCTAssertEqual(summary.protectedCells, [Observation.Key(indicator: "sgb2", area: "00", period: oct)])
        XCTAssertEqual(summary.files.first?.protected, 1)
        let city = try XCTUnwrap(try cell(store, "sgb2", "00", oct))
        XCTAssertEqual(city, Observation(indicator: "sgb2", area: "00", period: oct, value: nil, status: .suppressed, note: Disclosure.note))
        XCTAssertEqual(try cell(store, "sgb2", "02", oct)?.value, 6, "the parts stay published")
        // Counts are sums without numerators; rates without numerators or denominators are not.
        let counts = try Support.file(self, "counts.csv", """
            indicator,area,period,value,status
            einw,00,2023,1000,
            einw,01,2023,400,
            einw,02,2023,,suppressed
            einw,03,2023,250,
            sgb2,00,2024-09,9.2,
            sgb2,01,2024-09,12.4,
            sgb2,02,2024-09,,suppressed
            sgb2,03,2024-09,8.1,

            """)
        let second = try Importer.run(files: [counts], storePath: store)
        XCTAssertEqual(second.protectedCells.map(\.area), ["00"])
        XCTAssertEqual(try cell(store, "einw", "00", try XCTUnwrap(Period("2023")))?.status, .suppressed)
        XCTAssertEqual(try cell(store, "sgb2", "00", try XCTUnwrap(Period("2024-09")))?.value, 9.2)
    }

    func testTheRuleClimbsTheHierarchyAndProtectsSuppressedTotals() throws {
        let store = try hierarchyStore()
        let path = try Support.file(self, "h.csv", """
            indicator,area,period,value,numerator,denominator,status
            sgb2,00,2024-10,9.3,93,1000,
            sgb2,01,2024-10,12.5,50,400,
            sgb2,0101,2024-10,,,,suppressed
            sgb2,0102,2024-10,12.0,30,250,
            sgb2,02,2024-10,6.0,21,350,
            sgb2,03,2024-10,,,,suppressed
            sgb2,0301,2024-10,8.8,22,250,

            """)
        let summary = try Importer.run(files: [path], storePath: store)
        // 0101 suppresses 01, which suppresses 00; 03 is suppressed but its only part 0301 is published,
        // so 0301 goes too (it alone is 03).
        XCTAssertEqual(summary.protectedCells.map(\.area), ["00", "01", "0301"])
        for area in ["00", "01", "0101", "03", "0301"] { XCTAssertEqual(try cell(store, "sgb2", area, oct)?.status, .suppressed, area) }
        for area in ["0102", "02"] { XCTAssertEqual(try cell(store, "sgb2", area, oct)?.status, .final, area) }
        // A later file that publishes the hidden part again: the rule hides it again, the import is a no-op.
        let again = try Importer.run(files: [path], storePath: store)
        XCTAssertTrue(again.changesNothing, again.lines(dryRun: false).joined(separator: "\n"))
    }

    func testACellSuppressedLaterSuppressesTheTotalAnotherFileWrote() throws {
        let store = try Support.baseStore(self)
        let v1 = try Support.file(self, "v1.csv", "indicator,area,period,value\neinw,00,2024,1000\neinw,01,2024,400\neinw,02,2024,350\neinw,03,2024,250\n")
        try Importer.run(files: [v1], storePath: store)
        let v2 = try Support.file(self, "v2.csv", "indicator,area,period,value,status\neinw,03,2024,,suppressed\n")
        let summary = try Importer.run(files: [v2], storePath: store)
        XCTAssertEqual(summary.files.first?.protected, 1)
        XCTAssertEqual(summary.revisionsWithdrawn, 2, "the old 250 of 03 and the old 1000 of the city")
        let y = try XCTUnwrap(Period("2024"))
        XCTAssertEqual(try cell(store, "einw", "00", y)?.status, .suppressed)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        for area in ["00", "03"] {
            let history = try s.history(indicator: "einw", area: area, period: y)
            XCTAssertEqual(history.map(\.revision), [2], "\(area): the earlier value is no longer readable")
            XCTAssertEqual(history.map(\.observation.value), [nil])
        }
        // The checksum of v1 would confirm a guessed 250: it is withdrawn.
        XCTAssertEqual(try s.batches().first { $0.fileName == v1 }?.sha256, Purge.withdrawnChecksum)
        XCTAssertEqual(try s.batches().first { $0.fileName == v2 }?.sha256, try Support.sha(v2))
    }

    func testTheRecordedChecksumIsNotOfValuesTheImportDiscarded() throws {
        let store = try Support.baseStore(self)
        let text = "indicator,area,period,value,numerator,denominator,status\nsgb2,01,2024-10,1.5,2,133,suppressed\nsgb2,02,2024-10,6.0,21,350,final\n"
        let path = try Support.file(self, "s.csv", text)
        try Importer.run(files: [path], storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let recorded = try XCTUnwrap(try s.batches().last?.sha256)
        XCTAssertNotEqual(recorded, try Support.sha(path), "a hash of the raw file lets a guessed value be confirmed")
        let emptied = "indicator,area,period,value,numerator,denominator,status\nsgb2,01,2024-10,,,,suppressed\nsgb2,02,2024-10,6.0,21,350,final\n"
        XCTAssertEqual(recorded, Checksum.sha256Hex(Array(emptied.utf8)), "the file with the discarded cells emptied")
        // A file without discarded values keeps the hash of its bytes.
        XCTAssertEqual(try s.batches().first?.sha256, try Support.sha(Support.fixture("areas.csv")))
    }

    func testAValueThatBecomesSuppressedLeavesNoIndexBehind() throws {
        let store = try Support.baseStore(self)
        let v1 = try Support.file(self, "v1.csv", "indicator,area,period,value\nsgb2,01,2024-10,12.5\nsgb2,02,2024-10,6.0\nsgb2,03,2024-10,8.0\n")
        try Importer.run(files: [v1], storePath: store)
        // The store keeps the definition as JSON it does not read (what it means is the facts stage's).
        func run(_ period: String, raw: Double) -> StoredIndexRun {
            StoredIndexRun(definitionCode: "test", definitionFile: "test.yaml", definitionSHA256: String(repeating: "b", count: 64),
                           definitionJSON: #"{"code":"test"}"#, level: .district,
                           period: Period(period)!, basePeriod: Period(period)!.yearEarlier(), inputDigest: String(repeating: "a", count: 64),
                           inputCount: 3, computedAt: "2025-01-01T00:00:00Z", results: ["01", "02", "03"].map { area in
                         IndexAreaResult(area: area, statusState: .computed, statusSum: 1, statusIndex: 1, statusClass: 2,
                                         dynamicsState: .inputMissing, components: [IndexComponent(indicator: "sgb2", kind: .status, raw: raw, z: 1)])
                     })
        }
        try IndicatorStore.saveIndexRun(run("2024-10", raw: 8.0), path: store)
        try IndicatorStore.saveIndexRun(run("2024-09", raw: 8.1), path: store)
        let v2 = try Support.file(self, "v2.csv", "indicator,area,period,value,status\nsgb2,03,2024-10,,suppressed\n")
        let summary = try Importer.run(files: [v2], storePath: store)
        XCTAssertEqual(summary.indexRunsRemoved, ["test 2024-10"])
        XCTAssertTrue(summary.lines(dryRun: false).contains(
            "Removed the stored social index test 2024-10: it was computed from a value that is now suppressed; compute it again (civicbrief index compute)."))
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.indexRuns().map(\.period.description), ["2024-09"], "the run of another period stays")
    }
}
