import Charts
import Document
import Facts
import Foundation
import Layout
import Testing

/// A template's chart reaches Charts as a `Chart` block of plain values; Layout has it drawn with
/// the document's fonts and text width.
@Suite struct ChartBlockTests {
    @Test func aLineChartOfAGivenHeightIsDrawnThatMuchLower() throws {
        let standard = try Charts.figure(for: ChartSpec(kind: .line), data: Sample.line, language: .de).figure.drawing
        let lower = try Charts.figure(for: ChartSpec(kind: .line, height: 180), data: Sample.line, language: .de).figure.drawing
        #expect(abs((standard.height - lower.height) - 30) < 0.001)
    }

    @Test func theBlockDrawsAsItsSpecAndDataInItsLanguage() throws {
        let chart = Chart(spec: ChartSpec(kind: .bar, table: true, focus: "03"), data: Sample.cross, language: "en-GB")
        let fromBlock = try Charts.figure(for: chart, measurer: .test, width: 400)
        let direct = try Charts.figure(for: chart.spec, data: chart.data, language: .en, measurer: .test, width: 400)
        #expect(fromBlock.figure == direct.figure)
        #expect(fromBlock.figure.drawing.width == 400)
        #expect(fromBlock.table?.caption == "Data for: Arbeitslosenquote, Oktober 2024, by area")
    }

    @Test func whatCannotBeDrawnIsRefusedWithTheProblemCheckSees() {
        let empty = ChartData(indicator: Sample.rate, series: [])
        for kind in ChartKind.allCases {
            let chart = Chart(spec: ChartSpec(kind: kind), data: empty, language: "de-DE")
            let problem = chart.problem
            #expect(problem != nil, "\(kind)")
            #expect(throws: ChartError(problem ?? "")) { try Charts.figure(for: chart, measurer: .test, width: 400) }
        }
    }
}
