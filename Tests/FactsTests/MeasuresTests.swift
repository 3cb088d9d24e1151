import XCTest
import IndicatorStore
@testable import Facts

final class MeasuresTests: XCTestCase {
    func month(_ m: Int, _ y: Int = 2024) -> Period { Period.month(y, m)! }

    func series(_ values: [Double?], endingAt end: Period) -> [SeriesPoint] {
        values.enumerated().map { i, v in SeriesPoint(period: end.advanced(by: i - values.count + 1), value: v) }
    }

    func testTrendCountsTheLatestRun() {
        let s = series([10.5, 10.0, 10.2, 10.4, 10.6, 10.8, 11.4], endingAt: month(10))
        let t = TrendMeasure.of(series: s, at: month(10), window: 6, decimals: 1)
        XCTAssertEqual(t.direction, .rising)
        XCTAssertEqual(t.periodsInRow, 5)
        XCTAssertEqual(t.since, month(5))
        XCTAssertEqual(t.windowStart, month(4))
        XCTAssertEqual(try XCTUnwrap(t.windowChange), 0.9, accuracy: 1e-9)
        XCTAssertEqual(Phrases(.de).trend(t, granularity: .month), "ist 5\u{00A0}Monate in Folge gestiegen")
        XCTAssertEqual(Phrases(.en).trend(t, granularity: .month), "has risen for 5\u{00A0}months in a row")
    }

    func testTrendWindowLimitsTheRun() {
        let s = series([1, 2, 3, 4, 5, 6, 7, 8, 9], endingAt: month(10))
        let t = TrendMeasure.of(series: s, at: month(10), window: 3, decimals: 0)
        XCTAssertEqual(t.periodsInRow, 3)
        XCTAssertEqual(t.windowChange, 3)
    }

    func testTrendStableAndFallingAndRounding() {
        // 9.31 and 9.34 both show as 9,3: no change.
        let stable = TrendMeasure.of(series: series([9.0, 9.31, 9.34, 9.3], endingAt: month(10)), at: month(10), window: 6, decimals: 1)
        XCTAssertEqual(stable.direction, .stable)
        XCTAssertEqual(stable.periodsInRow, 2)
        XCTAssertEqual(Phrases(.de).trend(stable, granularity: .quarter), "ist 2\u{00A0}Quartale in Folge unverändert geblieben")
        XCTAssertEqual(Phrases(.en).trend(stable, granularity: .year), "has remained unchanged for 2\u{00A0}years in a row")
        let falling = TrendMeasure.of(series: series([5, 7, 6], endingAt: month(10)), at: month(10), window: 6, decimals: 0)
        XCTAssertEqual(falling.direction, .falling)
        XCTAssertEqual(falling.periodsInRow, 1)
        XCTAssertEqual(Phrases(.de).trend(falling, granularity: .month), "ist zuletzt gesunken")
        XCTAssertEqual(Phrases(.en).trend(falling, granularity: .quarter), "fell in the latest quarter")
    }

    func testTrendStopsAtSuppressedValuesAndGaps() {
        let suppressed = series([1, 2, nil, 4, 5], endingAt: month(10))
        let t = TrendMeasure.of(series: suppressed, at: month(10), window: 6, decimals: 0)
        XCTAssertEqual(t.periodsInRow, 1)
        XCTAssertEqual(t.windowStart, month(9))
        let gap = [SeriesPoint(period: month(10), value: 3), SeriesPoint(period: month(8), value: 2)]
        let u = TrendMeasure.of(series: gap, at: month(10), window: 6, decimals: 0)
        XCTAssertEqual(u.direction, .unknown)
        XCTAssertEqual(u.periodsInRow, 0)
        XCTAssertNil(u.windowChange)
        XCTAssertEqual(Phrases(.de).trend(u, granularity: .month), "lässt keinen Verlauf erkennen (es fehlen frühere Werte)")
        XCTAssertEqual(Phrases(.en).trend(u, granularity: .month), "shows no trend (earlier values are missing)")
    }

    func testRankRespectsPolarity() {
        let values: [String: Double?] = ["01": 11.4, "02": 5.4, "03": nil, "04": 9.7, "05": 9.7]
        let worse = RankMeasure.of(area: "04", among: values, polarity: .higherIsWorse, decimals: 1)
        XCTAssertEqual(worse, RankMeasure(position: 2, count: 4, isBest: false, isWorst: false, ties: 1))  // 05 shows the same 9,7
        XCTAssertEqual(RankMeasure.of(area: "05", among: values, polarity: .higherIsWorse, decimals: 1)?.position, 2)
        XCTAssertEqual(RankMeasure.of(area: "02", among: values, polarity: .higherIsWorse, decimals: 1),
                       RankMeasure(position: 1, count: 4, isBest: true, isWorst: false))
        XCTAssertEqual(RankMeasure.of(area: "02", among: values, polarity: .higherIsBetter, decimals: 1),
                       RankMeasure(position: 4, count: 4, isBest: false, isWorst: true))
        XCTAssertEqual(RankMeasure.of(area: "01", among: values, polarity: .higherIsBetter, decimals: 1)?.position, 1)
        XCTAssertEqual(RankMeasure.of(area: "01", among: values, polarity: .neutral, decimals: 1)?.position, 1)
        XCTAssertNil(RankMeasure.of(area: "03", among: values, polarity: .higherIsWorse, decimals: 1))
        XCTAssertNil(RankMeasure.of(area: "99", among: values, polarity: .higherIsWorse, decimals: 1))
        // Values that display alike share a rank.
        let close: [String: Double?] = ["a": 9.71, "b": 9.74, "c": 9.9]
        XCTAssertEqual(RankMeasure.of(area: "b", among: close, polarity: .higherIsWorse, decimals: 1)?.position, 1)
        XCTAssertEqual(RankMeasure.of(area: "a", among: close, polarity: .higherIsWorse, decimals: 1)?.position, 1)
    }
}
