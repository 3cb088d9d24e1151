import Document
import Facts
import Foundation

/// One indicator over time for some areas; the city is a dashed dark reference line. Lines carry a
/// marker shape each and a direct label at their end; provisional points are hollow.
struct LineChart {
    let data: ChartData
    let words: Words
    let measurer: TextMeasurer
    var height = 210.0
    var width: Double
    static let labelSize = 8.5

    func draw() throws(ChartError) -> (Drawing, String) {
        guard let periods = data.series.first?.values, periods.count >= 2 else {
            throw ChartError(ChartProblem.lineNeedsTwoPeriods.rawValue)
        }
        let shown = data.series.flatMap { $0.values.compactMap(\.shown) }
        guard let lo = shown.min(), let hi = shown.max() else { throw ChartError(ChartProblem.lineNeedsAValue.rawValue) }
        var canvas = Canvas(measurer: measurer)
        let axis = ScalePolicy.lines(low: lo, high: hi, indicator: data.indicator, target: 5)
        let frame = plot(into: &canvas, x: 0, y: 0, width: width, height: height, periods: periods, axis: axis,
                         directLabels: true, tickTarget: 5)
        var total = frame
        for note in notes(axis) {
            canvas.text(note, x: 0, y: total + 12, size: 8, color: Palette.mutedText)
            total += 12
        }
        if total > frame { total += 4 }
        return (Drawing(width: width, height: total, items: canvas.items), alt())
    }

    /// What the chart says under its plot: provisional symbols, a cut axis, last values that cannot
    /// be shown (their line ends earlier; the label names the last period drawn).
    func notes(_ axis: ValueAxis) -> [String] {
        var out: [String] = []
        if data.series.contains(where: { $0.values.contains { $0.status == .provisional } }) { out.append(words.provisionalNote) }
        if !axis.zeroBased { out.append(words.cutAxisNote(axis.low, decimals: Ticks.decimals(axis.ticks))) }
        for s in data.series {
            if let last = s.values.last, last.shown == nil, s.values.contains(where: { $0.shown != nil }) {
                out.append(words.endNote(s.name, last))
            }
        }
        return out
    }

    /// Where the plot area lies in a box, and where a period and a value go in it.
    struct PlotFrame {
        var left, right, top, bottom: Double
        var t0, t1: Double
        var periodCount: Int
        func px(_ i: Int) -> Double { left + 4 + (right - left - 8) * Double(i) / Double(max(1, periodCount - 1)) }
        func py(_ v: Double) -> Double { bottom - (bottom - top) * (v - t0) / max(1e-12, t1 - t0) }
    }

