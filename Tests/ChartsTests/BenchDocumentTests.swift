import Charts
import Document
import Facts
import Foundation
import Testing

/// The documents scripts/bench.py times in `make bench` — six charts on one page, and a choropleth of
/// 500 detailed areas — written to $CIVICBRIEF_CHART_BENCH_DIR when it is set (the benchmark runs this
/// test to get them), else to a temporary folder, and checked either way: they read back as documents
/// holding the charts they are meant to time. Nothing here is timed.
@Suite struct BenchDocumentTests {
    @Test func writeBenchDocuments() throws {  // the name scripts/bench.py runs
        let given = ProcessInfo.processInfo.environment["CIVICBRIEF_CHART_BENCH_DIR"]
        let dir = given.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("chart-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if given == nil { try? FileManager.default.removeItem(at: dir) } }
        func write(_ name: String, _ blocks: [Block]) throws {
            let doc = Document(metadata: Metadata(title: "Bench", language: "de-DE"), blocks: blocks)
            try JSONEncoder().encode(doc).write(to: dir.appendingPathComponent(name))
        }
        func read(_ name: String) throws -> Document {
            try Document.decode(json: try Data(contentsOf: dir.appendingPathComponent(name)), file: name)
        }
        func figures(_ document: Document) -> [Figure] {
            document.blocks.compactMap { if case .figure(let f) = $0 { f } else { nil } }
        }
        try write("baseline.json", [.heading(Heading(level: 1, text: "Leer"))])
        var six: [Block] = [.heading(Heading(level: 1, text: "Sechs Diagramme"))]
        let specs: [(ChartSpec, ChartData)] = [
            (ChartSpec(kind: .line), Sample.line), (ChartSpec(kind: .bar, focus: "03"), Sample.cross),
            (ChartSpec(kind: .change), Sample.cross), (ChartSpec(kind: .map, table: false), Sample.cross),
            (ChartSpec(kind: .smallMultiples), Sample.smallMultiples),
            (ChartSpec(kind: .map, table: false), ChartData(indicator: Sample.rate, series: Sample.cross.series)),
        ]
        for (spec, data) in specs { six += try Charts.figure(for: spec, data: data, language: .de).blocks }
        try write("six-charts.json", six)
        let map = try Charts.figure(for: ChartSpec(kind: .map, table: false), data: Sample.manyAreas(500, vertices: 80), language: .de)
        try write("choropleth-500.json", [.heading(Heading(level: 1, text: "Karte")), .figure(map.figure)])

        #expect(try read("baseline.json").blocks.count == 1)
        let charts = figures(try read("six-charts.json"))
        #expect(charts.count == 6)
        #expect(charts.allSatisfy { !$0.drawing.items.isEmpty && !$0.alt.isEmpty })
        let choropleth = try #require(figures(try read("choropleth-500.json")).first)
        let rings = choropleth.drawing.items.compactMap { if case let .polygon(rings, _?, _, _) = $0 { rings.count } else { nil } }
        #expect(rings.reduce(0, +) == 500)
    }

    @Test func fiveHundredAreasGetAllDrawnWithoutLabels() throws {
        let map = try Charts.figure(for: ChartSpec(kind: .map), data: Sample.manyAreas(500, vertices: 80), language: .de)
        let rings = map.figure.drawing.items.compactMap { if case let .polygon(rings, _?, _, _) = $0 { rings.count } else { nil } }
        #expect(rings.reduce(0, +) == 500)
        #expect(map.table?.rows.count == 500)
    }
}
