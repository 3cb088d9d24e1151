import Document
import Foundation
import XCTest
import Layout
@testable import PDFOutput

/// The PDF stage draws Layout's plain values: structure tags, glyph runs with their fonts named
/// by file, shapes. These tests give it laid-out documents (typeset, or made by hand) and check
/// the elements it records, its errors, and that it needs nothing of the layout but the values.
final class PDFRendererTests: XCTestCase {
    private var fonts: FontEnvironment?

    private func typeset(_ blocks: [Block]) throws -> LaidOutDocument {
        if fonts == nil { fonts = try FontEnvironment() }
        let fonts = try XCTUnwrap(fonts, "fonts missing: run make deps")
        let doc = Document(metadata: Metadata(title: "Testbericht", language: "de-DE", organisation: "Hansestadt Lübeck",
                                              date: "2026-11-26"), blocks: blocks)
        return try Typesetter(fonts: fonts).typeset(doc)
    }

    /// A glyph run as Layout shapes it, taken out of a typeset paragraph.
    private func shapedRun(_ text: String) throws -> GlyphRun {
        let doc = try typeset([.paragraph(Paragraph(text))])
        let runs = doc.pages.flatMap(\.ops).compactMap { op -> GlyphRun? in
            if case .glyphs(let run) = op, run.glyphs.text == text { return run.glyphs } else { return nil }
        }
        return try XCTUnwrap(runs.first, "no run „\(text)“")
    }

    private func page(_ ops: [PageOp]) -> LaidOutDocument {
        LaidOutDocument(pageWidth: 200, pageHeight: 100, pages: [LaidOutPage(ops: ops)], headings: [],
                        metadata: Metadata(title: "T", language: "de-DE"))
    }

    private func renderError(_ doc: LaidOutDocument) -> String? {
        do {
            _ = try PDFRenderer.render(doc, metadata: PDFMetadata(title: "T", language: "de-DE"))
            return nil
        } catch {
            return error.message
        }
    }

