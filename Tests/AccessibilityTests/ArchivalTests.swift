import Document
import Foundation
import Layout
import PDFOutput
import XCTest
@testable import Accessibility

/// PDF/A on top of PDF/UA: identification, output intent, associated files, stream endings.
final class ArchivalTests: XCTestCase {
    private static let dataset = Dataset(records: [
        DataRecord(indicator: "arm_sgb2", indicatorName: "SGB-II-Quote", area: "03", areaName: "Moisling", period: "2026-10",
                   periodLabel: "Oktober 2026", value: 18.2, status: .provisional, unit: "percent"),
        DataRecord(indicator: "dig_leihgeraete", indicatorName: "Verliehene Endgeräte, \"Leihgeräte\"", area: "08", areaName: "Schlutup",
                   period: "2026-10", periodLabel: "Oktober 2026", value: 2, status: .suppressed, unit: "count"),
    ])

    /// The fixture with a dataset on its Figure and Table and facts on its Document element.
    private func attached(_ standard: PDFStandard = .a3a, tableData: Dataset = Dataset(records: [ArchivalTests.dataset.records[0]])) throws -> TaggedPDF {
        var pdf = try Fixtures.briefing()
        pdf.standard = standard
        let facts = BriefingData(template: "t", area: "03", period: "2026-10", language: "de-DE", values: Self.dataset.records,
                                 sources: [], dataDigest: "abc")
        for i in pdf.elements.indices {
            switch pdf.elements[i].type {
            case "Document": pdf.elements[i].attachment = TagAttachment(name: "fakten", description: "Fakten", content: .briefing(facts))
            case "Figure": pdf.elements[i].attachment = TagAttachment(name: "abbildung-1", description: "Abbildung 1: Quote", content: .dataset(Self.dataset))
            case "Table": pdf.elements[i].attachment = TagAttachment(name: "tabelle-1", description: "Tabelle 1: Quote", content: .dataset(tableData))
            default: break
            }
        }
        return pdf
    }

    func testXMPIdentifiesPDFA3aOrPDFA2aAndDeclaresThePDFUAProperty() throws {
        let a3 = try FinishedPDF(Accessibility.finish(attached(), environment: [:])).xmp
        for expected in ["<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>", "<pdfuaid:part>1</pdfuaid:part>",
                         "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
                         "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
                         "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>", "<pdfaProperty:name>part</pdfaProperty:name>",
                         "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>", "<pdfaProperty:category>internal</pdfaProperty:category>"] {
            XCTAssertTrue(a3.contains(expected), "XMP lacks \(expected)")
        }
        let a2 = try FinishedPDF(Accessibility.finish(attached(.a2a), environment: [:])).xmp
        XCTAssertTrue(a2.contains("<pdfaid:part>2</pdfaid:part>") && a2.contains("<pdfaid:conformance>A</pdfaid:conformance>"))
        XCTAssertFalse(a2.contains("<pdfaid:part>3</pdfaid:part>"))
    }

    func testOutputIntentEmbedsTheSRGBProfile() throws {
        let pdf = try FinishedPDF(Accessibility.finish(attached(), environment: [:]))
        let s = pdf.session
        let intents = s.items(s.get(pdf.catalog, "/OutputIntents"))
        XCTAssertEqual(intents.count, 1)
        XCTAssertEqual(pdf.name(intents[0], "/S"), "/GTS_PDFA1")
        XCTAssertEqual(pdf.string(intents[0], "/OutputConditionIdentifier"), "sRGB IEC61966-2.1")
        let profile = s.get(intents[0], "/DestOutputProfile")
        XCTAssertEqual(s.int(s.get(s.streamDictionary(profile), "/N")), 3)
        XCTAssertEqual(s.streamData(profile), try ColorProfile.shared().bytes)
    }

