import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PDFOutput
import XCTest
@testable import Accessibility

/// Reads a finished PDF back with qpdf for assertions.
struct FinishedPDF {
    let session: QPDFSession
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        session = try QPDFSession(bytes: bytes, description: "finished")
    }

    var catalog: QPDFSession.Handle { session.root }
    var info: QPDFSession.Handle { session.get(session.trailer, "/Info") }
    func string(_ h: QPDFSession.Handle, _ key: String) -> String? { session.utf8String(session.get(h, key)) }
    func name(_ h: QPDFSession.Handle, _ key: String) -> String? { session.name(session.get(h, key)) }

    /// Structure elements in pre-order.
    var structureElements: [QPDFSession.Handle] {
        var result: [QPDFSession.Handle] = []
        func visit(_ parent: QPDFSession.Handle) {
            let k = session.get(parent, "/K")
            let kids = session.isArray(k) ? session.items(k) : [k]
            for kid in kids where session.isDictionary(kid) && session.hasKey(kid, "/S") {
                result.append(kid)
                visit(kid)
            }
        }
        visit(session.get(catalog, "/StructTreeRoot"))
        return result
    }

    func elements(ofType type: String) -> [QPDFSession.Handle] {
        structureElements.filter { session.isName(session.get($0, "/S"), "/" + type) }
    }

    func pageContent(_ index: Int) throws -> String {
        String(decoding: try session.pageContent(session.pages[index]), as: UTF8.self)
    }

    var xmp: String {
        get throws {
            let stream = session.get(catalog, "/Metadata")
            // The packet must be stored uncompressed: find it verbatim in the file.
            let raw = String(decoding: bytes, as: UTF8.self)
            guard let start = raw.range(of: "<?xpacket begin"), let end = raw.range(of: "<?xpacket end=\"w\"?>") else {
                XCTFail("no uncompressed XMP packet in the file (Metadata is \(session.unparse(stream)))")
                return ""
            }
            return String(raw[start.lowerBound..<end.upperBound])
        }
    }
}

final class FinishTests: XCTestCase {
    private func finished(_ pdf: TaggedPDF, environment: [String: String] = [:]) throws -> FinishedPDF {
        try FinishedPDF(Accessibility.finish(pdf, environment: environment))
    }

    func testCatalogGetsLanguageDisplayTitleMarkInfoAndMetadataStream() throws {
        let pdf = try finished(Fixtures.briefing())
        let s = pdf.session
        XCTAssertEqual(pdf.string(pdf.catalog, "/Lang"), "de-DE")
        XCTAssertEqual(s.unparse(s.get(pdf.catalog, "/ViewerPreferences")), "<< /DisplayDocTitle true >>")
        XCTAssertEqual(s.unparse(s.get(s.get(pdf.catalog, "/MarkInfo"), "/Marked")), "true")
        let metadata = s.get(pdf.catalog, "/Metadata")
        XCTAssertTrue(s.isStream(metadata))
        XCTAssertEqual(pdf.name(s.streamDictionary(metadata), "/Type"), "/Metadata")
        XCTAssertEqual(pdf.name(s.streamDictionary(metadata), "/Subtype"), "/XML")
        XCTAssertFalse(s.hasKey(s.streamDictionary(metadata), "/Filter"))
        XCTAssertEqual(String(decoding: pdf.bytes.prefix(8), as: UTF8.self), "%PDF-1.7")
    }

