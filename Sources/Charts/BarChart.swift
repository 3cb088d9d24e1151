import Document
import Foundation

/// One indicator across areas for the latest period: horizontal bars sorted high to low, the city
/// as a dashed reference line, the focus area darker and named in bold, every bar labelled with its value.
struct BarChart {
    let data: ChartData
    let focus: String?
    let words: Words
    let measurer: TextMeasurer
    var width: Double
    static let size = 8.5

    struct Row { var series: ChartSeries; var value: ChartValue }

    /// Rows sorted by value (suppressed and missing last, then by name), city excluded.
    var rows: [Row] {
        data.areas.compactMap { s in s.latest.map { Row(series: s, value: $0) } }.sorted {
            switch ($0.value.shown, $1.value.shown) {
            case let (a?, b?): return a != b ? a > b : $0.series.name < $1.series.name
            case (_?, nil): return true
            case (nil, _?): return false
            default: return $0.series.name < $1.series.name
            }
        }
    }

    func draw() throws(ChartError) -> (Drawing, String) {
        let rows = self.rows
        let values = rows.compactMap(\.value.shown) + (data.city?.latest?.shown.map { [$0] } ?? [])
        guard !rows.isEmpty, let hi = values.max(), let lo = values.min() else {
            throw ChartError(ChartProblem.barNeedsAValue.rawValue)
        }
        let size = Self.size
        var canvas = Canvas(measurer: measurer)
        let ticks = ScalePolicy.bars(low: lo, high: hi).ticks
        let decimals = Ticks.decimals(ticks)
        let valueTexts = rows.map { words.cell($0.value) }
        let valueRoom = (valueTexts.map { measurer.width($0, size: size, bold: true) }.max() ?? 0) + 6
        // Names wrap when longer than 38 % of the width, so long names never collide with bars.
        let nameRoom = min(width * 0.38, rows.map { measurer.width($0.series.name, size: size, bold: true) }.max() ?? 0)
        let names = rows.map { measurer.wrap($0.series.name, size: size, bold: $0.series.code == focus, width: nameRoom) }
        let lineHeight = measurer.measure("Äg", size: size).height
        let left = nameRoom + 8, right = width - valueRoom
        let t0 = ticks.first ?? 0, t1 = ticks.last ?? 1
        func px(_ v: Double) -> Double { left + (right - left) * (v - t0) / max(1e-12, t1 - t0) }
        let axisTop = 14.0
        var y = axisTop + 4
        var rowTops: [(Double, Double)] = []
        for lines in names {
            let h = max(15, Double(lines.count) * lineHeight + 3)
            rowTops.append((y, h))
            y += h
        }
        let plotBottom = y
        // Tick labels above the plot, grid lines through it.
        for t in ticks {
            canvas.line(px(t), axisTop, px(t), plotBottom, Palette.grid, 0.5)
            // The unit once per axis: with the last tick.
            let label = t == ticks.last ? words.format.quantity(t, unit: words.indicator.valueUnit, decimals: decimals) : words.tick(t, decimals: decimals)
            canvas.text(label, x: px(t), y: axisTop - 4, size: size,
                        anchor: t == ticks.last && px(t) + 20 > width ? .end : .middle, color: Palette.mutedText)
        }
        // The city line first, so bars and value labels sit on top of it.
        var bottom = plotBottom
        if let city = data.city, let c = city.latest?.shown {
            canvas.dashed([(px(c), axisTop), (px(c), plotBottom + 4)], Palette.city, width: 1.2)
            let label = (words.de ? "\(city.name): " : "\(city.name): ") + words.value(c)
            let w = measurer.width(label, size: size, bold: true)
            let anchor: TextAnchor = px(c) + w / 2 > width ? .end : px(c) - w / 2 < 0 ? .start : .middle
            canvas.text(label, x: px(c), y: plotBottom + 14, size: size, anchor: anchor, bold: true)
            bottom += 16
        }
        for (k, row) in rows.enumerated() {
            drawRow(row, name: names[k], valueText: valueTexts[k], top: rowTops[k].0, height: rowTops[k].1,
                    into: &canvas, nameRoom: nameRoom, lineHeight: lineHeight, px: px)
        }
        canvas.line(px(0), axisTop, px(0), plotBottom, Palette.axis, 0.8)
        if rows.contains(where: { $0.value.status == .provisional || $0.value.status == .suppressed }) {
            canvas.text(words.de ? "p: vorläufig (schraffierter Balken) · x: gesperrt" : "p: provisional (hatched bar) · x: suppressed",
                        x: 0, y: bottom + 13, size: 8, color: Palette.mutedText)
            bottom += 15
        }
        return (Drawing(width: width, height: bottom + 4, items: canvas.items), alt(rows))
    }

