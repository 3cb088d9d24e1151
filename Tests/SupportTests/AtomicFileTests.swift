import Foundation
import XCTest
@testable import Support
#if canImport(Glibc)
import Glibc
#endif

/// The one atomic writer every command writes through: the bytes arrive whole or not at all, its
/// errors say what to do, and temporary files of killed writers do not pile up.
final class AtomicFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func contents(_ url: URL? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: (url ?? folder).path)) ?? []).sorted()
    }

    func testWritesTheBytesAndLeavesNoTemporaryFile() throws {
        let target = folder.appendingPathComponent("brief.pdf")
        try AtomicFile.write(Array("first".utf8), to: target)
        try AtomicFile.write("second", to: target.path)
        XCTAssertEqual(try Data(contentsOf: target), Data("second".utf8))
        XCTAssertEqual(contents(), ["brief.pdf"])
    }

    func testMissingFoldersAreCreated() throws {
        let target = folder.appendingPathComponent("a/b/brief.pdf")
        try AtomicFile.write(Array("x".utf8), to: target)
        XCTAssertEqual(try Data(contentsOf: target), Data("x".utf8))
    }

    func testAFailedWriteLeavesNeitherATemporaryFileNorAChangedTarget() throws {
        let target = folder.appendingPathComponent("big.csv")
        try AtomicFile.write("old", to: target.path)
        // A file-size limit makes write(2) fail half-way, as a full disk would.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        let saved = limit
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        limit.rlim_cur = 4096
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit), 0)
        defer {
            var restore = saved
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &restore)
            signal(SIGXFSZ, previousHandler)
        }
        XCTAssertThrowsError(try AtomicFile.write([UInt8](repeating: 0x41, count: 20_000), to: target)) { error in
            XCTAssertEqual("\(error)", "\(target.path): cannot write the file (File too large) — check the path, the folder's permissions and the free space")
        }
        XCTAssertEqual(try Data(contentsOf: target), Data("old".utf8))
        XCTAssertEqual(contents(), ["big.csv"])
    }

    func testPathProblemsAreSaidTheWayTheUserFixesThem() throws {
        let aFile = folder.appendingPathComponent("notes.txt")
        try AtomicFile.write("x", to: aFile.path)
        func message(_ path: String) -> String {
            do { try AtomicFile.write("y", to: path); return "no error" } catch { return error.description }
        }
        XCTAssertEqual(message(folder.path), "\(folder.path): this is a folder, not a file — give a file name, e.g. \(folder.path)/export.csv")
        XCTAssertEqual(message(aFile.path + "/x.csv"), "\(aFile.path)/x.csv: \(aFile.path) is a file, not a folder — give a path whose folders are folders")
        let long = folder.appendingPathComponent(String(repeating: "a", count: 300) + ".csv").path
        XCTAssertTrue(message(long).hasSuffix(": the file name is 304 bytes long; file systems allow at most 255 — choose a shorter name"), message(long))
        XCTAssertTrue(message(long).contains("…"), "a long path is shortened in the message")
        XCTAssertEqual(message(""), ": the file name is empty — give a file name")
        XCTAssertEqual(contents(), ["notes.txt"])
    }

    func testTemporaryFilesOfWritersThatAreGoneAreRemovedOthersKept() throws {
        // No process has the largest PID Linux hands out, so these writers are gone.
        let gone = "4194303"
        let leftovers = [".civicbrief-\(gone)-ab12.tmp", ".brief.pdf.tmp-\(gone)-deadbeef"]
        let kept = [".civicbrief-\(getpid())-1.tmp", ".keep-me", ".brief.pdf.tmp-\(gone)-not-hex", "visible.tmp"]
        for name in leftovers + kept { try "half".write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        let sub = folder.appendingPathComponent("2026-10")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "half".write(to: sub.appendingPathComponent(leftovers[0]), atomically: false, encoding: .utf8)

        try AtomicFile.write("new", to: folder.appendingPathComponent("brief.pdf").path)
        XCTAssertEqual(contents(), (kept + ["2026-10", "brief.pdf"]).sorted())
        XCTAssertEqual(contents(sub), [leftovers[0]], "a write cleans only its own folder")
        AtomicFile.removeLeftovers(below: folder)
        XCTAssertEqual(contents(sub), [])
    }

    func testTheWriterOfATemporaryFileIsReadFromItsName() {
        XCTAssertEqual(AtomicFile.writerPID(ofTemporary: ".civicbrief-123-ff.tmp"), 123)
        XCTAssertEqual(AtomicFile.writerPID(ofTemporary: ".brief.pdf.tmp-456-deadbeef"), 456)
        XCTAssertNil(AtomicFile.writerPID(ofTemporary: ".brief.pdf.tmp-456-"))
        XCTAssertNil(AtomicFile.writerPID(ofTemporary: ".civicbrief-x-ff.tmp"))
        XCTAssertNil(AtomicFile.writerPID(ofTemporary: ".bashrc"))
    }

    func testPathsInMessagesShowHiddenCharacters() {
        XCTAssertEqual(displayedPath("out/\u{202E}fdp.exe"), "out/U+202Efdp.exe")
        XCTAssertEqual(displayedPath("a\nb"), "aU+000Ab")
        XCTAssertEqual(displayedPath("Übersicht/März.pdf"), "Übersicht/März.pdf")
    }

    func testFoundationErrorsAboutPathsBecomeOutputErrors() throws {
        let aFile = folder.appendingPathComponent("taken")
        try AtomicFile.write("x", to: aFile.path)
        let error = try XCTUnwrap({ () -> Error? in
            do { try FileManager.default.createDirectory(at: aFile, withIntermediateDirectories: true); return nil } catch { return error }
        }())
        let classified = try XCTUnwrap(OutputError.classify(error, path: aFile.path))
        XCTAssertEqual(classified.description, "\(aFile.path): this is a file, not a folder — give a path whose folders are folders")
        XCTAssertNil(OutputError.classify(CocoaError(.coderValueNotFound), path: aFile.path), "not a file problem")
    }
}
