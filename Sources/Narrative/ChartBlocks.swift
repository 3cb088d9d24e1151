import Document
import Facts
import IndicatorStore

// ```chart and ```map blocks become `Chart` blocks — what to draw and the values — which module
// Charts draws when the document is laid out (see README "Charts"):
//   ```chart  type: line|bar|change|small-multiples, indicator (indicators: for small-multiples),
//             [areas], [area], [periods: 13], [focus], [title|caption], [alt], [table: true],
//             [height: 210] (line charts: points of the plot, 120–400)
//   ```map    indicator, [level: districts], [focus], [classes: 4], [breaks: [5, 10]], [title|caption], [alt], [table: false]
//   ```map    socialindex: true, [focus], [title|caption], [alt], [table: false] — status class as colour, dynamics as symbol
extension BlockBuilder {
    func chartBlocks(kind: String, _ root: YAMLValue) -> [Block] {
        let started = ContinuousClock.now
        defer { source.chartsTime += ContinuousClock.now - started }
        guard let spec = chartSpec(kind: kind, root), let values = chartValues(spec, root) else { return [] }
        guard case .values(let data) = values else {
            if case .saidInstead(let paragraph) = values { return [.paragraph(paragraph)] }
            return []
        }
        let chart = Chart(spec: spec, data: data, language: language.tag)
        if let why = chart.problem {
            problem(root.line, root.column, "the \(kind) block cannot be drawn: \(why)")
            return []
        }
        return [.chart(chart)]
    }

    /// What the block asks for: kind, focus, table, classes, height, caption and alt text.
    private func chartSpec(kind: String, _ root: YAMLValue) -> ChartSpec? {
        let typeName = kind == "map" ? "map" : (root["type"]?.string ?? "line")
        guard let chartKind = ChartKind(rawValue: typeName) else {
            let v = root["type"] ?? root
            problem(v.line, v.column, "unknown chart type \"\(typeName)\" — known: line, bar, change, small-multiples (maps use ```map)")
            return nil
        }
        // The briefing's district is highlighted unless the block names another (or `focus: none`).
        var focus: String? = area.level == .city ? nil : area.code
        if let f = root["focus"] {
            if f.string == "none" { focus = nil } else if let a = areaCode(f) { focus = a.code } else { return nil }
        }
        var table: Bool?
        if let t = root["table"] {
            switch t.string { case "true": table = true; case "false": table = false
            default: problem(t.line, t.column, "`table:` takes true or false"); return nil }
        }
        var breaks: [Double]?
        if let b = root["breaks"] {
            let values = (b.sequence ?? []).compactMap { $0.string.flatMap(Double.init) }
            guard !values.isEmpty, values.count == b.sequence?.count else {
                problem(b.line, b.column, "`breaks:` takes a list of numbers, e.g. [5, 10, 15]"); return nil
            }
            breaks = values
        }
        var height: Double?
        if let h = root["height"] {
            let range = ChartSpec.lineHeights
            guard chartKind == .line else {
                problem(h.line, h.column, "`height:` applies to line charts only — the other kinds size themselves to their data"); return nil
            }
            guard let value = h.string.flatMap(Double.init), range.contains(value) else {
                problem(h.line, h.column, "`height:` takes the plot's height in points, \(Int(range.lowerBound))–\(Int(range.upperBound)) (default 210)"); return nil
            }
            height = value
        }
        return ChartSpec(kind: chartKind, caption: root["title"]?.string ?? root["caption"]?.string, alt: root["alt"]?.string,
                         table: table, focus: focus, breaks: breaks, classes: root["classes"]?.string.flatMap(Int.init) ?? 4,
                         height: height)
    }

    /// What a chart block shows: its values, or — for a social index that no longer matches the
    /// data — a sentence saying why there is no map (a stale index is never drawn; README "Social index").
    private enum ChartValues {
        case values(ChartData)
        case saidInstead(Paragraph)
    }

    /// The values the chart shows, read through Facts; nil (with the problem reported) when the
    /// block names no indicator, an unknown one, or an index that cannot be read.
    private func chartValues(_ spec: ChartSpec, _ root: YAMLValue) -> ChartValues? {
        let periods = root["periods"]?.string.flatMap(Int.init)
        switch spec.kind {
        case .smallMultiples:
            guard let list = root["indicators"]?.sequence, !list.isEmpty else {
                problem(root.line, root.column, "a small-multiples chart needs `indicators:` with a list of codes"); return nil
            }
            guard let one = areaCode(root["area"]) else { return nil }
            let panels = list.compactMap { indicator($0) }.compactMap { chartData($0, areas: [one], periods: periods, withCity: true) }
            guard let first = panels.first else { return nil }
            return .values(ChartData(indicator: first.indicator, series: [], panels: panels,
                                     dataset: Dataset(records: panels.flatMap { $0.dataset?.records ?? [] })))
        case .line:
            guard let ind = indicator(root["indicator"]) else { missingIndicator(root); return nil }
            let list: [Area] = root["areas"] != nil ? areas(root["areas"]) : (root["area"] != nil ? areaCode(root["area"]).map { [$0] } ?? [] : (area.level == .city ? [] : [area]))
            return chartData(ind, areas: list, periods: periods, withCity: true).map(ChartValues.values)
        case .map where root["socialindex"] != nil:
            guard root["socialindex"]?.string == "true" else {
                let v = root["socialindex"] ?? root
                problem(v.line, v.column, "`socialindex:` takes true (leave it out for a map of an indicator)"); return nil
            }
            if root["indicator"] != nil {
                problem(root.line, root.column, "a map shows either `indicator:` or `socialindex: true`, not both"); return nil
            }
            let report: SocialIndexReport?
            do { report = try source.socialIndexReport() } catch {
                problem(root.line, root.column, "the social index cannot be read: \(error)"); return nil
            }
            guard let report else {
                problem(root.line, root.column, "the store has no social index for this period — run `civicbrief index compute` first"); return nil
            }
            guard report.isCurrent else { return .saidInstead(Paragraph(report.warning ?? "")) }
            return .values(indexMapData(report))
        case .bar, .map:
            guard let ind = indicator(root["indicator"]) else { missingIndicator(root); return nil }
            return chartData(ind, areas: areas(root["areas"] ?? root["level"]), periods: 1, withCity: spec.kind == .bar).map(ChartValues.values)
        case .change:
            guard let ind = indicator(root["indicator"]) else { missingIndicator(root); return nil }
            return chartData(ind, areas: areas(root["areas"]), periods: nil, withCity: false, yearOnYear: true).map(ChartValues.values)
        }
    }

