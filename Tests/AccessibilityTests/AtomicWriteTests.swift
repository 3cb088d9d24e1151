import Foundation
import XCTest
@testable import Accessibility

final class AtomicWriteTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("civicbrief-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var folderContents: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    func testWritesTheBytesAndLeavesNoTemporaryFile() throws {
        let target = folder.appendingPathComponent("brief.pdf")
        try Accessibility.writeAtomically(Array("first".utf8), to: target)
        try Accessibility.writeAtomically(Array("second".utf8), to: target)
        XCTAssertEqual(try Data(contentsOf: target), Data("second".utf8))
        XCTAssertEqual(folderContents, ["brief.pdf"])
    }

    func testAFailedRenderNeitherCreatesNorReplacesTheFile() throws {
        let target = folder.appendingPathComponent("brief.pdf")
        var broken = try Fixtures.briefing()
        broken.elements[3].type = "H2"
        XCTAssertThrowsError(try Accessibility.writeAtomically(Accessibility.finish(broken), to: target))
        XCTAssertEqual(folderContents, [])

        try Accessibility.writeAtomically(Array("good".utf8), to: target)
        XCTAssertThrowsError(try Accessibility.writeAtomically(Accessibility.finish(broken), to: target))
        XCTAssertEqual(try Data(contentsOf: target), Data("good".utf8))
        XCTAssertEqual(folderContents, ["brief.pdf"])
    }

    func testAFailedRenameRemovesTheTemporaryFile() throws {
        // A directory in the way makes rename(2) fail after the temporary file was written.
        let target = folder.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target.appendingPathComponent("child"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try Accessibility.writeAtomically(Array("x".utf8), to: target)) { error in
            guard case .writeFailed(let path, _)? = error as? AccessibilityError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, target.standardizedFileURL.path)
        }
        XCTAssertEqual(folderContents, ["taken"])
    }

    func testAMissingFolderIsAClearError() {
        let target = folder.appendingPathComponent("missing/brief.pdf")
        XCTAssertThrowsError(try Accessibility.writeAtomically(Array("x".utf8), to: target)) { error in
            XCTAssertTrue("\(error)".contains("No such file or directory"), "\(error)")
        }
    }
}
