import Charts
import Document
import Facts
import Foundation
import Layout
import PDFOutput
import Testing

/// The e2e fixture (Tests/e2e/fixtures/charts/*.json) is what Charts draws today: every chart type
/// in one document per language. `CIVICBRIEF_WRITE_CHART_FIXTURES=1` rewrites it (and writes an
/// untagged preview PDF next to /tmp/charts-*.pdf for looking at).
@Suite struct FixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("e2e/fixtures/charts")

    static func document(_ language: Language) throws -> Document {
        let de = language == .de
        var blocks: [Block] = [.heading(Heading(level: 1, text: de ? "Diagramme" : "Charts"))]
        let cases: [(String, ChartSpec, ChartData)] = [
            (de ? "Linie" : "Line", ChartSpec(kind: .line, caption: de ? "Arbeitslosenquote in vier Stadtteilen" : "Unemployment rate in four districts"), Sample.lineSeveral),
            (de ? "Balken" : "Bar", ChartSpec(kind: .bar, caption: de ? "Arbeitslosenquote nach Stadtteil" : "Unemployment rate by district", focus: "03"), Sample.cross),
            (de ? "Veränderung" : "Change", ChartSpec(kind: .change, caption: de ? "Arbeitslosenquote 2023 und 2024" : "Unemployment rate 2023 and 2024", focus: "03"), Sample.cross),
            (de ? "Kleine Vielfache" : "Small multiples", ChartSpec(kind: .smallMultiples, caption: "Moisling"), Sample.smallMultiples),
            (de ? "Karte" : "Map", ChartSpec(kind: .map, caption: de ? "Arbeitslosenquote nach Stadtteil" : "Unemployment rate by district", focus: "03"), Sample.cross),
            (de ? "Kachelkarte" : "Tile map", ChartSpec(kind: .map, caption: de ? "Ohne Geometrien" : "Without geometries", table: false, focus: "03"),
             ChartData(indicator: Sample.rate, series: Sample.cross.series)),
            (de ? "Monatsreihe der Stadt" : "Monthly city series", ChartSpec(kind: .line, table: true), Sample.monthly),
            (de ? "Viele lange Namen" : "Many long names", ChartSpec(kind: .bar, focus: "06"), Sample.manyLongNames),
            (de ? "Sozialindex" : "Social index", ChartSpec(kind: .map, caption: de ? "Status- und Dynamikklassen" : "Status and dynamics classes", focus: "03"),
             Sample.indexMap(geometries: true)),
            (de ? "Sozialindex als Kacheln" : "Social index as tiles", ChartSpec(kind: .map, table: false), Sample.indexMap(geometries: false)),
        ]
        for (title, spec, data) in cases {
            blocks.append(.heading(Heading(level: 2, text: title)))
            blocks += try Charts.figure(for: spec, data: data, language: language).blocks
        }
        return Document(metadata: Metadata(title: de ? "Diagramme" : "Charts", language: language.tag), blocks: blocks)
    }

    @Test(arguments: [Language.de, Language.en])
    func fixtureIsCurrent(_ language: Language) throws {
        let doc = try Self.document(language)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(doc)
        let file = Self.folder.appendingPathComponent("charts-\(language == .de ? "de" : "en").json")
        if ProcessInfo.processInfo.environment["CIVICBRIEF_WRITE_CHART_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try json.write(to: file)
            let laid = try Typesetter(fonts: try FontEnvironment(language: language.tag)).typeset(doc)
            let pdf = try PDFRenderer.render(laid, metadata: PDFMetadata(document: doc.metadata))
            try Data(pdf.bytes).write(to: URL(fileURLWithPath: "/tmp/charts-\(language == .de ? "de" : "en").pdf"))
        }
        let stored = try Data(contentsOf: file)
        #expect(try JSONDecoder().decode(Document.self, from: stored) == doc,
                "Tests/e2e/fixtures/charts is stale: rerun with CIVICBRIEF_WRITE_CHART_FIXTURES=1")
    }
}
