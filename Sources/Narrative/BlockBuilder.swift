import Document
import Facts
import IndicatorStore

// Fenced blocks with a YAML body, filled from the store:
//   ```kpi     tiles: [arm_sgb2, {indicator: arb_alq, label: "…"}]   area: "01" (default: the briefing's area)
//   ```table   indicator: arm_sgb2  [areas: districts|subdistricts|[01, 03]]  [caption: …]   one indicator by area
//              indicators: [arm_sgb2, arb_alq]  [area: "03"]  [caption: …]                   several for one area
//   ```chart   type: line|bar|change|small-multiples, indicator(s), title — drawn by Sources/Charts (ChartBlocks.swift)
//   ```map     indicator, title, level, focus — a choropleth or tile map plus its data table
//   ```toc     title: Inhalt
// Every code is checked; problems point at the YAML value (fence line + line inside the block).

struct BlockBuilder {
    let source: FactSource
    let area: Area
    /// The render's session: values inserted into the block's YAML, and the statement audit.
    let session: RenderSession
    /// `FILE:LINE` of the block's fence, for the audit.
    let place: String
    /// Reports a problem at (line inside the YAML, column).
    let problem: (Int, Int, String) -> Void

    init(source: FactSource, area: Area, session: RenderSession, place: String, problem: @escaping (Int, Int, String) -> Void) {
        self.source = source; self.area = area; self.session = session; self.place = place; self.problem = problem
    }

    /// Records a number a block prints, with the fact it comes from.
    func audit(_ kind: String, _ text: String, _ fact: IndicatorFact) {
        session.audit.add(StatementRecorder.statement(kind: kind, text: text, place: place, expression: nil, fact: fact))
    }

    var language: Language { source.language }
    var de: Bool { language == .de }

    func build(kind: String, yaml: String) -> [Block] {
        let root: YAMLValue
        switch YAMLValue.parse(yaml) {
        case .failure(let e):
            problem(e.line, e.column, "invalid YAML in the \(kind) block: \(session.resolvePlaceholders(e.message))")
            return []
        case .success(let v): root = v.resolvingPlaceholders(session.resolvePlaceholders)
        }
        if case .null = root.kind, kind == "toc" { return [.tableOfContents(TableOfContents(title: de ? "Inhalt" : "Contents"))] }
        guard root.entries != nil else {
            problem(root.line, root.column, "the \(kind) block needs YAML keys, e.g. `indicator: arm_sgb2`")
            return []
        }
        let allowed: [String: Set<String>] = [
            "kpi": ["tiles", "area", "compare"],
            "table": ["indicator", "indicators", "areas", "area", "caption", "city"],
            "chart": ["type", "indicator", "indicators", "areas", "area", "title", "caption", "periods", "alt", "table", "focus", "height"],
            "map": ["indicator", "title", "caption", "level", "areas", "alt", "table", "focus", "classes", "breaks", "socialindex"],
            "toc": ["title", "levels"],
        ]
        for e in root.entries ?? [] where !(allowed[kind]?.contains(e.key) ?? false) {
            problem(e.keyLine, e.keyColumn, "unknown key \"\(e.key)\" in the \(kind) block — known: \((allowed[kind] ?? []).sorted().joined(separator: ", "))")
        }
        switch kind {
        case "kpi": return kpi(root)
        case "table": return table(root, caption: root["caption"]?.string)
        case "chart", "map": return chartBlocks(kind: kind, root)
        case "toc":
            let levels = root["levels"]?.string.flatMap { Int($0) } ?? 2
            return [.tableOfContents(TableOfContents(title: root["title"]?.string ?? (de ? "Inhalt" : "Contents"), maxLevel: levels))]
        default: return []
        }
    }

    func indicator(_ v: YAMLValue?) -> Indicator? {
        guard let v else { return nil }
        guard let code = v.string else { problem(v.line, v.column, "expected an indicator code, found \(v.typeName)"); return nil }
        guard let i = source.indicators[code] else {
            problem(v.line, v.column, "unknown indicator \"\(code)\" — list the codes with `civicbrief inspect`")
            return nil
        }
        return i
    }