    func testAttachmentsAreAssociatedWithTheCatalogTheirElementsAndTheNameTree() throws {
        let pdf = try FinishedPDF(Accessibility.finish(attached(), environment: [:]))
        let s = pdf.session
        let catalogFiles = s.items(s.get(pdf.catalog, "/AF"))
        // Document order: the facts (Document element) first, then figure and table.
        XCTAssertEqual(catalogFiles.compactMap { pdf.string($0, "/UF") }, ["fakten.json", "abbildung-1.csv", "tabelle-1.csv"])
        for spec in catalogFiles {
            XCTAssertEqual(pdf.name(spec, "/Type"), "/Filespec")
            XCTAssertEqual(pdf.name(spec, "/AFRelationship"), "/Data")
            XCTAssertEqual(pdf.string(spec, "/F"), pdf.string(spec, "/UF"))
            let stream = s.get(s.get(spec, "/EF"), "/F")
            let dictionary = s.streamDictionary(stream)
            XCTAssertEqual(pdf.name(dictionary, "/Type"), "/EmbeddedFile")
            XCTAssertEqual(s.int(s.get(s.get(dictionary, "/Params"), "/Size")), s.streamData(stream)?.count)
            XCTAssertEqual(pdf.string(s.get(dictionary, "/Params"), "/ModDate"), "D:20240301120000+00'00'")
        }
        XCTAssertEqual(pdf.name(s.streamDictionary(s.get(s.get(catalogFiles[1], "/EF"), "/F")), "/Subtype"), "/text/csv")
        XCTAssertEqual(pdf.name(s.streamDictionary(s.get(s.get(catalogFiles[0], "/EF"), "/F")), "/Subtype"), "/application/json")
        XCTAssertEqual(pdf.string(catalogFiles[2], "/Desc"), "Tabelle 1: Quote")

        for (type, name) in [("Document", "fakten.json"), ("Figure", "abbildung-1.csv"), ("Table", "tabelle-1.csv")] {
            let element = try XCTUnwrap(pdf.elements(ofType: type).first)
            let files = s.items(s.get(element, "/AF"))
            XCTAssertEqual(files.count, 1, type)
            XCTAssertEqual(pdf.string(files[0], "/UF"), name)
            XCTAssertEqual(s.objectID(files[0]), s.objectID(catalogFiles.first { pdf.string($0, "/UF") == name }!))
        }
        let names = s.items(s.get(s.get(s.get(pdf.catalog, "/Names"), "/EmbeddedFiles"), "/Names"))
        XCTAssertEqual(stride(from: 0, to: names.count, by: 2).compactMap { s.utf8String(names[$0]) },
                       ["abbildung-1.csv", "fakten.json", "tabelle-1.csv"])
        XCTAssertFalse(pdf.elements(ofType: "P").contains { s.hasKey($0, "/AF") })
    }

    func testEqualDataIsOneFileSharedByItsElementsAndPDFA2aEmbedsNothing() throws {
        let pdf = try FinishedPDF(Accessibility.finish(attached(tableData: Self.dataset), environment: [:]))
        let s = pdf.session
        XCTAssertEqual(s.items(s.get(pdf.catalog, "/AF")).compactMap { pdf.string($0, "/UF") }, ["fakten.json", "abbildung-1.csv"])
        let figureFile = s.items(s.get(try XCTUnwrap(pdf.elements(ofType: "Figure").first), "/AF"))[0]
        let tableFile = s.items(s.get(try XCTUnwrap(pdf.elements(ofType: "Table").first), "/AF"))[0]
        XCTAssertEqual(s.objectID(figureFile), s.objectID(tableFile))

        let a2 = try FinishedPDF(Accessibility.finish(attached(.a2a), environment: [:]))
        XCTAssertFalse(a2.session.hasKey(a2.catalog, "/AF"))
        XCTAssertFalse(a2.session.hasKey(a2.catalog, "/Names"))
        XCTAssertFalse(a2.structureElements.contains { a2.session.hasKey($0, "/AF") })
        XCTAssertTrue(try Accessibility.embeddedFiles(in: a2.bytes, description: "a2").isEmpty)
    }