    private let smallDocument: [Block] = [
        .heading(Heading(level: 1, text: "Sozialmonitoring", id: "top")),
        .paragraph(Paragraph(runs: [.text("Siehe "), .link("Stadt", destination: .url("https://www.luebeck.de/(a)")),
                                    .text(" und "), .span("social monitoring", lang: "en"), .footnote("Quelle: Test.")])),
        .list(List(items: [ListItem("eins"), ListItem("zwei", sublist: List(ordered: true, items: [ListItem("a")]))])),
        .table(Table(caption: "T", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)], rowHeaders: true,
                     rows: [["Moisling", "24,6"]])),
        .figure(Figure(drawing: Drawing(width: 100, height: 20, items: [
            .rect(x: 0, y: 0, width: 50, height: 20, fill: Color(hex: "#1f4e79"), stroke: nil, lineWidth: 1)]),
                       alt: "Ein Balken", caption: "Balken")),
    ]

    func testStructureElementsOfASmallDocument() throws {
        let doc = try typeset(smallDocument)
        let pdf = try PDFRenderer.render(doc, metadata: PDFMetadata(document: Metadata(title: "T", date: "2026-11-26")))
        XCTAssertEqual(pdf.elements.map(\.type), [
            "Document", "Private", "Sect", "H1", "Private",
            "P", "Span", "Link", "Span", "Span", "Link", "Private", "Note",
            "L", "LI", "Lbl", "LBody", "LI", "Lbl", "LBody", "P", "L", "LI", "Lbl", "LBody",
            "Table", "Caption", "Private", "THead", "TR", "TH", "TH", "TBody", "TR", "TH", "TD",
            "Div", "Figure", "Caption",
        ])
        let link = try XCTUnwrap(pdf.elements.first { $0.type == "Link" })
        XCTAssertEqual(link.alt, "Stadt (https://www.luebeck.de/(a))")
        XCTAssertEqual(pdf.elements.filter { $0.type == "Link" }.last?.alt, "Anmerkung 1")
        XCTAssertEqual(pdf.elements.first { $0.lang != nil }?.lang, "en")
        XCTAssertEqual(pdf.elements.filter { $0.type == "TH" }.map(\.scope), [.column, .column, .row])
        XCTAssertEqual(pdf.elements.first { $0.type == "Figure" }?.alt, "Ein Balken")
        XCTAssertEqual(pdf.elements.first { $0.type == "Note" }?.id, "note-1")
        XCTAssertEqual(String(decoding: pdf.bytes.prefix(8), as: UTF8.self), "%PDF-1.5")
        // The URI's parentheses are percent-encoded for Cairo.
        XCTAssertNotNil(String(decoding: pdf.bytes, as: UTF8.self).range(of: "https://www.luebeck.de/%28a%29"))
    }

    func testEmptyParagraphsVanishAndAnEmptyTableHasNoTHead() throws {
        let doc = try typeset([.paragraph(Paragraph("")),
                               .table(Table(caption: "Leer", columns: [TableColumn("a"), TableColumn("b")], rows: []))])
        let pdf = try PDFRenderer.render(doc, metadata: PDFMetadata(title: "T", language: "de-DE"))
        XCTAssertEqual(pdf.elements.map(\.type), ["Document", "Private", "Table", "Caption", "Private", "TR", "TH", "TH"])
    }

    func testRenderingTwiceGivesIdenticalBytes() throws {
        let meta = PDFMetadata(document: Metadata(title: "T", date: "2026-11-26"))
        let a = try PDFRenderer.render(try typeset(smallDocument), metadata: meta)
        let b = try PDFRenderer.render(try typeset(smallDocument), metadata: meta)
        XCTAssertEqual(a.bytes.count, b.bytes.count)
        XCTAssertTrue(a.bytes == b.bytes)
        XCTAssertEqual(a.elements, b.elements)
    }

    func testMetadataDateFallsBackToSourceDateEpochThenAFixedEpoch() {
        let meta = PDFMetadata(title: "T", language: "de-DE")
        XCTAssertEqual(PDFRenderer.iso8601(PDFRenderer.effectiveDate(meta, environment: ["SOURCE_DATE_EPOCH": "1700000000"])),
                       "2023-11-14T22:13:20Z")
        XCTAssertEqual(PDFRenderer.iso8601(PDFRenderer.effectiveDate(meta, environment: [:])), "2000-01-01T00:00:00Z")
    }

    func testAHandMadePageOfPlainValuesIsDrawnWithTheFontItsRunNames() throws {
        let run = try shapedRun("Moin")
        XCTAssertTrue(run.font.file.hasSuffix("Fonts/NotoSans-Regular.ttf"), run.font.file)
        XCTAssertEqual(run.size, Theme().bodySize)
        XCTAssertEqual(run.glyphs.count, 4)
        XCTAssertEqual(run.clusters, [GlyphCluster](repeating: GlyphCluster(bytes: 1, glyphs: 1), count: 4))
        let placed = PlacedRun(glyphs: run, x: 20, baseline: 50, color: Color(red: 0, green: 0, blue: 0))
        let doc = page([.begin(StructureTag("Document")), .begin(StructureTag("P")), .glyphs(placed), .end,
                        .begin(StructureTag("Figure", alt: "Ein Kasten")),
                        .shape(.rect(x: 10, y: 10, width: 30, height: 20), fill: Color(hex: "#1f4e79"), stroke: nil, lineWidth: 1),
                        .end, .end])
        let pdf = try PDFRenderer.render(doc, metadata: PDFMetadata(title: "T", language: "de-DE"))
        XCTAssertEqual(pdf.elements.map { $0.type }, ["Document", "P", "Figure"])
        XCTAssertEqual(pdf.elements[2].alt, "Ein Kasten")
        let text = String(decoding: pdf.bytes, as: UTF8.self)
        XCTAssertNotNil(text.range(of: "+NotoSans-Regular"), "the run's font embedded as a subset")
        // The same values drawn again give the same bytes: nothing of the layout is needed but them.
        XCTAssertEqual(try PDFRenderer.render(doc, metadata: PDFMetadata(title: "T", language: "de-DE")).bytes, pdf.bytes)
    }

    func testAGlyphRunMeasuredOnAThreadWhoseFontsAreGoneDrawsTheSame() throws {
        let here = try typeset([.paragraph(Paragraph("Soziale Lage in Moisling"))])
        final class Box: @unchecked Sendable { var doc: LaidOutDocument?; let done = DispatchSemaphore(value: 0) }
        let box = Box()
        let thread = Thread {
            defer { box.done.signal() }
            // Fonts of its own, released when the thread ends, as a publish worker's are.
            guard let own = try? FontEnvironment() else { return }
            let doc = Document(metadata: Metadata(title: "Testbericht", language: "de-DE", organisation: "Hansestadt Lübeck",
                                                  date: "2026-11-26"), blocks: [.paragraph(Paragraph("Soziale Lage in Moisling"))])
            box.doc = try? Typesetter(fonts: own).typeset(doc)
        }
        thread.stackSize = 8 << 20
        thread.start()
        box.done.wait()
        let there = try XCTUnwrap(box.doc)
        let meta = PDFMetadata(title: "T", language: "de-DE")
        XCTAssertEqual(try PDFRenderer.render(there, metadata: meta).bytes, try PDFRenderer.render(here, metadata: meta).bytes)
    }

    func testTaggingMistakesAndUnusableFontsAreErrorsNotBrokenFiles() throws {
        let rect = PageOp.shape(.rect(x: 0, y: 0, width: 5, height: 5), fill: .white, stroke: nil, lineWidth: 1)
        XCTAssertEqual(renderError(page([rect])), "content drawn outside every structure element on page 1")
        XCTAssertEqual(renderError(page([.begin(StructureTag("Document")), .begin(StructureTag("P")), rect, .end])),
                       "element Document was never closed")
        XCTAssertEqual(renderError(page([.end])), "an element was closed that was never opened (page 1)")
        var twoPages = page([.begin(StructureTag("Document")), .begin(StructureTag("P")), rect])
        twoPages.pages.append(LaidOutPage(ops: [.end, .end]))
        XCTAssertEqual(renderError(twoPages), "leaf element P continues across the end of page 1")
        var run = try shapedRun("Moin")
        run.font.file = "/nonexistent/Font.ttf"
        let missing = renderError(page([.begin(StructureTag("P")), .glyphs(PlacedRun(glyphs: run, x: 0, baseline: 20, color: .white)), .end]))
        XCTAssertEqual(missing, "Cairo could not load the font /nonexistent/Font.ttf")
    }

    func testURIsAndDestinationNamesAreWrittenSoCairoKeepsThem() {
        XCTAssertEqual(PDFRenderer.escapeURI("https://x.de/a b(c)\\d'"), "https://x.de/a%20b%28c%29%5Cd%27")
        XCTAssertEqual(PDFRenderer.escapeName("d1-a b'c=(d)"), "d1-a_b_c__d_", "no character Cairo's attribute parser would end the name at")
    }

    func testAPageImageIsThePageAtItsResolutionDrawnOnWhite() throws {
        let run = try shapedRun("Moin")
        let doc = page([.begin(StructureTag("Document")), .begin(StructureTag("P")),
                        .glyphs(PlacedRun(glyphs: run, x: 20, baseline: 50, color: Color(red: 0, green: 0, blue: 0))), .end,
                        .shape(.rect(x: 100, y: 10, width: 50, height: 50), fill: Color(red: 0, green: 0, blue: 0), stroke: nil, lineWidth: 1),
                        .end])
        let png = try PageImage.png(doc, page: 0, dpi: 144)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height, big-endian, after the signature and the chunk header.
        func int(_ at: Int) -> Int { png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual([int(16), int(20)], [400, 200], "200 × 100 pt at 144 dpi")
        XCTAssertNotEqual(try PageImage.png(doc, page: 0, dpi: 72), png)
        XCTAssertThrowsError(try PageImage.png(doc, page: 1)) { XCTAssertEqual(($0 as? RenderError)?.message, "the document has no page 2") }
        XCTAssertThrowsError(try PageImage.png(doc, page: 0, dpi: 0))
    }

    /// Right-to-left runs (a Hebrew or Arabic name) come out of Pango in visual order: drawn left to
    /// right, their text kept in logical order as one cluster.
    func testRightToLeftTextIsDrawnWithItsCharacters() throws {
        let doc = try typeset([.paragraph(Paragraph("Partnerstadt שלום und مرحبا"))])
        let runs = doc.pages.flatMap(\.ops).compactMap { op -> GlyphRun? in if case .glyphs(let r) = op { r.glyphs } else { nil } }
        let hebrew = try XCTUnwrap(runs.first { $0.text == "שלום" }, runs.map(\.text).joined(separator: "|"))
        XCTAssertEqual(hebrew.clusters, [GlyphCluster(bytes: Int32("שלום".utf8.count), glyphs: Int32(hebrew.glyphs.count))])
        XCTAssertEqual(hebrew.glyphs.map(\.x), hebrew.glyphs.map(\.x).sorted(), "left to right")
        XCTAssertTrue(runs.contains { $0.text == "مرحبا" })
        let pdf = try PDFRenderer.render(doc, metadata: PDFMetadata(title: "T", language: "de-DE"))
        XCTAssertGreaterThan(pdf.bytes.count, 1000)
    }
}
