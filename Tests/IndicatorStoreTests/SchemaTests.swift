import XCTest
@testable import IndicatorStore

/// The schema itself refuses bad rows, whatever code path writes them.
final class SchemaTests: XCTestCase {
    var path = ""

    override func setUpWithError() throws {
        path = try Support.baseStore(self)
        try Importer.run(files: [Support.fixture("long_utf8.csv")], storePath: path)
    }

    private func assertRejected(_ sql: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try IndicatorStore.executeForTesting(path: path, sql: sql), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(expected), "\(error)", file: file, line: line)
        }
    }

    private func insertObservation(_ values: String) -> String {
        """
        INSERT INTO observation (indicator_code, area_code, period, revision, is_current, value, numerator, denominator, status, note, batch_id)
        VALUES (\(values))
        """
    }

    func testMigrationsCreateTheSchemaOnceAndUseWAL() throws {
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }
        XCTAssertEqual(try store.areas().count, 4)
        XCTAssertEqual(try store.batches().map(\.fileName).last, Support.fixture("long_utf8.csv"))
        // A SQLite database in WAL mode has read/write format version 2 in header bytes 18 and 19.
        let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20))
        XCTAssertEqual(Array(header[18...19]), [2, 2])
    }

    func testValidRowIsAccepted() throws {
        try IndicatorStore.executeForTesting(path: path, sql: insertObservation("'sgb2', '02', '2023-01', 1, 1, 5.0, NULL, NULL, 'final', NULL, 1"))
    }

    func testCheckConstraints() {
        assertRejected(insertObservation("'sgb2', '02', '2023-01', 1, 1, 5.0, NULL, NULL, 'bogus', NULL, 1"), "CHECK constraint failed")
        assertRejected(insertObservation("'sgb2', '02', '2023-01', 1, 1, 5.0, NULL, NULL, 'suppressed', NULL, 1"), "CHECK constraint failed")
        assertRejected(insertObservation("'sgb2', '02', '2023-01', 1, 1, NULL, NULL, NULL, 'final', NULL, 1"), "CHECK constraint failed")
        assertRejected("UPDATE observation SET period = '2023/01' WHERE area_code = '01'", "CHECK constraint failed")
        assertRejected(insertObservation("'sgb2', '02', '2023-01', 0, 1, 5.0, NULL, NULL, 'final', NULL, 1"), "CHECK constraint failed")
        assertRejected(insertObservation("'sgb2', '02', '2023-01', 1, 1, 5.0, 1, 0, 'final', NULL, 1"), "CHECK constraint failed")
        assertRejected("INSERT INTO area (code, name, level) VALUES ('09', 'X', 'village')", "CHECK constraint failed")
        assertRejected("INSERT INTO area (code, name, level) VALUES ('09', 'X', 'subdistrict')", "CHECK constraint failed")
        assertRejected("INSERT INTO area (code, name, level, parent_code) VALUES ('99', 'X', 'city', '00')", "CHECK constraint failed")
        assertRejected("INSERT INTO area (code, name, level, population) VALUES ('09', 'X', 'district', -1)", "CHECK constraint failed")
        assertRejected("UPDATE indicator SET polarity = 'up' WHERE code = 'sgb2'", "CHECK constraint failed")
        assertRejected("UPDATE indicator SET decimals = 9 WHERE code = 'sgb2'", "CHECK constraint failed")
        assertRejected("INSERT INTO import_batch (file_name, sha256, imported_at, rows_read, rows_inserted, rows_revised, rows_unchanged) VALUES ('f', 'xyz', 't', 0, 0, 0, 0)",
                       "CHECK constraint failed")
    }

    func testForeignKeysUniquenessAndGranularityTrigger() {
        assertRejected(insertObservation("'sgb2', '77', '2023-01', 1, 1, 5.0, NULL, NULL, 'final', NULL, 1"), "FOREIGN KEY constraint failed")
        assertRejected(insertObservation("'zzz', '01', '2023-01', 1, 1, 5.0, NULL, NULL, 'final', NULL, 1"), "FOREIGN KEY constraint failed")
        // Only one current revision per cell.
        assertRejected(insertObservation("'sgb2', '01', '2024-10', 2, 1, 5.0, NULL, NULL, 'final', NULL, 1"), "UNIQUE constraint failed")
        assertRejected(insertObservation("'sgb2', '01', '2024', 1, 1, 5.0, NULL, NULL, 'final', NULL, 1"), "period does not match the indicator granularity")
        assertRejected("DELETE FROM import_batch", "FOREIGN KEY constraint failed")
    }
}

extension SchemaTests {
    /// WAL mode: an open reader does not block an import and sees it in its next query.
    func testReaderStaysUsableDuringAnImport() throws {
        let reader = try IndicatorStore.open(path: path)
        defer { reader.close() }
        XCTAssertEqual(try reader.observations().count, 6)
        let more = try Support.file(self, "more.csv", "indicator,area,period,value\nkita,01,2024,35\n")
        try Importer.run(files: [more], storePath: path)
        XCTAssertEqual(try reader.observations().count, 7)
    }
}