    private func missingIndicator(_ root: YAMLValue) {
        if root["indicator"] == nil { problem(root.line, root.column, "the block needs `indicator:` with an indicator code") }
    }

    /// The indicator's values for the areas over the last `periods` periods up to its reporting period
    /// (or that period and the one a year earlier), read from the store, plus the city as reference.
    func chartData(_ ind: Indicator, areas list: [Area], periods: Int?, withCity: Bool, yearOnYear: Bool = false) -> ChartData? {
        guard let end = source.periodFor(ind.code) else { return nil }
        let count = max(1, periods ?? (ind.granularity == .month ? 13 : ind.granularity == .quarter ? 9 : 5))
        let span: [Period] = yearOnYear ? [end.yearEarlier(), end] : Period.range(from: end.advanced(by: -(count - 1)), through: end)
        let format = Formatting(language)
        var all = list
        if withCity, let city = source.city, !all.contains(where: { $0.code == city.code }) { all.append(city) }
        var observations: [String: [Period: Observation]] = [:]
        let series = all.map { a -> ChartSeries in
            var byPeriod: [Period: Observation] = [:]
            for o in (try? source.builder.series(indicator: ind.code, area: a.code, from: span.first, to: end)) ?? [] {
                byPeriod[o.period] = o
            }
            observations[a.code] = byPeriod
            return ChartSeries(code: a.code, name: a.name, isCity: a.level == .city, values: span.map { p in
                let o = byPeriod[p]
                return ChartValue(period: format.period(p), shortPeriod: shortLabel(p), value: o?.value,
                                  status: ChartStatus(storeStatus: o?.status.rawValue ?? "missing"))
            })
        }
        var geometries: [String: String] = [:]
        for a in list { if let g = a.geometry { geometries[a.code] = g } }
        return ChartData(indicator: ChartIndicator(name: ind.name(english: language == .en), unit: ind.unit.rawValue, decimals: ind.decimals,
                                                   yearly: ind.granularity == .year),
                         series: series, geometries: geometries,
                         dataset: Dataset(records: source.chartRecords(ind, areas: all, periods: span, observations: observations)))
    }

    /// The index's areas with their classes, and their geometries when the store has them.
    func indexMapData(_ report: SocialIndexReport) -> ChartData {
        let level = AreaLevel(rawValue: report.level)
        let stored = level.map { source.builder.areas(level: $0) } ?? []
        var geometries: [String: String] = [:]
        for a in stored { if let g = a.geometry { geometries[a.code] = g } }
        let statusLabels = report.matrix.map(\.statusClassLabel)
        let index = IndexMapData(
            name: report.name, period: report.periodText, statusLabels: statusLabels, dynamicsLabels: report.matrixColumns,
            areas: report.areas.map {
                IndexMapArea(code: $0.area.code, name: $0.area.name, statusClass: $0.statusClass, dynamicsClass: $0.dynamicsClass,
                             statusIndexText: $0.statusIndexText, dynamicsIndexText: $0.dynamicsIndexText)
            })
        // Two values per area: the status and the dynamics index, each with its class.
        let records = report.areas.flatMap { a -> [DataRecord] in
            [(".status", report.name + (language == .de ? " – Statusindex" : " – status index"), a.statusIndex, a.statusClassLabel, a.state),
             (".dynamics", report.name + (language == .de ? " – Dynamikindex" : " – dynamics index"), a.dynamicsIndex, a.dynamicsClassLabel, a.dynamicsState)]
                .map { suffix, name, value, label, state in
                    DataRecord(indicator: report.code + suffix, indicatorName: name, area: a.area.code, areaName: a.area.name,
                               period: report.period, periodLabel: report.periodText, value: value,
                               status: value == nil ? (state == "input_suppressed" ? .suppressed : .missing) : .final,
                               unit: "index", category: label)
                }
        }
        return ChartData(indicator: ChartIndicator(name: report.name, unit: IndicatorUnit.index.rawValue, decimals: 2),
                         series: report.areas.map { ChartSeries(code: $0.area.code, name: $0.area.name, values: []) },
                         geometries: geometries, index: index, dataset: Dataset(records: records))
    }

    /// Axis labels: „Okt. 2024“, „3. Q. 2024“, „2024“ (Facts' short period form).
    func shortLabel(_ p: Period) -> String { Formatting(language).shortPeriod(p) }
}
