import Document
@testable import Narrative
import XCTest

final class MarkdownConverterTests: XCTestCase {
    func convert(_ markdown: String) -> (blocks: [Block], problems: [String], fenced: [FencedBlock]) {
        var problems: [String] = []
        var fenced: [FencedBlock] = []
        let converter = MarkdownConverter(fencedBlock: { fenced.append($0); return [.pageBreak] },
                                          problem: { line, column, message in problems.append("\(line):\(column): \(message)") })
        return (converter.convert(markdown), problems, fenced)
    }

    func testBlocksInlinesFootnotesAndCaptions() {
        let md = """
            # Titel

            Text mit **fett**, *kursiv* und [Link](https://luebeck.de).[^a]

            - eins
              - zwei

            Tabelle: Werte nach Stadtteil

            | Gebiet | Wert |
            |:--|--:|
            | Moisling | 18,2 % |

            ***

            [^a]: Quelle: Statistik.
            """
        let (blocks, problems, _) = convert(md)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(blocks, [
            .heading(Heading(level: 1, text: "Titel")),
            .paragraph(Paragraph(runs: [.text("Text mit "), .bold("fett"), .text(", "), .italic("kursiv"), .text(" und "),
                                        .link("Link", destination: .url("https://luebeck.de")), .text("."),
                                        .footnote("Quelle: Statistik.")])),
            .list(List(items: [ListItem("eins", sublist: List(items: [ListItem("zwei")]))])),
            .table(Table(caption: "Werte nach Stadtteil", columns: [TableColumn("Gebiet"), TableColumn("Wert", align: .decimal)],
                         rows: [["Moisling", "18,2 %"]])),
            .pageBreak,
        ])
    }

    func testFencedBlockCarriesItsTemplatePosition() {
        let (_, problems, fenced) = convert("Absatz\n\n```kpi @partials/x.md:7\ntiles: [a]\n```\n")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(fenced.count, 1)
        XCTAssertEqual(fenced.first?.kind, "kpi")
        XCTAssertEqual(fenced.first?.file, "partials/x.md")
        XCTAssertEqual(fenced.first?.fenceLine, 7)
        XCTAssertEqual(fenced.first?.yaml, "tiles: [a]\n")
    }

    func testUnsupportedConstructsAreProblemsWithPositions() {
        let (_, problems, _) = convert("Text\n\n<div>x</div>\n\n```python\nprint(1)\n```\n\n![Bild](a.png)\n")
        XCTAssertEqual(problems, [
            "3:1: raw HTML is not allowed in templates — write Markdown instead",
            "5:1: unknown block type \"python\" — use kpi, table, chart, map or toc",
            "9:1: images are not supported — use a ```chart block with alternative text",
        ])
    }
}
