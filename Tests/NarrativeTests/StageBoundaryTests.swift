import Foundation
import XCTest

/// The template stage reads the data only through Facts (README "How it is built"): no source file of
/// Narrative names the store type, so none can hold a store and query it past Facts. It may use the
/// store module's plain values (Period, Area, Indicator, Observation), hence its import.
final class StageBoundaryTests: XCTestCase {
    func testNarrativeNeverHoldsTheStore() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Narrative")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted()
        XCTAssertGreaterThan(files.count, 10, "the Narrative sources were not found at \(folder.path)")
        var offending: [String] = []
        for name in files {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("IndicatorStore") && line.trimmingCharacters(in: .whitespaces) != "import IndicatorStore" {
                offending.append("\(name):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        XCTAssertEqual(offending, [], "ask FactsBuilder (Sources/Facts/StoreQueries.swift) instead")
    }
}
