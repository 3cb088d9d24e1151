import Document
import Facts
import Foundation

/// One small line chart per panel (per indicator or per area), two per row. Panels share one
/// value scale when they share a unit, so their heights compare honestly.
struct SmallMultiples {
    let data: ChartData
    let words: Words
    let measurer: TextMeasurer
    var width = Charts.width

    func draw() throws(ChartError) -> (Drawing, String) {
        let panels = data.panels.filter { ($0.series.first?.values.count ?? 0) >= 2 }
        guard !panels.isEmpty else { throw ChartError("small multiples need panels with at least two periods each") }
        let shared = Set(panels.map { "\($0.indicator.unit)" }).count == 1
        let all = panels.flatMap { $0.series.flatMap { $0.values.compactMap(\.shown) } }
        let sharedTicks = shared ? all.min().flatMap { lo in all.max().map { hi in Ticks.nice(lo >= 0 && lo < hi * 0.5 ? 0 : lo, hi, target: 4) } } : nil
        // Three panels side by side (a row, not 2 + 1), four as 2 × 2, more in rows of three.
        let columns = panels.count <= 3 ? panels.count : panels.count == 4 ? 2 : 3
        let gap = 18.0
        let panelWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let panelHeight = 110.0
        let legendHeight = Double(panels.map(\.series.count).max() ?? 1) * 11
        let titles = panels.map { measurer.wrap($0.title ?? $0.indicator.name, size: 9, bold: true, width: panelWidth) }
        // Each row's titles take as many lines as its longest; the plots of a row stay aligned.
        var rowTops = [0.0]
        for row in 0..<((panels.count + columns - 1) / columns) {
            let lines = titles[(row * columns)..<min(titles.count, (row + 1) * columns)].map(\.count).max() ?? 1
            rowTops.append(rowTops[row] + Double(lines) * 11 + 2 + panelHeight + 24 + legendHeight + 14)
        }
        var canvas = Canvas(measurer: measurer)
        var bottom = 0.0
        for (i, panel) in panels.enumerated() {
            let x = Double(i % columns) * (panelWidth + gap)
            let row = i / columns
            let y = rowTops[row]
            let titleLines = titles[(row * columns)..<min(titles.count, (row + 1) * columns)].map(\.count).max() ?? 1
            var ty = y + 10
            for line in titles[i] { canvas.text(line, x: x, y: ty, size: 9, bold: true); ty += 11 }
            let plotTop = y + Double(titleLines) * 11 + 2
            let values = panel.series.flatMap { $0.values.compactMap(\.shown) }
            guard let lo = values.min(), let hi = values.max(), let periods = panel.series.first?.values else { continue }
            let chart = LineChart(data: panel, words: Words(language: words.language, indicator: panel.indicator), measurer: measurer)
            let b = chart.plot(into: &canvas, x: x, y: plotTop, width: panelWidth, height: panelHeight, periods: periods, lo: lo, hi: hi,
                               directLabels: false, tickTarget: 4, fixedTicks: sharedTicks)
            // Ends labelled in the panel: the latest values, city last, so no legend is needed.
            var ly = b + 2
            for (k, s) in panel.series.enumerated() {
                let marker = s.isCity ? 3 : k
                canvas.marker(marker, x: x + 4, y: ly, color: s.isCity ? Palette.city : Palette.series[k % Palette.series.count], hollow: false, r: 2.6)
                canvas.text("\(s.name): \(s.values.last.map(chart.words.cell) ?? StatusSymbols.missing)", x: x + 11, centre: ly, size: 8)
                ly += 11
            }
            bottom = max(bottom, ly)
        }
        return (Drawing(width: width, height: bottom + 4, items: canvas.items), alt(panels))
    }

    /// „Diagrammgruppe – 3 Liniendiagramme, Oktober 2022 bis Oktober 2024: SGB-II-Quote: in Moisling stieg der Wert …“
    func alt(_ panels: [ChartData]) -> String {
        let de = words.de
        let first = panels.first?.series.first
        let p0 = first?.values.first?.period ?? "", p1 = first?.values.last?.period ?? ""
        let text = de ? "Diagrammgruppe – \(panels.count) Liniendiagramme, \(p0) bis \(p1): "
                      : "Small multiples – \(panels.count) line charts, \(p0) to \(p1): "
        var parts: [String] = []
        for panel in panels {
            let w = Words(language: words.language, indicator: panel.indicator)
            let clauses = panel.series.compactMap { s -> String? in
                guard let e = endpoints(s) else { return nil }
                return "\(s.name) " + w.movement(e.1, e.3, subject: "", inverted: false).trimmingCharacters(in: .whitespaces)
            }
            parts.append("\(panel.title ?? panel.indicator.name): " + clauses.joined(separator: ", "))
        }
        return text + parts.joined(separator: "; ") + "."
    }
}
