import Support
import Foundation
import XCTest
@testable import Accessibility

/// A document the finishing pass refuses never reaches the disk: neither a new file nor a replaced one.
final class FailedFinishTests: XCTestCase {
    func testAFailedFinishNeitherCreatesNorReplacesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-finish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("brief.pdf")
        var broken = try Fixtures.briefing()
        broken.elements[3].type = "H2"
        XCTAssertThrowsError(try AtomicFile.write(Accessibility.finish(broken), to: target))
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))

        try AtomicFile.write(Array("good".utf8), to: target)
        XCTAssertThrowsError(try AtomicFile.write(Accessibility.finish(broken), to: target))
        XCTAssertEqual(try Data(contentsOf: target), Data("good".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["brief.pdf"])
    }
}