    func testInfoAndXMPCarryTheSameEscapedValuesAndDates() throws {
        let pdf = try finished(Fixtures.briefing())
        XCTAssertEqual(pdf.string(pdf.info, "/Title"), "Sozialmonitoring <Lübeck> & \"mehr\"")
        XCTAssertEqual(pdf.string(pdf.info, "/Author"), "Hansestadt Lübeck")
        XCTAssertEqual(pdf.string(pdf.info, "/Subject"), "Soziale Lage 2024")
        XCTAssertEqual(pdf.string(pdf.info, "/Keywords"), "Sozialmonitoring, Lübeck")
        XCTAssertEqual(pdf.string(pdf.info, "/Creator"), "CivicBrief")
        XCTAssertEqual(pdf.string(pdf.info, "/Producer"), "CivicBrief (Cairo, Pango, qpdf)")
        XCTAssertEqual(pdf.string(pdf.info, "/CreationDate"), "D:20240301120000+00'00'")
        XCTAssertEqual(pdf.string(pdf.info, "/ModDate"), "D:20240301120000+00'00'")
        let xmp = try pdf.xmp
        for expected in [
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Sozialmonitoring &lt;Lübeck&gt; &amp; &quot;mehr&quot;</rdf:li></rdf:Alt></dc:title>",
            "<dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>",
            "<dc:creator><rdf:Seq><rdf:li>Hansestadt Lübeck</rdf:li></rdf:Seq></dc:creator>",
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">Soziale Lage 2024</rdf:li></rdf:Alt></dc:description>",
            "<pdf:Producer>CivicBrief (Cairo, Pango, qpdf)</pdf:Producer>",
            "<pdf:Keywords>Sozialmonitoring, Lübeck</pdf:Keywords>",
            "<xmp:CreatorTool>CivicBrief</xmp:CreatorTool>",
            "<xmp:CreateDate>2024-03-01T12:00:00+00:00</xmp:CreateDate>",
            "<xmp:ModifyDate>2024-03-01T12:00:00+00:00</xmp:ModifyDate>",
            "<xmp:MetadataDate>2024-03-01T12:00:00+00:00</xmp:MetadataDate>",
            "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            XCTAssertTrue(xmp.contains(expected), "XMP lacks \(expected)")
        }
    }

