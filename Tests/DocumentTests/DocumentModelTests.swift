import Foundation
import XCTest
@testable import Document

final class DocumentModelTests: XCTestCase {
    private func decode(_ json: String) throws(DocumentDecodingError) -> Document {
        try Document.decode(json: Data(json.utf8), file: "doc.json")
    }

    private func decodingError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> DocumentDecodingError? {
        do {
            _ = try decode(json)
            XCTFail("expected a decoding error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private let head = #"{"metadata":{"title":"T","date":"2026-11-26"},"blocks":["#

    func testEveryBlockTypeDecodesFromHandWrittenJSON() throws {
        let doc = try decode(head + """
        {"type":"heading","level":2,"text":"Lage","id":"lage"},
        {"type":"paragraph","runs":["Die ",{"type":"bold","text":"Quote"},{"type":"italic","text":" steigt"},
          {"type":"link","text":"hier","url":"https://luebeck.de"},{"type":"link","text":"dort","target":"lage"},
          {"type":"span","text":"poverty","lang":"en"},{"type":"footnote","text":"Quelle"},
          {"type":"text","text":"beides","bold":true,"italic":true}]},
        {"type":"list","ordered":true,"items":["a",{"text":"b","list":{"items":["b1"]}}]},
        {"type":"table","caption":"C","columns":["Bezirk",{"title":"Quote","align":"decimal"}],"rowHeaders":true,
         "rows":[["Moisling","24,6"]]},
        {"type":"figure","alt":"Balken","drawing":{"width":10,"height":5,"items":[{"type":"rect","x":0,"y":0,"width":5,"height":5,"fill":"#1f4e79"}]}},
        {"type":"keyFigures","tiles":[{"label":"L","value":"1","change":"+1","comparison":"v"}]},
        {"type":"pageBreak"},
        {"type":"tableOfContents","maxLevel":2}
        ]}
        """)
        XCTAssertEqual(doc.metadata.language, "de-DE")
        XCTAssertEqual(doc.blocks.count, 8)
        XCTAssertEqual(doc.blocks[0], .heading(Heading(level: 2, text: "Lage", id: "lage")))
        XCTAssertEqual(doc.blocks[1], .paragraph(Paragraph(runs: [
            .text("Die "), .bold("Quote"), .italic(" steigt"), .link("hier", destination: .url("https://luebeck.de")),
            .link("dort", destination: .internal("lage")), .span("poverty", lang: "en"), .footnote("Quelle"),
            .styled("beides", bold: true, italic: true)])))
        XCTAssertEqual(doc.blocks[2], .list(List(ordered: true, items: [ListItem("a"), ListItem("b", sublist: List(items: [ListItem("b1")]))])))
        XCTAssertEqual(doc.blocks[3], .table(Table(caption: "C", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)],
                                                   rowHeaders: true, rows: [["Moisling", "24,6"]])))
        XCTAssertEqual(doc.blocks[5], .keyFigures(KeyFigures(tiles: [KeyFigure(label: "L", value: "1", change: "+1", comparison: "v")])))
        XCTAssertEqual(doc.blocks[6], .pageBreak)
        XCTAssertEqual(doc.blocks[7], .tableOfContents(TableOfContents(title: nil, maxLevel: 2)))
    }

    func testJSONRoundTripOfTheSampleDocument() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates/samples/sample-document.json")
        let original = try Document.decode(json: Data(contentsOf: url), file: url.path)
        XCTAssertEqual(original.blocks.count, 33)
        let again = try Document.decode(json: original.jsonData(), file: "roundtrip")
        XCTAssertEqual(again, original)
        // Encoding is stable: the same document gives the same bytes.
        XCTAssertEqual(try again.jsonData(), try original.jsonData())
    }

    func testRowWithTooFewCellsNamesItsPath() {
        let error = decodingError(head + """
        {"type":"paragraph","text":"x"},{"type":"paragraph","text":"y"},{"type":"paragraph","text":"z"},
        {"type":"table","columns":["a","b","c","d"],"rows":[["1","2","3","4"],["1","2","3","4"],["1","2","3"]]}]}
        """)
        XCTAssertEqual(error?.path, "blocks[3].rows[2]")
        XCTAssertEqual(error?.message, "expected 4 cells, found 3")
        XCTAssertEqual(error?.description,
                       "doc.json: blocks[3].rows[2]: expected 4 cells, found 3 — fix the document JSON (see README, \"Document model (JSON)\")")
    }

    func testUnknownBlockTypeAndWrongTypesNameTheirPath() {
        let unknown = decodingError(head + #"{"type":"paragraph","text":"x"},{"type":"diagram"}]}"#)
        XCTAssertEqual(unknown?.path, "blocks[1].type")
        XCTAssertEqual(unknown?.message.hasPrefix("unknown block type \"diagram\""), true)

        let level = decodingError(head + #"{"type":"heading","level":7,"text":"x"}]}"#)
        XCTAssertEqual(level?.path, "blocks[0].level")
        XCTAssertEqual(level?.message, "heading level must be 1…4, found 7")

        let wrongType = decodingError(head + #"{"type":"list","items":[{"text":5}]}]}"#)
        XCTAssertEqual(wrongType?.path, "blocks[0].items[0].text")
        XCTAssertEqual(wrongType?.message, "expected a string")

        let link = decodingError(head + #"{"type":"paragraph","runs":[{"type":"link","text":"x"}]}]}"#)
        XCTAssertEqual(link?.path, "blocks[0].runs[0].url")

        let alt = decodingError(head + #"{"type":"figure","alt":"  ","drawing":{"width":1,"height":1,"items":[]}}]}"#)
        XCTAssertEqual(alt?.path, "blocks[0].alt")

        let date = decodingError(#"{"metadata":{"title":"T","date":"26.11.2026"},"blocks":[]}"#)
        XCTAssertEqual(date?.path, "metadata.date")
    }

    func testDataRecordsAndTheStandardDecodeAndBadOnesNameTheirPath() throws {
        let record = #"{"indicator":"arm_sgb2","area":"03","period":"2026-10","value":18.2,"status":"provisional","unit":"percent"}"#
        let document = try decode(#"{"metadata":{"title":"T"},"settings":{"pdfStandard":"a-2a"},"blocks":["#
            + #"{"type":"table","columns":["a"],"rows":[["1"]],"data":{"records":["# + record + "]}}]}")
        XCTAssertEqual(document.settings.pdfStandard, .a2a)
        guard case .table(let table) = document.blocks[0] else { return XCTFail("not a table") }
        XCTAssertEqual(table.data?.records.first?.value, 18.2)
        XCTAssertEqual(table.data?.records.first?.status, .provisional)
        XCTAssertEqual(try decode(#"{"metadata":{"title":"T"},"blocks":[]}"#).settings.pdfStandard, .a3a)

        let suppressed = decodingError(head + #"{"type":"figure","alt":"x","drawing":{"width":1,"height":1,"items":[]},"#
            + #""data":{"records":[{"indicator":"i","area":"a","period":"2026","value":3,"status":"suppressed"}]}}]}"#)
        XCTAssertEqual(suppressed?.path, "blocks[0].data.records[0].value")
        XCTAssertEqual(suppressed?.message.hasPrefix("a suppressed record must not carry a value"), true)

        let standard = decodingError(#"{"metadata":{"title":"T"},"settings":{"pdfStandard":"a-1b"},"blocks":[]}"#)
        XCTAssertEqual(standard?.path, "settings.pdfStandard")
        XCTAssertEqual(standard?.message.hasPrefix("unknown PDF standard \"a-1b\""), true)
    }

    func testSyntaxErrorReportsLineAndColumn() {
        let error = decodingError("{\n  \"metadata\": {,\n}")
        XCTAssertEqual(error?.path, "")
        XCTAssertEqual(error?.message, "not valid JSON")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 16)
        XCTAssertEqual(error?.description.hasPrefix("doc.json:2:16: not valid JSON — "), true)
    }

    func testColorParsingAndContrastFormula() {
        XCTAssertNil(Color(hex: "#12345"))
        XCTAssertEqual(Color(hex: "1f4e79")?.description, "#1f4e79")
        let black = Color(red: 0, green: 0, blue: 0)
        XCTAssertEqual(black.contrastRatio(against: .white), 21, accuracy: 1e-9)
        XCTAssertEqual(Color.white.contrastRatio(against: .white), 1, accuracy: 1e-9)
    }
}
