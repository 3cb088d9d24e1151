import Document
import Facts
import Foundation

/// Each area's value at two periods (dumbbell): hollow circle = earlier, filled square = later,
/// joined by a line; sorted by the later value; the legend names both periods with their symbols.
struct ChangeChart {
    let data: ChartData
    let focus: String?
    let words: Words
    let measurer: TextMeasurer
    var width: Double
    static let size = 8.5

    func draw() throws(ChartError) -> (Drawing, String) {
        let rows = data.areas.filter { ($0.values.first?.shown ?? $0.values.last?.shown) != nil }
            .sorted { ($0.values.last?.shown ?? -.infinity) > ($1.values.last?.shown ?? -.infinity) }
        guard let first = data.series.first?.values.first, let last = data.series.first?.values.last, data.series[0].values.count >= 2 else {
            throw ChartError(ChartProblem.changeNeedsTwoPeriods.rawValue)
        }
        let all = rows.flatMap { [$0.values.first?.shown, $0.values.last?.shown].compactMap { $0 } }
        guard let lo = all.min(), let hi = all.max() else { throw ChartError(ChartProblem.changeNeedsValues.rawValue) }
        let size = Self.size
        var canvas = Canvas(measurer: measurer)
        let ticks = ScalePolicy.lines(low: lo, high: hi, indicator: data.indicator, target: 5).ticks
        let decimals = Ticks.decimals(ticks)
        let nameRoom = min(width * 0.34, rows.map { measurer.width($0.name, size: size, bold: true) }.max() ?? 0)
        let names = rows.map { measurer.wrap($0.name, size: size, bold: $0.code == focus, width: nameRoom) }
        let lineHeight = measurer.measure("Äg", size: size).height
        // Both values in two right-aligned columns headed by their periods.
        let earlyTexts = rows.map { $0.values.first.map(words.cell) ?? StatusSymbols.missing }
        let lateTexts = rows.map { $0.values.last.map(words.cell) ?? StatusSymbols.missing }
        let earlyWidth = ((earlyTexts + [first.shortPeriod]).map { measurer.width($0, size: size, bold: true) }.max() ?? 0)
        let lateWidth = ((lateTexts + [last.shortPeriod]).map { measurer.width($0, size: size, bold: true) }.max() ?? 0)
        let valueRoom = earlyWidth + lateWidth + 40
        let left = nameRoom + 10, right = width - valueRoom
        let t0 = ticks.first ?? 0, t1 = ticks.last ?? 1
        func px(_ v: Double) -> Double { left + (right - left) * (v - t0) / max(1e-12, t1 - t0) }
        // Legend on top: symbol + period, in reading order.
        let earlyColor = Palette.axis, lateColor = Palette.series[3]
        canvas.marker(0, x: left + 4, y: 8, color: earlyColor, hollow: true)
        canvas.text(first.period, x: left + 11, centre: 8, size: size)
        let lx = left + 11 + measurer.width(first.period, size: size) + 16
        canvas.marker(1, x: lx, y: 8, color: lateColor, hollow: false)
        canvas.text(last.period, x: lx + 7, centre: 8, size: size)
        let axisTop = 30.0
        canvas.text(first.shortPeriod, x: right + 26 + earlyWidth, y: axisTop - 4, size: size, anchor: .end, color: Palette.mutedText)
        canvas.text(last.shortPeriod, x: width, y: axisTop - 4, size: size, anchor: .end, color: Palette.mutedText)
        for t in ticks {
            // The unit once per axis: with the last tick.
            let label = t == ticks.last ? words.format.quantity(t, unit: words.indicator.valueUnit, decimals: decimals) : words.tick(t, decimals: decimals)
            canvas.text(label, x: px(t), y: axisTop - 4, size: size,
                        anchor: t == ticks.last && px(t) + 20 > width ? .end : .middle, color: Palette.mutedText)
        }
        var y = axisTop + 3
        var rowTops: [(Double, Double)] = []
        for lines in names {
            let h = max(15, Double(lines.count) * lineHeight + 3)
            rowTops.append((y, h)); y += h
        }
        for t in ticks { canvas.line(px(t), axisTop, px(t), y, Palette.grid, 0.5) }
        for (k, s) in rows.enumerated() {
            let (top, h) = rowTops[k]
            let centre = top + h / 2
            let isFocus = s.code == focus
            var lineY = centre - Double(names[k].count) * lineHeight / 2 + lineHeight / 2
            for line in names[k] {
                canvas.text(line, x: nameRoom, centre: lineY, size: size, anchor: .end, bold: isFocus)
                lineY += lineHeight
            }
            let a = s.values.first?.shown, b = s.values.last?.shown
            if let a, let b { canvas.line(px(a), centre, px(b), centre, Palette.axis, isFocus ? 2 : 1) }
            if let a { canvas.marker(0, x: px(a), y: centre, color: earlyColor, hollow: true) }
            if let b { canvas.marker(1, x: px(b), y: centre, color: lateColor, hollow: s.values.last?.status == .provisional) }
            canvas.text(earlyTexts[k], x: right + 26 + earlyWidth, centre: centre, size: size, anchor: .end, bold: isFocus)
            canvas.text(lateTexts[k], x: width, centre: centre, size: size, anchor: .end, bold: isFocus)
        }
        return (Drawing(width: width, height: y + 6, items: canvas.items), alt(rows, first.period, last.period))
    }

    /// „Veränderungsdiagramm – …, Oktober 2023 und Oktober 2024, 10 Gebiete: Der Wert stieg in 6 Gebieten
    /// und sank in 4; am stärksten stieg er in Moisling, von 11,2 % auf 12,5 %.“
    func alt(_ rows: [ChartSeries], _ p0: String, _ p1: String) -> String {
        let de = words.de
        var up: [(ChartSeries, Double, Double)] = [], down: [(ChartSeries, Double, Double)] = []
        var level = 0
        for s in rows {
            guard let a = s.values.first?.shown, let b = s.values.last?.shown else { continue }
            if words.same(a, b) { level += 1 } else if b > a { up.append((s, a, b)) } else { down.append((s, a, b)) }
        }
        var text = de ? "Veränderungsdiagramm – \(data.indicator.name), \(p0) und \(p1), \(rows.count) Gebiete: "
                      : "Change chart – \(data.indicator.name), \(p0) and \(p1), \(rows.count) areas: "
        text += de ? "In \(up.count) von \(rows.count) Gebieten stieg der Wert, in \(down.count) sank er"
                   : "The value rose in \(up.count) of \(rows.count) areas and fell in \(down.count)"
        if level > 0 { text += de ? ", in \(level) blieb er gleich" : ", staying level in \(level)" }
        if let most = up.max(by: { $0.2 - $0.1 < $1.2 - $1.1 }) {
            text += de ? "; am stärksten stieg er in \(most.0.name), von \(words.value(most.1)) auf \(words.value(most.2))"
                       : "; the largest rise was in \(most.0.name), from \(words.value(most.1)) to \(words.value(most.2))"
        } else if let most = down.min(by: { $0.2 - $0.1 < $1.2 - $1.1 }) {
            text += de ? "; am stärksten sank er in \(most.0.name), von \(words.value(most.1)) auf \(words.value(most.2))"
                       : "; the largest fall was in \(most.0.name), from \(words.value(most.1)) to \(words.value(most.2))"
        }
        return text + "."
    }
}