    func testCSVHoldsTheStoreValuesAndLeavesSuppressedCellsEmpty() throws {
        let file = try DataFile(TagAttachment(name: "tabelle-1", description: "", content: .dataset(Self.dataset)))
        XCTAssertEqual(file.name, "tabelle-1.csv")
        XCTAssertEqual(String(decoding: file.bytes, as: UTF8.self), """
            indicator,indicator_name,area,area_name,period,period_label,value,status,unit
            arm_sgb2,SGB-II-Quote,03,Moisling,2026-10,Oktober 2026,18.2,provisional,percent
            dig_leihgeraete,"Verliehene Endgeräte, ""Leihgeräte\"\"\",08,Schlutup,2026-10,Oktober 2026,,suppressed,count

            """)
        var classified = Self.dataset
        classified.records[0].category = "15,0 % und mehr"
        let map = try DataFile(TagAttachment(name: "abbildung-2", description: "", content: .dataset(classified)))
        let lines = String(decoding: map.bytes, as: UTF8.self).split(separator: "\n")
        XCTAssertTrue(lines[0].hasSuffix(",unit,class"))
        XCTAssertTrue(lines[1].hasSuffix(",percent,\"15,0 % und mehr\""))
        XCTAssertTrue(lines[2].hasSuffix(",count,"))

        let cells = try DataFile(TagAttachment(name: "tabelle-2", description: "", content: .cells(columns: ["Gebiet", "Quote"], rows: [["Moisling", "18,2 p"], [" x", "–"]])))
        XCTAssertEqual(String(decoding: cells.bytes, as: UTF8.self), "Gebiet,Quote\nMoisling,\"18,2 p\"\n\" x\",–\n")
    }

