import Charts
import Document
import Facts
import Foundation
import Testing

/// Writes the documents scripts/bench.py times (only when CIVICBRIEF_CHART_BENCH_DIR is set):
/// six charts on one page, and a choropleth of 500 detailed areas. No timing here.
@Suite struct BenchDocumentTests {
    @Test func writeBenchDocuments() throws {
        guard let dir = ProcessInfo.processInfo.environment["CIVICBRIEF_CHART_BENCH_DIR"] else { return }
        func write(_ name: String, _ blocks: [Block]) throws {
            let doc = Document(metadata: Metadata(title: "Bench", language: "de-DE"), blocks: blocks)
            try JSONEncoder().encode(doc).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
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
    }

    @Test func fiveHundredAreasGetAllDrawnWithoutLabels() throws {
        let map = try Charts.figure(for: ChartSpec(kind: .map), data: Sample.manyAreas(500, vertices: 80), language: .de)
        let rings = map.figure.drawing.items.compactMap { if case let .polygon(rings, _?, _, _) = $0 { rings.count } else { nil } }
        #expect(rings.reduce(0, +) == 500)
        #expect(map.table?.rows.count == 500)
    }
}
