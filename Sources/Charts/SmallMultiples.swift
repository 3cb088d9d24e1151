import Document
import Facts
import Foundation

/// One small line chart per panel (per indicator or per area), two per row. Panels share one
/// value scale when they share a unit, so their heights compare honestly.
struct SmallMultiples {
    let data: ChartData
    let words: Words
    let measurer: TextMeasurer
    var width: Double

    func draw() throws(ChartError) -> (Drawing, String) {
        let panels = data.panels.filter { ($0.series.first?.values.count ?? 0) >= 2 }
        guard !panels.isEmpty else { throw ChartError(ChartProblem.panelsNeedTwoPeriods.rawValue) }
        // Each panel's own axis by the scale policy; one shared axis only for one unit and comparable ranges.
        func range(_ p: ChartData) -> (Double, Double)? {
            let v = p.series.flatMap { $0.values.compactMap(\.shown) }
            return v.min().flatMap { lo in v.max().map { (lo, $0) } }
        }
        let own = panels.map { p in range(p).map { ScalePolicy.lines(low: $0.0, high: $0.1, indicator: p.indicator, target: 4) } }
        let all = panels.flatMap { $0.series.flatMap { $0.values.compactMap(\.shown) } }
        var sharedAxis: ValueAxis?
        if Set(panels.map { "\($0.indicator.valueUnit)" }).count == 1, let lo = all.min(), let hi = all.max(), let first = panels.first {
            sharedAxis = ScalePolicy.shared(own.compactMap { $0 }, low: lo, high: hi, indicator: first.indicator, target: 4)
        }
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
            guard let axis = sharedAxis ?? own[i], let periods = panel.series.first?.values else { continue }
            let chart = LineChart(data: panel, words: Words(language: words.language, indicator: panel.indicator), measurer: measurer, width: width)
            let b = chart.plot(into: &canvas, x: x, y: plotTop, width: panelWidth, height: panelHeight, periods: periods, axis: axis,
                               directLabels: false, tickTarget: 4)
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
        // Whether the panels compare by height, and which axes are cut, said once under the group.
        var notes: [String?] = [scaleNote(panels, own: own, shared: sharedAxis)]
        if panels.contains(where: { $0.series.contains { $0.values.contains { $0.status == .provisional } } }) {
            notes.append(words.provisionalNote)
        }
        for line in notes.compactMap({ $0 }) {
            for wrapped in measurer.wrap(line, size: 8, width: width) {
                canvas.text(wrapped, x: 0, y: bottom + 10, size: 8, color: Palette.mutedText)
                bottom += 11
            }
        }
        return (Drawing(width: width, height: bottom + 4, items: canvas.items), alt(panels))
    }

    /// „Jedes Feld hat eine eigene Skala; keine Achse beginnt bei null.“ and the like.
    func scaleNote(_ panels: [ChartData], own: [ValueAxis?], shared: ValueAxis?) -> String? {
        let de = words.de
        if let shared {
            guard !shared.zeroBased else { return panels.count > 1 ? (de ? "Alle Felder haben dieselbe Skala." : "All panels share one scale.") : nil }
            let start = Words(language: words.language, indicator: panels[0].indicator)
                .format.quantity(shared.low, unit: panels[0].indicator.valueUnit, decimals: Ticks.decimals(shared.ticks))
            return panels.count > 1 ? (de ? "Alle Felder haben dieselbe Skala; sie beginnt bei \(start), nicht bei null."
                                          : "All panels share one scale; it starts at \(start), not at zero.")
                                    : (de ? "Die Achse beginnt bei \(start), nicht bei null." : "The axis starts at \(start), not at zero.")
        }
        let cut = panels.indices.filter { own[$0].map { !$0.zeroBased } ?? false }.map { panels[$0].title ?? panels[$0].indicator.name }
        let own = panels.count > 1 ? (de ? "Jedes Feld hat eine eigene Skala" : "Each panel has its own scale") : nil
        let axes: String?
        if cut.isEmpty { axes = nil }
        else if cut.count == panels.count { axes = panels.count > 1 ? (de ? "keine Achse beginnt bei null" : "no axis starts at zero")
                                                                     : (de ? "die Achse beginnt nicht bei null" : "the axis does not start at zero") }
        else { axes = de ? "die Achsen von \(words.list(cut)) beginnen nicht bei null" : "the axes of \(words.list(cut)) do not start at zero" }
        let parts = [own, axes].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        let text = parts.joined(separator: "; ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
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