    func areaCode(_ v: YAMLValue?) -> Area? {
        guard let v else { return area }
        guard let code = v.string, let a = source.areas[code] else {
            problem(v.line, v.column, "unknown area \"\(v.string ?? "")\" — area codes are text with leading zeros, e.g. \"03\"; list them with `civicbrief inspect`")
            return nil
        }
        return a
    }

    private func kpi(_ root: YAMLValue) -> [Block] {
        guard let tilesValue = root["tiles"], let items = tilesValue.sequence, !items.isEmpty else {
            problem(root.line, root.column, "the kpi block needs `tiles:` with a list of indicator codes")
            return []
        }
        guard let area = areaCode(root["area"]) else { return [] }
        var tiles: [KeyFigure] = []
        for item in items {
            let ind = indicator(item.string != nil ? item : item["indicator"])
            guard let ind, let f = source.fact(ind.code, area: area.code, lookup: "kpi") else { continue }
            let label = item["label"]?.string ?? f.indicator.shortLabel
            let value = f.current.formatted
            var change: String?
            var trend: KeyFigure.Trend?
            if f.previous.available, let abs = f.previous.formattedAbsolute {
                // Direction in words and as an arrow, never by colour or sign alone.
                switch f.previous.direction {
                case "rising": trend = .up
                case "falling": trend = .down
                default: trend = .unchanged
                }
                let word: String
                switch trend {
                case .up: word = de ? "gestiegen" : "up"
                case .down: word = de ? "gesunken" : "down"
                default: word = de ? "unverändert" : "unchanged"
                }
                // „unverändert ggü. Vormonat“ rather than „unverändert 0,0 Pp. …“.
                change = word + (trend == .unchanged ? "" : " " + abs) + " " + (de ? "ggü. " : "vs ") + f.previous.basisLabel
            }
            var comparison: String?
            if let c = f.city {
                comparison = (de ? "Stadt: " : "City: ") + c.city.formatted
            } else if ind.granularity != source.period.granularity {
                comparison = f.current.periodLabel
            }
            if f.current.provisional {
                // Said in words on the tile: a lone "p" next to a big number reads like a unit.
                let word = de ? "vorläufig" : "provisional"
                comparison = comparison.map { $0 + " · " + word } ?? word.prefix(1).uppercased() + word.dropFirst()
            }
            tiles.append(KeyFigure(label: label, value: value, change: change, comparison: comparison, trend: trend))
            audit("tile", value, f)
            if let change { audit("change", change, f) }
            if let c = f.city { audit("cityValue", c.city.formatted, f) }
        }
        return tiles.isEmpty ? [] : [.keyFigures(KeyFigures(tiles: tiles))]
    }

    func areas(_ v: YAMLValue?) -> [Area] {
        let all = source.areas.values.sorted { $0.code < $1.code }
        guard let v else { return all.filter { $0.level == .district } }
        if let s = v.string {
            switch s {
            case "districts", "Stadtteile": return all.filter { $0.level == .district }
            case "subdistricts", "Stadtbezirke": return all.filter { $0.level == .subdistrict }
            default:
                if let a = areaCode(v) { return [a] }
                return []
            }
        }
        return (v.sequence ?? []).compactMap { areaCode($0) }
    }