    func testFactsJSONHasNoValueForSuppressedRecords() throws {
        let facts = BriefingData(template: "t", area: "08", period: "2026-10", language: "de-DE", values: Self.dataset.records,
                                 sources: [], dataDigest: "d")
        let file = try DataFile(TagAttachment(name: "fakten", description: "", content: .briefing(facts)))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any])
        let values = try XCTUnwrap(json["values"] as? [[String: Any]])
        XCTAssertEqual(values[0]["value"] as? Double, 18.2)
        XCTAssertEqual(values[1]["status"] as? String, "suppressed")
        XCTAssertNil(values[1]["value"])
        // Even a record built with a value for a suppressed cell keeps none.
        XCTAssertNil(DataRecord(indicator: "i", indicatorName: "", area: "a", areaName: "", period: "2026", periodLabel: "",
                                value: 3, status: .suppressed, unit: "count").value)
    }

    func testCompressedDataNeverEndsInACarriageReturn() throws {
        // zlib's trailer is the Adler-32 of the data: "Wikipedia" → 0x11E60398.
        XCTAssertEqual(StreamEndings.lastCompressedByte(Array("Wikipedia".utf8)), 0x98)
        XCTAssertEqual(StreamEndings.lastCompressedByte([0x0C]), 0x0D)  // 1 + 12
        var text = "indicator,area\n03,x\n"
        while StreamEndings.lastCompressedByte(Array(text.utf8)) != 0x0D { text += "0" }
        let bytes = Array(text.utf8)
        let quoted = DataFile.quotingHeader(bytes)
        XCTAssertEqual(String(decoding: quoted, as: UTF8.self), "\"indicator\",\"area\"" + text.dropFirst("indicator,area".count))
        XCTAssertNotEqual(StreamEndings.lastCompressedByte(quoted), 0x0D)

        // A page content stream that would end in CR gets a line feed before qpdf compresses it.
        let pdf = try Fixtures.briefing()
        let session = try QPDFSession(bytes: pdf.bytes, description: "cr")
        let page = session.pages[1]
        var content = try session.pageContent(page)
        while StreamEndings.lastCompressedByte(content) != 0x0D { content.append(0x20) }
        session.set(page, "/Contents", session.makeIndirect(session.newStream(content, dictionary: [])))
        let written = try session.write(minimumVersion: "1.7")
        XCTAssertTrue(StreamEndings.trailingCarriageReturns(in: written).any, "the test needs a stream that ends in CR")
        let reread = try QPDFSession(bytes: written, description: "cr")
        StreamEndings.avoidTrailingCarriageReturns(reread, cairoObjects: reread.int(reread.get(reread.trailer, "/Size")) ?? 0)
        let fixed = try reread.write(minimumVersion: "1.7")
        XCTAssertFalse(StreamEndings.trailingCarriageReturns(in: fixed).any)
        let result = try QPDFSession(bytes: fixed, description: "fixed")
        XCTAssertEqual(try result.pageContent(result.pages[1]), content + [0x0A])
    }

    func testTheWrittenFileScanFindsStreamsEndingInCRAndTellsObjectStreams() {
        func file(_ dictionary: String, _ data: String) -> [UInt8] {
            Array("%PDF-1.7\n7 0 obj\n\(dictionary)\nstream\n\(data)\nendstream\nendobj\n".utf8)
        }
        XCTAssertFalse(StreamEndings.trailingCarriageReturns(in: file("<< /Length 3 >>", "abc")).any)
        let plain = StreamEndings.trailingCarriageReturns(in: file("<< /Length 3 >>", "ab\r"))
        XCTAssertTrue(plain.any && !plain.inObjectStream)
        let objects = StreamEndings.trailingCarriageReturns(in: file("<< /Type /ObjStm /N 2 /First 9 /Length 3 >>", "ab\r"))
        XCTAssertTrue(objects.any && objects.inObjectStream)
    }

    func testColorProfileMustBeAnRGBICCProfile() throws {
        XCTAssertThrowsError(try ColorProfile.load(environment: ["CIVICBRIEF_ICC_PROFILE": "/nonexistent/sRGB.icc"])) {
            XCTAssertEqual("\($0)", "cannot write PDF/A: /nonexistent/sRGB.icc (CIVICBRIEF_ICC_PROFILE) does not exist — give the path of an sRGB ICC profile, or unset it")
        }
        let notICC = FileManager.default.temporaryDirectory.appendingPathComponent("not-icc-\(getpid()).icc")
        try Data(repeating: 65, count: 200).write(to: notICC)
        defer { try? FileManager.default.removeItem(at: notICC) }
        XCTAssertThrowsError(try ColorProfile.load(environment: ["CIVICBRIEF_ICC_PROFILE": notICC.path])) {
            XCTAssertTrue("\($0)".contains("not an ICC profile"), "\($0)")
        }
        let profile = try ColorProfile.load(environment: [:])
        XCTAssertEqual(profile.path, ColorProfile.searchPaths[0])
        XCTAssertNil(profile.problem)
    }

    func testEmbeddedFilesComeBackInDocumentOrderWithSafeUniqueNames() throws {
        let bytes = try Accessibility.finish(attached(), environment: [:])
        let files = try Accessibility.embeddedFiles(in: bytes, description: "x.pdf")
        XCTAssertEqual(files.map(\.name), ["fakten.json", "abbildung-1.csv", "tabelle-1.csv"])
        XCTAssertEqual(files[1].mediaType, "text/csv")
        XCTAssertEqual(files[1].relationship, "Data")
        XCTAssertEqual(files[2].description, "Tabelle 1: Quote")
        XCTAssertEqual(files[1].bytes, try DataFile(TagAttachment(name: "a", description: "", content: .dataset(Self.dataset))).bytes)

        XCTAssertEqual(Accessibility.safeName("../../etc/passwd"), "passwd")
        XCTAssertEqual(Accessibility.safeName("..\\.hidden"), "hidden")
        XCTAssertEqual(Accessibility.safeName("/"), "attachment")
        var taken: Set<String> = []
        XCTAssertEqual(["a.csv", "a.csv", "a.csv", "b"].map { Accessibility.uniqueName($0, taken: &taken) }, ["a.csv", "a-2.csv", "a-3.csv", "b"])
        XCTAssertThrowsError(try Accessibility.embeddedFiles(in: Array("no pdf".utf8), description: "x.pdf")) {
            XCTAssertEqual("\($0)", "x.pdf: not a readable PDF — check that it is a complete PDF file")
        }
    }
}
