import Charts
import Document
import Facts
import Foundation
import Testing

/// The chart-scale policy (README "Chart scales") on constructed series: one rule per question.
@Suite struct ScalePolicyTests {
    static let share = ChartIndicator(name: "Anteil", unit: .percent, decimals: 1)
    static let rate = ChartIndicator(name: "Rate", unit: .perThousand, decimals: 1)

    @Test func barsStartAtZero() {
        #expect(ScalePolicy.bars(low: 38.5, high: 40.5).ticks.first == 0)
        #expect(ScalePolicy.bars(low: -3, high: 2).ticks.first! <= -3 && ScalePolicy.bars(low: -3, high: 2).ticks.contains(0))
    }

    @Test func linesStartAtZeroWhenTheDataSpanAThirdOfTheirLevel() {
        // Moisling 18,2 % against the city's 9,0 %: the lowest value is half the highest.
        let wide = ScalePolicy.lines(low: 9.0, high: 18.2, indicator: Self.share)
        #expect(wide.zeroBased && wide.low == 0 && wide.high > 18.2)
        // Kücknitz 12,7 % against 9,0 %: cut to the data, padded, never onto a data value.
        let narrow = ScalePolicy.lines(low: 9.0, high: 12.7, indicator: Self.share)
        #expect(!narrow.zeroBased)
        #expect(narrow.low < 9.0 - 0.08 * (12.7 - 9.0) && narrow.high > 12.7)
    }

    @Test func noiseIsNotMagnified() {
        // 38,5–40,5 % of long-term unemployment: at least eight notable changes (8 × 0,5 points) tall.
        let axis = ScalePolicy.lines(low: 38.5, high: 40.5, indicator: Self.share)
        #expect(axis.span >= 4, "\(axis.ticks)")
        #expect(!axis.zeroBased)
        // Rates: eight times 5 % of their level.
        let rates = ScalePolicy.lines(low: 39.3, high: 39.5, indicator: Self.rate)
        #expect(rates.span >= 8 * 0.05 * 39.5, "\(rates.ticks)")
        // A yearly share: eight times 1,0 point.
        let yearly = ChartIndicator(name: "x", unit: .percent, decimals: 1, yearly: true)
        #expect(ScalePolicy.lines(low: 54.0, high: 54.6, indicator: yearly).span >= 8)
    }

    @Test func noPointLiesOnTheAxisOrAboveTheTopTick() {
        for (lo, hi) in [(9.0, 12.7), (38.5, 40.5), (7.3, 7.8), (44.0, 47.8), (0.4, 0.9), (95.2, 96.0)] {
            let axis = ScalePolicy.lines(low: lo, high: hi, indicator: Self.share)
            if axis.zeroBased { #expect(axis.low == 0 && lo > 0) } else { #expect(axis.low < lo) }
            #expect(axis.high > hi, "\(lo)…\(hi): \(axis.ticks)")
            #expect(lo >= 0 ? axis.low >= 0 : true, "a share below zero: \(axis.ticks)")
        }
    }

    @Test func smallMultiplesShareAScaleOnlyWhenComparable() {
        // SGB II 9 %, unemployment 7,4 %, children 20,9 %: a shared 0–30 % scale flattened them all.
        let panels = [(8.9, 9.3), (7.2, 7.8), (20.6, 21.1)].map { ScalePolicy.lines(low: $0.0, high: $0.1, indicator: Self.share) }
        #expect(ScalePolicy.shared(panels, low: 7.2, high: 21.1, indicator: Self.share, target: 4) == nil)
        // Three districts' shares close to each other share one.
        let close = [(8.9, 9.3), (9.2, 9.9), (8.5, 9.0)].map { ScalePolicy.lines(low: $0.0, high: $0.1, indicator: Self.share) }
        #expect(ScalePolicy.shared(close, low: 8.5, high: 9.9, indicator: Self.share, target: 4) != nil)
    }

    @Test func theWindowStartsWhereTheDataStart() throws {
        // Nine quarters asked of a series that begins in the sixth.
        let quarters = (1...9).map { "Q\($0)" }
        let values: [Double?] = [nil, nil, nil, nil, 2.0, 2.1, 2.3, 2.2, 2.4]
        let data = ChartData(indicator: Self.share, series: [
            ChartSeries(code: "01", name: "Nord", values: zip(quarters, values).map { ChartValue(period: $0, value: $1, status: $1 == nil ? .missing : .final) }),
        ])
        let drawing = try Charts.figure(for: ChartSpec(kind: .line), data: data, language: .de).figure.drawing
        let labels = drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(labels.contains("Q5") && !labels.contains("Q1") && !labels.contains("Q4"), "\(labels)")
    }

    @Test func aCutAxisIsMarkedAndSaid() throws {
        let data = ChartData(indicator: Self.share, series: [
            ChartSeries(code: "09", name: "Kücknitz", values: [12.9, 13.1, 12.7].enumerated().map { ChartValue(period: "M\($0)", value: $1) }),
            ChartSeries(code: "00", name: "Lübeck", isCity: true, values: [9.1, 9.0, 9.0].enumerated().map { ChartValue(period: "M\($0)", value: $1) }),
        ])
        let drawing = try Charts.figure(for: ChartSpec(kind: .line), data: data, language: .de).figure.drawing
        let labels = drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(labels.contains { $0.hasPrefix("Die Achse beginnt bei ") && $0.hasSuffix(", nicht bei null.") }, "\(labels)")
        // The unit once, over the axis; tick labels are numbers.
        #expect(labels.contains("%") && !labels.contains { $0.hasSuffix("\u{a0}%") && Double($0.dropLast(2).replacingOccurrences(of: ",", with: ".")) != nil && !$0.contains(" ") })
    }

    @Test func aMissingLastValueIsLabelledHonestly() throws {
        let values: [ChartValue] = [ChartValue(period: "August 2026", shortPeriod: "Aug. 2026", value: 9.0),
                                    ChartValue(period: "September 2026", shortPeriod: "Sept. 2026", value: 9.1),
                                    ChartValue(period: "Oktober 2026", shortPeriod: "Okt. 2026", value: nil, status: .suppressed)]
        let data = ChartData(indicator: Self.share, series: [ChartSeries(code: "08", name: "Schlutup", values: values)])
        let drawing = try Charts.figure(for: ChartSpec(kind: .line), data: data, language: .de).figure.drawing
        let labels = drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(labels.contains("Schlutup 9,1\u{a0}% (Sept. 2026)"), "\(labels)")
        #expect(labels.contains("Schlutup, Oktober 2026: aus Datenschutzgründen gesperrt"), "\(labels)")
    }
}
