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
//   ```definitions  the appendix of indicator definitions (DefinitionsBlock.swift)
//   ```overview     every indicator of an area by domain, with the range of all areas (OverviewBlock.swift)
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
        if case .null = root.kind, kind == "definitions" { return definitions(root) }
        if case .null = root.kind, kind == "overview" { return overview(root) }
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
            "definitions": ["indicators", "title", "intro", "note", "level", "id", "reference"],
            "overview": ["indicators", "area", "groups", "marks"],
        ]
        for e in root.entries ?? [] where !(allowed[kind]?.contains(e.key) ?? false) {
            problem(e.keyLine, e.keyColumn, "unknown key \"\(e.key)\" in the \(kind) block — known: \((allowed[kind] ?? []).sorted().joined(separator: ", "))")
        }
        switch kind {
        case "kpi": return kpi(root)
        case "table": return table(root, caption: root["caption"]?.string)
        case "chart", "map": return chartBlocks(kind: kind, root)
        case "definitions": return definitions(root)
        case "overview": return overview(root)
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
        source.mention(code)
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

    /// A value as a table cell: the number with „p“ when provisional, or the status symbol. Records
    /// which symbols the table uses, for its legend.
    func cell(_ v: ValueFact, _ flags: inout Set<String>) -> String {
        if v.status != "final" { flags.insert(v.status) }
        return v.formatted + (v.provisional ? "\u{00A0}" + StatusSymbols.provisionalMark : "")
    }

    /// The symbols' legend as the note of the last table, if the tables use symbols and no table
    /// before carried it: once per document, next to a table it explains (after every table it was
    /// the same sentence four times).
    func withLegend(_ blocks: [Block], flags: Set<String>) -> [Block] {
        guard !flags.isEmpty, let last = blocks.lastIndex(where: { if case .table = $0 { return true } else { return false } }),
              case .table(var t) = blocks[last], session.claimLegend() else { return blocks }
        var blocks = blocks
        t.note = StatusSymbols.legend(language)
        blocks[last] = .table(t)
        return blocks
    }

    private func table(_ root: YAMLValue, caption: String?) -> [Block] {
        var flags = Set<String>()
        var blocks: [Block] = []
        if root["indicator"] != nil {
            guard let ind = indicator(root["indicator"]) else { return [] }
            let list = areas(root["areas"])
            var shown = list.compactMap { source.fact(ind.code, area: $0.code, lookup: "table") }
            guard let first = shown.first else { return [] }
            var names = shown.map(\.area.name)
            if let city = source.city, root["city"]?.string != "false",
               let cf = source.fact(ind.code, area: city.code, lookup: "table") {
                shown.append(cf)
                names.append(city.name + (de ? " (gesamt)" : " (total)"))
            }
            // A yearly indicator's previous period is the year before: one „ggü. Vorjahr“ column, not two equal ones.
            let yearOnly = first.previous.compared.period == first.yearEarlier.compared.period
            let rows = zip(names, shown).map { name, f -> [String] in
                audit("cell", f.current.formatted, f)
                var row = [name, cell(f.current, &flags), f.previous.formattedAbsolute ?? StatusSymbols.missing]
                if !yearOnly { row.append(f.yearEarlier.formattedAbsolute ?? StatusSymbols.missing) }
                return row
            }
            // Each row's value and the ones it is compared with (the changes are their differences).
            let records = shown.flatMap { f in
                ([f.current, f.previous.compared] + (yearOnly ? [] : [f.yearEarlier.compared])).map { DataRecord(f.indicator, f.area, $0) }
            }
            var columns = [TableColumn(de ? "Gebiet" : "Area"), TableColumn(first.current.periodLabel, align: .decimal),
                           TableColumn((de ? "ggü. " : "vs ") + first.previous.basisLabel, align: .decimal)]
            if !yearOnly { columns.append(TableColumn((de ? "ggü. " : "vs ") + first.yearEarlier.basisLabel, align: .decimal)) }
            blocks.append(.table(Table(caption: caption ?? "\(first.indicator.name), \(first.current.periodLabel)",
                                       columns: columns, rowHeaders: true, rows: rows, data: Dataset(unique: records))))
        } else if let list = root["indicators"]?.sequence {
            guard let area = areaCode(root["area"]) else { return [] }
            let inds = list.compactMap { indicator($0) }
            let facts = inds.compactMap { source.fact($0.code, area: area.code, lookup: "table") }
            guard !facts.isEmpty else { return [] }
            let isCity = area.level == .city
            let format = Formatting(language)
            let rows = facts.map { f -> [String] in
                audit("cell", f.current.formatted, f)
                var row = [f.indicator.shortLabel, Period(f.current.period).map(format.shortPeriod) ?? f.current.periodLabel,
                           cell(f.current, &flags)]
                if !isCity { row.append(f.city.map { cell($0.city, &flags) } ?? StatusSymbols.missing) }
                row.append(f.previous.formattedAbsolute ?? StatusSymbols.missing)
                return row
            }
            var columns = [TableColumn(de ? "Kennzahl" : "Indicator"), TableColumn(de ? "Stand" : "Period"),
                           TableColumn(area.name, align: .decimal)]
            if !isCity { columns.append(TableColumn(source.city?.name ?? (de ? "Stadt" : "City"), align: .decimal)) }
            columns.append(TableColumn(de ? "Veränderung zur Vorperiode" : "Change on previous period", align: .decimal))
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
        return withLegend(blocks, flags: flags)
    }
}
