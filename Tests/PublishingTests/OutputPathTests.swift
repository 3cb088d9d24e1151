import Foundation
import Testing
@testable import Publishing

@Suite struct OutputPathTests {
    @Test func substitutedValuesBecomeOneSafeComponentAndStayDistinct() {
        #expect(OutputPath.escape("03") == "03")
        #expect(OutputPath.escape("Lübeck-Süd_2.a") == "Lübeck-Süd_2.a")
        #expect(OutputPath.escape("../../esc/PWNED") == "%2E.%2F..%2Fesc%2FPWNED")
        #expect(OutputPath.escape("a/b") == "a%2Fb")
        #expect(OutputPath.escape("a%2Fb") == "a%252Fb")  // so "a/b" and "a%2Fb" stay two names
        #expect(OutputPath.escape(".hidden") == "%2Ehidden")
        #expect(OutputPath.escape("a b\u{7}\\c") == "a%20b%07%5Cc")
        #expect(OutputPath.escape("") == "%00")
        #expect(OutputPath.fill("{period}/{template}-{area}-{lang}.pdf",
                                ["period": "2026-10", "template": "profil", "area": "../../esc/PWNED", "lang": "de"])
                == "2026-10/profil-%2E.%2F..%2Fesc%2FPWNED-de.pdf")
    }

    @Test func everyPathIsCheckedToStayInsideTheOutputFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)")
        let out = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(OutputPath.problem("x/y.pdf", inside: out) == nil)
        #expect(OutputPath.problem("../x.pdf", inside: out)?.contains("would not stay inside the output folder") == true)
        #expect(OutputPath.problem("/etc/x.pdf", inside: out)?.contains("absolute path") == true)
        #expect(OutputPath.problem("x//y.pdf", inside: out) != nil)
        #expect(OutputPath.problem(String(repeating: "x", count: 300) + ".pdf", inside: out)?.contains("304 bytes long") == true)
        // A folder that is a symbolic link out of the output folder.
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("link"), withDestinationURL: root)
        #expect(OutputPath.problem("link/x.pdf", inside: out)?.contains("leads outside the output folder") == true)
        try FileManager.default.createDirectory(at: out.appendingPathComponent("inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("ok"), withDestinationURL: out.appendingPathComponent("inner"))
        #expect(OutputPath.problem("ok/x.pdf", inside: out) == nil)
    }

    @Test func twoOutputsOnOnePathOrAFileUsedAsAFolderCollide() {
        #expect(OutputPath.collisions([("A", "same.pdf"), ("B", "same.pdf"), ("C", "other.pdf")])
                == ["A and B would both be written to same.pdf"])
        #expect(OutputPath.collisions([("A", "x.pdf"), ("B", "x.pdf/y.pdf")])
                == ["B would be written into x.pdf/, which is the file of A"])
        #expect(OutputPath.collisions([("A", "a/x.pdf"), ("B", "b/x.pdf")]).isEmpty)
    }

    @Test func theLanguageInATemplatesNameIsNotRepeated() {
        #expect(Publisher.cleanName("district-profile.en", language: "en") == "district-profile")
        #expect(Publisher.cleanName("district-profile.en", language: "de") == "district-profile.en")
        #expect(Publisher.cleanName("stadtteilprofil", language: "de") == "stadtteilprofil")
    }
}
