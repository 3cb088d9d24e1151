import Document
import Foundation
import XCTest

/// A chart in the document model is plain data: it round-trips through JSON, and what makes it
/// impossible to draw is known without fonts.
final class ChartModelTests: XCTestCase {
    private func value(_ period: String, _ v: Double?, _ status: ChartStatus = .final) -> ChartValue {
        ChartValue(period: period, value: v, status: status)
    }
    private var rate: ChartIndicator { ChartIndicator(name: "SGB-II-Quote", unit: "percent", decimals: 1) }

    func testAChartBlockRoundTripsThroughJSON() throws {
        let data = ChartData(indicator: rate, series: [
            ChartSeries(code: "03", name: "Moisling", values: [value("Sept. 2026", 21.4), value("Okt. 2026", nil, .suppressed)]),
            ChartSeries(code: "00", name: "Lübeck", isCity: true, values: [value("Sept. 2026", 12.1), value("Okt. 2026", 12.0)]),
        ])
        let block = Block.chart(Chart(spec: ChartSpec(kind: .line, caption: "Verlauf", height: 180), data: data, language: "de-DE"))
        let json = try JSONEncoder().encode(block)
        XCTAssertEqual(try JSONDecoder().decode(Block.self, from: json), block)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains(#""type":"chart""#))
    }

    func testProblemsAreTheDataChecksOfEachKind() {
        func problem(_ kind: ChartKind, _ series: [ChartSeries], height: Double? = nil, alt: String? = nil) -> String? {
            Chart(spec: ChartSpec(kind: kind, alt: alt, height: height), data: ChartData(indicator: rate, series: series),
                  language: "de-DE").problem
        }
        let one = [ChartSeries(code: "03", name: "Moisling", values: [value("Okt. 2026", 21.4)])]
        let two = [ChartSeries(code: "03", name: "Moisling", values: [value("Sept. 2026", 21.4), value("Okt. 2026", 21.6)])]
        let hidden = [ChartSeries(code: "03", name: "Moisling", values: [value("Sept. 2026", nil, .suppressed), value("Okt. 2026", nil, .suppressed)])]
        XCTAssertEqual(problem(.line, one), "a line chart needs at least two periods of data")
        XCTAssertEqual(problem(.line, hidden), "a line chart needs at least one value that may be shown")
        XCTAssertNil(problem(.line, two))
        XCTAssertEqual(problem(.line, two, height: 90), "a line chart's height must be between 120 and 400 points, got 90.0")
        XCTAssertEqual(problem(.bar, two, alt: " "), ChartProblem.emptyAlt.rawValue)
        XCTAssertNil(problem(.bar, one))
        XCTAssertEqual(problem(.bar, hidden), "a bar chart needs at least one area with a value that may be shown")
        XCTAssertEqual(problem(.change, one), "a change chart needs values for two periods")
        XCTAssertEqual(problem(.change, hidden), "a change chart needs values that may be shown")
        XCTAssertEqual(problem(.map, hidden), "a map needs at least one area with a value that may be shown")
        XCTAssertEqual(problem(.smallMultiples, two), "small multiples need panels with at least two periods each")
    }

    func testAHandWrittenChartNeedsOnlyWhatATemplateWouldSet() throws {
        let json = #"""
        {"type": "chart", "language": "de-DE", "spec": {"kind": "bar"},
         "data": {"indicator": {"name": "SGB-II-Quote", "unit": "percent", "decimals": 1},
                  "series": [{"code": "03", "name": "Moisling", "values": [{"period": "Oktober 2026", "value": 21.6}]},
                             {"code": "08", "name": "Schlutup", "values": [{"period": "Oktober 2026", "value": null}]}]}}
        """#
        guard case .chart(let chart) = try JSONDecoder().decode(Block.self, from: Data(json.utf8)) else { return XCTFail("not a chart") }
        XCTAssertEqual(chart.spec.classes, 4)
        XCTAssertEqual(chart.data.series[0].values[0].shortPeriod, "Oktober 2026")
        XCTAssertEqual(chart.data.series[1].values[0].status, .missing, "no value is a missing value")
        XCTAssertFalse(chart.data.series[0].isCity)
        XCTAssertNil(chart.problem)
        var french = chart
        french.language = "fr"
        XCTAssertEqual(french.problem, "the chart's language \"fr\" is neither German (de-DE) nor English (en-GB)")
        var tall = chart
        tall.spec.height = 200
        XCTAssertEqual(tall.problem, "`height:` applies to line charts only — the other kinds size themselves to their data")
    }

    /// The checks are made on the data as drawn: leading periods without any value are left out, so
    /// a change chart from September (August is empty) to an October without value can be drawn.
    func testLeadingEmptyPeriodsDoNotCount() {
        let series = [ChartSeries(code: "03", name: "Moisling", values: [value("Aug.", nil, .missing), value("Sept.", 21.0), value("Okt.", nil, .missing)])]
        XCTAssertNil(Chart(spec: ChartSpec(kind: .change), data: ChartData(indicator: rate, series: series), language: "de-DE").problem)
    }

    func testUnknownKindsAndStatusesNameTheKnownOnes() {
        func message(_ json: String) -> String {
            do { _ = try JSONDecoder().decode(Block.self, from: Data(json.utf8)); return "decoded" } catch let DecodingError.dataCorrupted(c) {
                return c.debugDescription
            } catch { return "\(error)" }
        }
        let head = #"{"type": "chart", "language": "de", "spec": {"kind": "#
        let data = #""data": {"indicator": {"name": "Q", "unit": "percent", "decimals": 1}, "series": [{"code": "1", "name": "A", "values": [{"period": "2026", "value": 1, "status": "#
        XCTAssertEqual(message(head + #""pie"}, "# + data + #""final"}]}]}}"#),
                       "unknown chart kind \"pie\" (known: line, bar, change, small-multiples, map)")
        XCTAssertEqual(message(head + #""bar"}, "# + data + #""estimated"}]}]}}"#),
                       "unknown status \"estimated\" (known: final, provisional, suppressed, missing)")
    }
}
