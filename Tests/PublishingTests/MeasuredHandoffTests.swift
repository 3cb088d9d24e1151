import Document
import Foundation
import Layout
import Testing
@testable import Publishing

/// The hand-over of a document's measured text from the thread that measured it to the pack that
/// places it: each expected document is delivered once (text or nil), a take waits for it, and placing
/// what another thread measured gives the PDF the pack would make measuring the text itself.
@Suite struct MeasuredHandoffTests {
    static func document() -> Document {
        Document(metadata: Metadata(title: "Bericht", language: "de-DE", date: "2026-10-31"), blocks: [
            .heading(Heading(level: 1, text: "Bericht", id: "bericht")),
            .paragraph(Paragraph("Die SGB-II-Quote im Stadtteil ist gegenüber dem Vormonat leicht gesunken.")),
            .heading(Heading(level: 2, text: "Einzelheiten", id: "einzelheiten")),
            .paragraph(Paragraph(String(repeating: "Ein Satz, der die Zeile füllt und umbricht. ", count: 40))),
        ])
    }

    @Test func aTakeWaitsForTheDeliveryAndLaterDeliveriesAreIgnored() throws {
        let handoff = MeasuredHandoff(expecting: ["doc"])
        #expect(handoff.expects("doc") && !handoff.expects("other"))
        #expect(handoff.isPending("doc"))
        #expect(handoff.take("other") == nil, "a key nobody delivers does not wait")
        let delivered = Log()
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            let measured = try? measurePDF(Self.document())
            delivered.add("delivering")
            handoff.deliver("doc", measured)
            handoff.deliver("doc", nil)  // a second delivery (the job's own fallback) changes nothing
        }
        thread.start()
        let taken = handoff.take("doc")
        #expect(delivered.lines == ["delivering"], "take returned only after the delivery")
        let measured = try #require(taken)
        #expect(measured.document == Self.document())
        #expect(!handoff.isPending("doc"))
        #expect(handoff.take("doc") == nil, "delivered text is taken once")
    }

    @Test func aFailedJobDeliversNothingAndThePackMeasuresItself() {
        let handoff = MeasuredHandoff(expecting: ["a", "b"])
        handoff.deliver("a", nil)
        #expect(!handoff.isPending("a") && handoff.isPending("b"))
        #expect(handoff.take("a") == nil)
    }

    @Test func placingTextMeasuredOnAnotherThreadGivesThePacksOwnPDF() throws {
        let document = Self.document()
        let cover = Document(metadata: Metadata(title: "Mappe", language: "de-DE", date: "2026-10-31"), blocks: [
            .heading(Heading(level: 1, text: "Mappe", id: "pack-cover")),
            .tableOfContents(TableOfContents(title: "Inhalt", maxLevel: 1)),
        ])
        let pack = PackDocument(cover: cover, sections: [Pack.section(document)])
        #expect(pack.sections[0] == document, "the section is the document as its own job rendered it")
        let handoff = MeasuredHandoff(expecting: ["doc"])
        let thread = Thread { handoff.deliver("doc", try? measurePDF(document)) }
        thread.start()
        let measured = try #require(handoff.take("doc"))
        var timings = RenderTimings()
        let placed = try renderPDF(pack: pack, measured: [measured], timings: &timings)
        let own = try renderPDF(pack: pack, measured: [nil], timings: &timings)
        #expect(placed == own)
        #expect(timings.pages >= 2)
        #expect(try qpdfCheck(placed) == 0)
    }

    /// `qpdf --check` of `bytes`: its exit code.
    func qpdfCheck(_ bytes: [UInt8]) throws -> Int32 {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let qpdf = Process()
        qpdf.executableURL = URL(fileURLWithPath: "/usr/bin/qpdf")
        qpdf.arguments = ["--check", file.path]
        qpdf.standardOutput = FileHandle.nullDevice
        try qpdf.run()
        qpdf.waitUntilExit()
        return qpdf.terminationStatus
    }
}