    /// One area's row: its name (wrapped, right-aligned), its bar (hatched when provisional) and its value.
    private func drawRow(_ row: Row, name: [String], valueText: String, top: Double, height h: Double, into canvas: inout Canvas,
                         nameRoom: Double, lineHeight: Double, px: (Double) -> Double) {
        let size = Self.size
        let isFocus = row.series.code == focus
        let centre = top + h / 2
        var lineY = centre - Double(name.count) * lineHeight / 2 + lineHeight / 2
        for line in name {
            canvas.text(line, x: nameRoom, centre: lineY, size: size, anchor: .end, bold: isFocus)
            lineY += lineHeight
        }
        let barHeight = min(11, h - 4)
        if let v = row.value.shown {
            let x0 = px(min(0, v)), x1 = px(max(0, v))
            let fill = isFocus ? Palette.focusBar : Palette.bar
            canvas.rect(x0, centre - barHeight / 2, max(0.5, x1 - x0), barHeight, fill: fill)
            if row.value.status == .provisional {
                // Hatched over the bar as well as „p“, so provisional shows without colour.
                canvas.hatch([[[x0, centre - barHeight / 2], [x1, centre - barHeight / 2], [x1, centre + barHeight / 2],
                               [x0, centre + barHeight / 2]]], spacing: 3, direction: 1, color: .white, width: 0.8)
            }
            // A white plate keeps the label readable where the city line crosses it.
            let e = measurer.measure(valueText, size: size, bold: isFocus)
            canvas.rect(x1 + 2, centre - e.height / 2, e.width + 4, e.height, fill: .white)
            canvas.text(valueText, x: x1 + 4, centre: centre, size: size, bold: isFocus)
        } else {
            canvas.text(valueText, x: px(0) + 4, centre: centre, size: size, color: Palette.text)
        }
    }

    /// „Balkendiagramm – Arbeitslosenquote, Oktober 2024, 10 Gebiete: Den höchsten Wert hat Moisling mit 12,5 %,
    /// den niedrigsten St. Jürgen mit 3,1 %; der städtische Wert liegt bei 7,5 %. Buntekuh hat mit 10,3 % den
    /// 3. höchsten Wert von 10.“ — the place in the chart's order (highest first), said with its direction.
    static func ordinal(_ n: Int) -> String {
        let tens = n % 100, ones = n % 10
        return "\(n)" + ((11...13).contains(tens) ? "th" : ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th")
    }

    func alt(_ rows: [Row]) -> String {
        let de = words.de
        let shown = rows.filter { $0.value.shown != nil }
        let period = rows.first?.value.period ?? ""
        var text = de ? "Balkendiagramm – \(data.indicator.name), \(period), \(rows.count) Gebiete: "
                      : "Bar chart – \(data.indicator.name), \(period), \(rows.count) areas: "
        if let top = shown.first, let low = shown.last, let a = top.value.shown, let b = low.value.shown {
            text += de ? "Den höchsten Wert hat \(top.series.name) mit \(words.value(a)), den niedrigsten \(low.series.name) mit \(words.value(b))"
                       : "\(top.series.name) has the highest value at \(words.value(a)), \(low.series.name) the lowest at \(words.value(b))"
        }
        if let c = data.city?.latest?.shown {
            text += de ? "; der städtische Wert liegt bei \(words.value(c))" : "; the city value is \(words.value(c))"
        }
        text += "."
        if let focus, let k = shown.firstIndex(where: { $0.series.code == focus }), let v = shown[k].value.shown {
            let name = shown[k].series.name
            let nb = "\u{00A0}"
            if k == 0 {
                text += de ? " \(name) hat mit \(words.value(v)) den höchsten Wert von \(shown.count)."
                           : " \(name) has the highest value of \(shown.count) at \(words.value(v))."
            } else {
                text += de ? " \(name) hat mit \(words.value(v)) den \(k + 1).\(nb)höchsten Wert von \(shown.count)."
                           : " \(name) has the \(Self.ordinal(k + 1)) highest value of \(shown.count) at \(words.value(v))."
            }
        }
        let withheld = rows.count - shown.count
        if withheld > 0 {
            text += withheld == 1 ? (de ? " Für ein Gebiet ist kein Wert ausgewiesen." : " No value is published for one area.")
                : (de ? " Für \(withheld) Gebiete ist kein Wert ausgewiesen." : " No value is published for \(withheld) areas.")
        }
        return text
    }
}
