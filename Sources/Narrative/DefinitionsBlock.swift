import Document
import Facts
import IndicatorStore

// ```definitions  [indicators: shown|all|[codes]]  [title: …]  [intro: …]  [note: …]  [level: 2]  [id: …]
// The document's appendix of indicator definitions: one compact entry per indicator (name, what it
// counts, reference date and frequency), the shared source once. Default `shown`: every indicator
// the briefing has shown before the block — facts, metadata, charts, tables — so an indicator that
// appears in the text never lacks its definition. In a publish pack the sections' appendices merge
// into one (README "Publishing").
extension BlockBuilder {
    func definitions(_ root: YAMLValue) -> [Block] {
        var codes: [String]
        switch root["indicators"] {
        case nil: codes = source.inDomainOrder(source.mentioned)
        case let v? where v.string == "shown": codes = source.inDomainOrder(source.mentioned)
        case let v? where v.string == "all": codes = source.inDomainOrder(source.indicators.keys)
        case let v?:
            guard let list = v.sequence else {
                problem(v.line, v.column, "`indicators:` takes shown, all or a list of indicator codes")
                return []
            }
            codes = list.compactMap { indicator($0)?.code }
        }
        var level = 2
        if let l = root["level"] {
            guard let n = l.string.flatMap(Int.init), (1...4).contains(n) else {
                problem(l.line, l.column, "`level:` takes a heading level 1–4 (default 2)")
                return []
            }
            level = n
        }
        let title = root["title"]?.string ?? (de ? "Definitionen und Quellen" : "Definitions and sources")
        let heading = Heading(level: level, text: title, id: root["id"]?.string ?? (de ? "definitionen" : "definitions"))
        let entries = codes.compactMap { code -> Definition? in
            guard let indicator = source.indicators[code] else { return nil }
            let info = IndicatorInfo(indicator, language: language)
            // Under the short label the tables and tiles use, with the full name where it differs.
            let text = info.name == info.shortLabel ? info.definitionText : info.name + " – " + info.definitionText
            return Definition(key: code, term: info.shortLabel, text: text, source: info.sourceText)
        }
        guard !entries.isEmpty else {
            problem(root.line, root.column, "the definitions block has no indicators to define — the briefing shows none before it; list them with `indicators:`")
            return []
        }
        return [.definitions(Definitions(heading: heading, intro: root["intro"]?.string, entries: entries,
                                         note: root["note"]?.string, reference: root["reference"]?.string))]
    }
}