    /// Draws axes, lines and labels in the box; returns the bottom of what was drawn.
    func plot(into canvas: inout Canvas, x: Double, y: Double, width: Double, height: Double, periods: [ChartValue],
              axis: ValueAxis, directLabels: Bool, tickTarget: Int) -> Double {
        let ticks = axis.ticks
        let decimals = Ticks.decimals(ticks)
        let size = Self.labelSize
        let tickLabels = ticks.map { words.tick($0, decimals: decimals) }
        let unit = words.axisUnit
        let left = x + ((tickLabels + [unit ?? ""]).map { measurer.width($0, size: size) }.max() ?? 0) + 6
        // A line whose last value cannot be shown ends earlier: its label names the period it ends at.
        let labelTexts = data.series.map { s -> String in
            guard let j = s.values.lastIndex(where: { $0.shown != nil }) else { return "\(s.name) \(StatusSymbols.missing)" }
            let tail = j == s.values.count - 1 ? "" : " (\(s.values[j].shortPeriod))"
            return "\(s.name) \(words.cell(s.values[j]))\(tail)"
        }
        let rightRoom = directLabels ? min(width * 0.42, (labelTexts.map { measurer.width($0, size: size) }.max() ?? 0) + 14) : 8
        let frame = PlotFrame(left: left, right: x + width - rightRoom, top: y + (unit == nil ? 6 : 20), bottom: y + height - 22,
                              t0: ticks.first ?? 0, t1: ticks.last ?? 1, periodCount: periods.count)

        for (t, label) in zip(ticks, tickLabels) {
            canvas.line(frame.left, frame.py(t), frame.right, frame.py(t), Palette.grid, 0.5)
            canvas.text(label, x: frame.left - 4, centre: frame.py(t), size: size, anchor: .end, color: Palette.mutedText)
        }
        // The unit once, over the tick labels.
        if let unit { canvas.text(unit, x: frame.left - 4, y: y + 10, size: size, anchor: .end, color: Palette.mutedText) }
        canvas.line(frame.left, frame.bottom, frame.right, frame.bottom, Palette.axis, 0.8)
        // A cut axis is marked where it is cut: two slashes across the baseline at its left end.
        if !axis.zeroBased {
            canvas.line(frame.left + 1, frame.bottom + 3, frame.left + 5, frame.bottom - 3, Palette.axis, 0.8)
            canvas.line(frame.left + 4, frame.bottom + 3, frame.left + 8, frame.bottom - 3, Palette.axis, 0.8)
        }
        drawPeriodLabels(into: &canvas, frame: frame, periods: periods, boxRight: x + width)
        let ends = drawSeries(into: &canvas, frame: frame, directLabels: directLabels)
        if directLabels {
            let lineHeight = measurer.measure("Äg", size: size).height
            let placed = LabelPlacer.resolve(ends.map(\.y), size: lineHeight, gap: 0.5, lower: y, upper: frame.bottom + 4)
            let labelX = frame.right + 10
            for (k, end) in ends.enumerated() {
                if abs(placed[k] - end.y) > 1 {
                    canvas.line(end.x + 4, end.y, labelX - 2, placed[k], Palette.axis, 0.5)
                }
                canvas.text(labelTexts[end.index], x: labelX, centre: placed[k], size: size,
                            bold: false, color: Palette.text)
            }
        }
        return frame.bottom + 20
    }

    /// Period labels under the axis: as many as fit without touching, always the first and the last.
    private func drawPeriodLabels(into canvas: inout Canvas, frame: PlotFrame, periods: [ChartValue], boxRight: Double) {
        let size = Self.labelSize
        let (left, right, bottom) = (frame.left, frame.right, frame.bottom)
        let px = frame.px
        let widths = periods.map { measurer.width($0.shortPeriod, size: size) }
        let slot = (right - left - 8) / Double(max(1, periods.count - 1))
        let every = max(1, Int(((widths.max() ?? 0) + 8) / max(1, slot)) + 1)
        let last = periods.count - 1
        func anchor(_ i: Int) -> TextAnchor {
            i == 0 && widths[i] / 2 > px(i) - left ? .start : i == last && px(i) + widths[i] / 2 > boxRight ? .end : .middle
        }
        func span(_ i: Int) -> (Double, Double) {
            switch anchor(i) {
            case .start: return (px(i) - 4, px(i) - 4 + widths[i])
            case .end: return (px(i) - widths[i], px(i))
            case .middle: return (px(i) - widths[i] / 2, px(i) + widths[i] / 2)
            }
        }
        // Evenly spaced labels where possible: the smallest step from `every` up that divides the
        // span and lets no label come within 8 pt of the one before (13 months → every third month,
        // not Oct, Feb, Apr, … when the second label would touch the first).
        func clear(_ labels: [Int]) -> Bool { zip(labels, labels.dropFirst()).allSatisfy { span($0).1 + 8 <= span($1).0 } }
        // An even step may be at most twice the tightest one, or a prime span (12 months: 11 steps)
        // would keep only the first and last label.
        let even = (every...max(every, min(last, 2 * every))).lazy.filter { last % $0 == 0 }
            .map { Array(stride(from: 0, through: last, by: $0)) }.first(where: clear)
        // Otherwise every `every`-th label, then the last; a label that would come within 8 pt of the
        // one before is dropped (for the last label, the one before it goes instead).
        var kept: [Int] = even ?? []
        if even == nil {
            for i in Array(stride(from: 0, to: last, by: every)) + [last] {
                if let prev = kept.last, span(prev).1 + 8 > span(i).0 {
                    if i == last { kept.removeLast() } else { continue }
                }
                kept.append(i)
            }
        }
        for i in kept {
            canvas.line(px(i), bottom, px(i), bottom + 3, Palette.axis, 0.8)
            canvas.text(periods[i].shortPeriod, x: anchor(i) == .start ? px(i) - 4 : px(i), y: bottom + 14, size: size,
                        anchor: anchor(i), color: Palette.mutedText)
        }
    }