    func testDateComesFromSourceDateEpochThenFixedEpochNeverTheClock() throws {
        var metadata = Fixtures.metadata
        metadata.date = nil
        let fromEpoch = try finished(Fixtures.briefing(metadata: metadata),
                                     environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        XCTAssertEqual(fromEpoch.string(fromEpoch.info, "/CreationDate"), "D:20231114221320+00'00'")
        XCTAssertTrue(try fromEpoch.xmp.contains("<xmp:CreateDate>2023-11-14T22:13:20+00:00</xmp:CreateDate>"))
        let fallback = try finished(Fixtures.briefing(metadata: metadata))
        XCTAssertEqual(fallback.string(fallback.info, "/ModDate"), "D:20000101000000+00'00'")
        XCTAssertThrowsError(try Accessibility.finish(Fixtures.briefing(metadata: metadata),
                                                      environment: ["SOURCE_DATE_EPOCH": "yesterday"])) {
            XCTAssertTrue("\($0)".contains("SOURCE_DATE_EPOCH='yesterday'"), "\($0)")
        }
    }

    func testUTCDateFormatting() {
        XCTAssertEqual(UTCDate(secondsSinceEpoch: 0).pdf, "D:19700101000000+00'00'")
        XCTAssertEqual(UTCDate(secondsSinceEpoch: 951_782_400).xmp, "2000-02-29T00:00:00+00:00")
        XCTAssertEqual(UTCDate(secondsSinceEpoch: 4_107_542_399).xmp, "2100-02-28T23:59:59+00:00")
    }

    func testStructureAttributesLandOnTheRecordedElements() throws {
        let pdf = try finished(Fixtures.briefing())
        let s = pdf.session
        let figure = try XCTUnwrap(pdf.elements(ofType: "Figure").first)
        XCTAssertEqual(pdf.string(figure, "/Alt"), "Balkendiagramm: Quote stieg von 12,5 % auf 13,1 %")
        let scopes = pdf.elements(ofType: "TH").map { s.unparse(s.get($0, "/A")) }
        XCTAssertEqual(scopes, ["<< /O /Table /Scope /Column >>", "<< /O /Table /Scope /Column >>",
                                "<< /O /Table /Scope /Row >>"])
        let spans = pdf.elements(ofType: "Span")
        XCTAssertEqual(spans.map { pdf.string($0, "/Lang") }, [nil, "en-GB"])
        let note = try XCTUnwrap(pdf.elements(ofType: "Note").first)
        XCTAssertEqual(pdf.string(note, "/ID"), "note-1")
        let idTree = s.get(s.get(pdf.catalog, "/StructTreeRoot"), "/IDTree")
        let names = s.items(s.get(idTree, "/Names"))
        XCTAssertEqual(names.count, 2)
        XCTAssertEqual(s.utf8String(names[0]), "note-1")
        XCTAssertEqual(s.objectID(names[1]), s.objectID(note))
    }

    func testFurnitureBecomesArtifactsAndLeavesTheStructureTree() throws {
        let pdf = try finished(Fixtures.briefing())
        let s = pdf.session
        XCTAssertEqual(pdf.elements(ofType: "Private").count, 0)
        let types = pdf.structureElements.compactMap { s.name(s.get($0, "/S")) }
        XCTAssertEqual(Array(types.prefix(3)), ["/Document", "/H1", "/P"])
        XCTAssertEqual(types.count, 23)

        let page1 = try pdf.pageContent(0)
        XCTAssertEqual(page1.components(separatedBy: "/Artifact << /Type /Pagination >> BDC").count - 1, 3)
        XCTAssertFalse(page1.contains("/Private"))
        XCTAssertTrue(page1.contains("/H1 << /MCID 2 >> BDC"))
        let page2 = try pdf.pageContent(1)
        XCTAssertEqual(page2.components(separatedBy: "/Artifact << /Type /Pagination >> BDC").count - 1, 1)
        XCTAssertTrue(page2.contains("/P << /MCID 0 >> BDC"))

        // The ParentTree no longer maps the furniture MCIDs to anything.
        let nums = s.items(s.get(s.get(s.get(pdf.catalog, "/StructTreeRoot"), "/ParentTree"), "/Nums"))
        let page1Key = try XCTUnwrap(s.int(s.get(s.pages[0], "/StructParents")))
        let index = try XCTUnwrap(nums.firstIndex { s.int($0) == page1Key })
        let owners = s.items(nums[index + 1])
        XCTAssertTrue(s.isNull(owners[0]) && s.isNull(owners[1]) && s.isNull(owners[owners.count - 1]))
        XCTAssertEqual(s.name(s.get(owners[2], "/S")), "/H1")
        XCTAssertEqual(s.int(s.get(s.get(pdf.catalog, "/StructTreeRoot"), "/ParentTreeNextKey")), 3)
    }

    func testCIDFontsGetIdentityCIDToGIDMap() throws {
        let pdf = try finished(Fixtures.briefing())
        let s = pdf.session
        let fonts = s.get(s.get(s.pages[0], "/Resources"), "/Font")
        let descendants = s.keys(fonts).map { s.get(fonts, $0) }
            .filter { s.isName(s.get($0, "/Subtype"), "/Type0") }
            .flatMap { s.items(s.get($0, "/DescendantFonts")) }
        XCTAssertFalse(descendants.isEmpty, "the fixture must make Cairo write a CID font (text with ń, which WinAnsi lacks)")
        for font in descendants {
            XCTAssertEqual(pdf.name(font, "/Subtype"), "/CIDFontType2")
            XCTAssertEqual(pdf.name(font, "/CIDToGIDMap"), "/Identity")
        }
    }

    func testLinkAnnotationsGetContentsPrintFlagAndTabOrder() throws {
        let pdf = try finished(Fixtures.briefing())
        let s = pdf.session
        let annotations = s.items(s.get(s.pages[0], "/Annots"))
        XCTAssertEqual(annotations.count, 1)
        XCTAssertEqual(pdf.string(annotations[0], "/Contents"), "Website der Hansestadt Lübeck")
        XCTAssertEqual(s.int(s.get(annotations[0], "/F")), 4)
        XCTAssertEqual(pdf.name(s.pages[0], "/Tabs"), "/S")
        XCTAssertFalse(s.hasKey(s.pages[1], "/Tabs"))

        let fallback = try finished(Fixtures.briefing(linkAlt: nil))
        let annotation = fallback.session.items(fallback.session.get(fallback.session.pages[0], "/Annots"))[0]
        XCTAssertEqual(fallback.string(annotation, "/Contents"), "https://www.luebeck.de/")
    }

    func testTypeMismatchIsAnError() throws {
        var pdf = try Fixtures.briefing()
        pdf.elements[4].type = "Figure" // really the P after the H1
        XCTAssertThrowsError(try Accessibility.finish(pdf)) { error in
            XCTAssertEqual(error as? AccessibilityError, .structureMismatch(
                "element #5 (pre-order) is /P in the PDF but was recorded as 'Figure'"))
        }
    }

    func testMissingOrExtraElementsAreAnError() throws {
        var pdf = try Fixtures.briefing()
        pdf.elements.removeLast()
        XCTAssertThrowsError(try Accessibility.finish(pdf)) { error in
            XCTAssertEqual(error as? AccessibilityError, .structureMismatch(
                "the PDF has 27 structure elements but 26 were recorded"))
        }
    }

    func testFigureWithoutAltTextIsAnError() throws {
        XCTAssertThrowsError(try Accessibility.finish(Fixtures.briefing(figureAlt: "  "))) { error in
            XCTAssertTrue("\(error)".hasPrefix("element #6 (/Figure) has no alternative text"), "\(error)")
        }
    }

    func testUnreadableInputIsAnError() {
        let pdf = TaggedPDF(bytes: Array("%PDF-1.5 not really".utf8), metadata: Fixtures.metadata, elements: [])
        XCTAssertThrowsError(try Accessibility.finish(pdf)) { error in
            guard case .qpdf(let step, _)? = error as? AccessibilityError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(step, "read the PDF written by Cairo")
        }
    }

    func testXMPPacketIsWellFormedXML() throws {
        let xmp = try finished(Fixtures.briefing()).xmp
        let parser = XMLParser(data: Data(xmp.utf8))
        XCTAssertTrue(parser.parse(), "XMP is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
    }

    func testFurnitureSplitAcrossSeveralContentStreamsIsFound() throws {
        // Split page 1's content in the middle of the first furniture sequence (BDC in the first
        // stream, its EMC in the second) — legal PDF, and the pass must still see one sequence.
        var pdf = try Fixtures.briefing()
        let session = try QPDFSession(bytes: pdf.bytes, description: "split")
        let page = session.pages[0]
        let content = try session.pageContent(page)
        let marker = Array("/Private << /MCID 0 >> BDC".utf8)
        let start = try XCTUnwrap((0...(content.count - marker.count)).first { Array(content[$0..<($0 + marker.count)]) == marker })
        let cut = start + marker.count
        session.set(page, "/Contents", session.newArray([
            session.newStream(Array(content[..<cut]), dictionary: []),
            session.newStream(Array(content[cut...]), dictionary: []),
        ]))
        pdf.bytes = try session.write(minimumVersion: "1.5")

        let result = try finished(pdf)
        XCTAssertTrue(result.session.isStream(result.session.get(result.session.pages[0], "/Contents")))
        let page1 = try result.pageContent(0)
        XCTAssertEqual(page1.components(separatedBy: "/Artifact << /Type /Pagination >> BDC").count - 1, 3)
        XCTAssertFalse(page1.contains("/Private"))
    }

    func testFinishingIsDeterministicAcrossCairoRuns() throws {
        // Cairo stamps its own creation date into each run; the finished bytes must not differ.
        let first = try Accessibility.finish(Fixtures.briefing(), environment: [:])
        let second = try Accessibility.finish(Fixtures.briefing(), environment: [:])
        XCTAssertEqual(first, second)
        XCTAssertGreaterThan(first.count, 5000)
    }
}
