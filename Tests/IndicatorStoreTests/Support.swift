import Foundation
import XCTest
@testable import IndicatorStore

/// Paths and scratch stores shared by the store tests.
enum Support {
    static let importedAt = "2025-01-15T08:00:00Z"

    static var fixtures: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name).path
    }

    /// A fresh empty folder, removed when the test ends.
    static func scratch(_ test: XCTestCase) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    static func sha(_ path: String) throws -> String {
        Checksum.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A store holding the fixture areas (00 city; 01, 02, 03) and indicators (sgb2, einw, grusi, kita).
    static func baseStore(_ test: XCTestCase) throws -> String {
        let path = scratch(test).appendingPathComponent("store.sqlite").path
        try Importer.run(files: [fixture("areas.csv"), fixture("indicators.yaml")], storePath: path, importedAt: importedAt)
        return path
    }

    /// Writes `text` to a file in a scratch folder and returns its path.
    static func file(_ test: XCTestCase, _ name: String, _ text: String) throws -> String {
        let path = scratch(test).appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The problems of an import that must fail.
    static func problems(_ files: [String], mapping: String? = nil, store: String,
                         file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            try Importer.run(files: files, mapping: mapping, storePath: store, importedAt: importedAt)
            XCTFail("import succeeded but should have failed", file: file, line: line)
            return []
        } catch let failure as ImportFailure {
            return failure.lines
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return []
        }
    }
}