    /// The lines and their markers — areas first, the city reference last so it stays visible on top;
    /// returns where each line ends (for its direct label).
    private func drawSeries(into canvas: inout Canvas, frame: PlotFrame, directLabels: Bool) -> [(index: Int, y: Double, x: Double)] {
        let (px, py) = (frame.px, frame.py)
        let ordered = data.series.enumerated().sorted { ($0.element.isCity ? 1 : 0) < ($1.element.isCity ? 1 : 0) }
        var ends: [(index: Int, y: Double, x: Double)] = []
        var areaNumber = 0
        for (index, s) in ordered {
            let color = s.isCity ? Palette.city : Palette.series[areaNumber % Palette.series.count]
            let shape = s.isCity ? 3 : areaNumber
            if !s.isCity { areaNumber += 1 }
            // Split at gaps; the step into a provisional value is dashed.
            var run: [(Double, Double)] = []
            func flush() {
                if run.count > 1 {
                    // The city is dashed as a reference; drawn alone it is the subject and solid.
                    if s.isCity && !data.areas.isEmpty { canvas.dashed(run, color, width: 1.4) } else {
                        canvas.items.append(.polyline(points: run.map { [$0.0, $0.1] }, stroke: color, lineWidth: 1.8))
                    }
                }
                run = []
            }
            var previous: (Double, Double)?
            for (i, v) in s.values.enumerated() {
                guard let value = v.shown else { flush(); previous = nil; continue }
                let p = (px(i), py(value))
                if v.status == .provisional, let prev = previous {
                    flush()
                    canvas.dashed([prev, p], color, width: 1.8, dash: 2.5, gap: 2)
                    run = [p]
                } else {
                    run.append(p)
                }
                previous = p
            }
            flush()
            for (i, v) in s.values.enumerated() {
                guard let value = v.shown else { continue }
                canvas.marker(shape, x: px(i), y: py(value), color: color, hollow: v.status == .provisional, r: directLabels ? 3 : 2.4)
            }
            if let j = s.values.lastIndex(where: { $0.shown != nil }), let value = s.values[j].shown {
                ends.append((index, py(value), px(j)))
            }
        }
        return ends
    }

    /// „Liniendiagramm – Arbeitslosenquote, Oktober 2022 bis Oktober 2024: In Moisling stieg der Wert
    /// von 11,2 % auf 12,5 %; der städtische Wert blieb bei 7,5 %.“
    func alt() -> String {
        let de = words.de
        let areas = data.areas.isEmpty ? data.series : data.areas
        let ref = areas.first.flatMap(endpoints)
        let p0 = ref.map { areas[0].values[$0.0].period } ?? ""
        let p1 = ref.map { areas[0].values[$0.2].period } ?? ""
        var clauses: [String] = []
        for s in data.areas {
            guard let e = endpoints(s) else { continue }
            let subject = clauses.isEmpty ? (de ? "der Wert" : "the value") : (de ? "er" : "it")
            clauses.append((de ? "in " : "in ") + s.name + " " + words.movement(e.1, e.3, subject: subject, inverted: true))
        }
        var text = (de ? "Liniendiagramm – \(data.indicator.name), \(p0) bis \(p1): " : "Line chart – \(data.indicator.name), \(p0) to \(p1): ")
        var sentence = clauses.joined(separator: ", ")
        if let city = data.city, let e = endpoints(city) {
            let cityClause = words.movement(e.1, e.3, subject: de ? "der städtische Wert" : "the city value", inverted: false)
            sentence += sentence.isEmpty ? cityClause : "; " + cityClause
        }
        text += (sentence.first.map { String($0).uppercased() } ?? "") + sentence.dropFirst() + "."
        if data.series.contains(where: { $0.values.last?.status == .provisional }) {
            text += de ? " Der Wert für \(p1) ist vorläufig." : " The value for \(p1) is provisional."
        }
        return text
    }
}