    private func table(_ root: YAMLValue, caption: String?) -> [Block] {
        let format = Formatting(language)
        var flags = Set<String>()
        func cell(_ v: ValueFact) -> String {
            if v.status != "final" { flags.insert(v.status) }
            return v.formatted + (v.provisional ? " " + StatusSymbols.provisionalMark : "")
        }
        var blocks: [Block] = []
        if root["indicator"] != nil {
            guard let ind = indicator(root["indicator"]) else { return [] }
            let list = areas(root["areas"])
            let facts = list.compactMap { source.fact(ind.code, area: $0.code, lookup: "table") }
            guard let first = facts.first else { return [] }
            var rows = facts.map { f -> [String] in
                audit("cell", f.current.formatted, f)
                return [f.area.name, cell(f.current), f.previous.formattedAbsolute ?? StatusSymbols.missing,
                        f.yearEarlier.formattedAbsolute ?? StatusSymbols.missing]
            }
            var shown = facts
            if let city = source.city, root["city"]?.string != "false",
               let cf = source.fact(ind.code, area: city.code, lookup: "table") {
                rows.append([city.name + (de ? " (gesamt)" : " (total)"), cell(cf.current),
                             cf.previous.formattedAbsolute ?? StatusSymbols.missing,
                             cf.yearEarlier.formattedAbsolute ?? StatusSymbols.missing])
                shown.append(cf)
            }
            // Each row's value and the two it is compared with (the changes are their differences).
            let records = shown.flatMap { f in
                [f.current, f.previous.compared, f.yearEarlier.compared].map { DataRecord(f.indicator, f.area, $0) }
            }
            let levelName = de ? "Gebiet" : "Area"
            let title = caption ?? "\(first.indicator.name), \(first.current.periodLabel)"
            blocks.append(.table(Table(
                caption: title,
                columns: [TableColumn(levelName), TableColumn(first.current.periodLabel, align: .decimal),
                          TableColumn((de ? "ggü. " : "vs ") + first.previous.basisLabel, align: .decimal),
                          TableColumn((de ? "ggü. " : "vs ") + first.yearEarlier.basisLabel, align: .decimal)],
                rowHeaders: true, rows: rows, data: Dataset(unique: records))))
        } else if let list = root["indicators"]?.sequence {
            guard let area = areaCode(root["area"]) else { return [] }
            let inds = list.compactMap { indicator($0) }
            let facts = inds.compactMap { source.fact($0.code, area: area.code, lookup: "table") }
            guard !facts.isEmpty else { return [] }
            let isCity = area.level == .city
            let rows = facts.map { f -> [String] in
                audit("cell", f.current.formatted, f)
                var row = [f.indicator.shortLabel, f.current.periodLabel, cell(f.current)]
                if !isCity { row.append(f.city.map { cell($0.city) } ?? StatusSymbols.missing) }
                row.append(f.previous.formattedAbsolute ?? StatusSymbols.missing)
                return row
            }
            var columns = [TableColumn(de ? "Kennzahl" : "Indicator"), TableColumn(de ? "Zeitraum" : "Period"),
                           TableColumn(area.name, align: .decimal)]
            if !isCity { columns.append(TableColumn(source.city?.name ?? (de ? "Stadt" : "City"), align: .decimal)) }
            columns.append(TableColumn(de ? "Veränderung ggü. Vorperiode" : "Change on previous period", align: .decimal))
            let records = facts.flatMap { f -> [DataRecord] in
                var r = [DataRecord(f.indicator, f.area, f.current)]
                if !isCity, let c = f.city { r.append(DataRecord(f.indicator, c.area, c.city)) }
                r.append(DataRecord(f.indicator, f.area, f.previous.compared))
                return r
            }
            blocks.append(.table(Table(caption: caption ?? (de ? "Kennzahlen für \(area.name)" : "Key figures for \(area.name)"),
                                       columns: columns, rowHeaders: true, rows: rows, data: Dataset(unique: records))))
        } else {
            problem(root.line, root.column, "the block needs `indicator:` (one indicator by area) or `indicators:` (a list for one area)")
            return []
        }
        // The symbols' legend as the note of the first table that uses them: once per document, next
        // to a table it explains (after every table it was the same sentence four times).
        if !flags.isEmpty || blocks.isEmpty == false && tableHasProvisional(blocks), let last = blocks.indices.last,
           case .table(var t) = blocks[last], session.claimLegend() {
            t.note = StatusSymbols.legend(language)
            blocks[last] = .table(t)
        }
        _ = format
        return blocks
    }

    private func tableHasProvisional(_ blocks: [Block]) -> Bool {
        for case .table(let t) in blocks where t.rows.contains(where: { $0.contains { $0.hasSuffix(" " + StatusSymbols.provisionalMark) } }) {
            return true
        }
        return false
    }
}
