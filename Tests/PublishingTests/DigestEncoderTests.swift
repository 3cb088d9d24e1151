import Document
import Foundation
@testable import Publishing
import Testing

/// The document digest decides whether a publish run may skip a document: equal documents must give
/// equal digests in every process, and any difference a different one.
struct DigestEncoderTests {
    struct Node: Encodable { var items: [[Int]]; var name: String?; var value: Double }

    let document = Document(metadata: Metadata(title: "Sozialbericht", language: "de-DE", date: "2026-11-26"), blocks: [
        .heading(Heading(level: 1, text: "Sozialbericht")),
        .paragraph(Paragraph("Die Quote liegt bei 9,3 %.")),
        .table(Table(caption: "Werte", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)],
                     rowHeaders: true, rows: [["Moisling", "12,5"], ["Buntekuh", "9,8"]])),
    ])

    @Test func equalValuesGiveEqualDigestsAndEveryChangeADifferentOne() throws {
        let digest = try DigestEncoder.sha256Hex(document)
        #expect(digest.count == 64)
        #expect(try DigestEncoder.sha256Hex(document) == digest)
        var changed = document
        changed.blocks[2] = .table(Table(caption: "Werte", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)],
                                         rowHeaders: true, rows: [["Moisling", "12,6"], ["Buntekuh", "9,8"]]))
        #expect(try DigestEncoder.sha256Hex(changed) != digest)
        #expect(try DigestEncoder.sha256Hex(document, appending: Array("renderer 2".utf8)) != digest)
    }

    @Test func nestingAndOptionalsAreNotAmbiguous() throws {
        let a = Node(items: [[1], [2]], name: nil, value: 0)
        let b = Node(items: [[1, 2]], name: nil, value: 0)
        let c = Node(items: [[1], [2]], name: "", value: 0)
        let d = Node(items: [[1], [2]], name: nil, value: -0.0)
        let digests = try [a, b, c, d].map { try DigestEncoder.sha256Hex($0) }
        #expect(Set(digests).count == 4)
    }

    /// A map chart's geometries (a dictionary in the model) are written in code order, so a
    /// document with a map digests directly, whatever order the dictionary iterates in.
    @Test func aChartsGeometriesDigestInCodeOrder() throws {
        func chart(_ order: [String]) -> Document {
            var geometries: [String: String] = [:]
            for code in order { geometries[code] = "{\"type\":\"Polygon\",\"coordinates\":[[[\(code),0],[1,1],[0,1]]]}" }
            let data = ChartData(indicator: ChartIndicator(name: "SGB-II-Quote", unit: "percent", decimals: 1),
                                 series: [ChartSeries(code: "03", name: "Moisling", values: [ChartValue(period: "Okt. 2026", value: 21.6)])],
                                 geometries: geometries)
            return Document(metadata: Metadata(title: "Karte"), blocks: [.chart(Chart(spec: ChartSpec(kind: .map), data: data, language: "de-DE"))])
        }
        let one = try DigestEncoder.sha256Hex(chart(["01", "02", "03", "04", "05"]))
        #expect(try DigestEncoder.sha256Hex(chart(["05", "03", "01", "04", "02"])) == one)
        #expect(try DigestEncoder.sha256Hex(chart(["01", "02", "03", "04"])) != one)
    }

    @Test func dictionariesAreRefusedBecauseTheirOrderChangesBetweenProcesses() {
        #expect(throws: DigestEncoder.UnorderedValue.self) { try DigestEncoder.sha256Hex(["a": 1, "b": 2]) }
    }
}
