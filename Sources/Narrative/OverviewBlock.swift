import Document
import Facts
import IndicatorStore

// ```overview  [indicators: all|[codes]]  [area: "03"]  [groups: true]  [marks: true]
// Every indicator of an area at a glance in one table, grouped by domain: the unit, the area's
// value, the city's, the change on the previous period and — in a last column — a small graphic of
// where the value lies among all areas of its level (bar: the range of all areas; tick: the city;
// dot: the area). Numbers stand without their unit (it has a column), so they align on the decimal
// separator; the graphic repeats them for the eye and says in its alternative text what it shows.
// It replaces a sentence per indicator (README "Overview block").
extension BlockBuilder {
    func overview(_ root: YAMLValue) -> [Block] {
        guard let area = areaCode(root["area"]) else { return [] }
        var codes: [String]
        if let v = root["indicators"], v.string != "all" {
            guard let list = v.sequence else {
                problem(v.line, v.column, "`indicators:` takes all or a list of indicator codes")
                return []
            }
            codes = list.compactMap { indicator($0)?.code }
        } else {
            codes = source.inDomainOrder(source.indicators.keys)
        }
        func flag(_ key: String) -> Bool? {
            guard let v = root[key] else { return true }
            switch v.string { case "true": return true; case "false": return false
            default: problem(v.line, v.column, "`\(key):` takes true or false"); return nil }
        }
        guard let grouped = flag("groups"), let marks = flag("marks") else { return [] }
        let facts = codes.compactMap { source.fact($0, area: area.code, lookup: "overview") }
        guard !facts.isEmpty else { return [] }
        let format = Formatting(language)
        let isCity = area.level == .city
        var flags = Set<String>()
        var rows: [[String]] = []
        var ranges: [RangeMark?] = []
        var records: [DataRecord] = []
        var groups: [RowGroup] = []
        func number(_ v: ValueFact, decimals: Int) -> String {
            if v.status != "final" { flags.insert(v.status) }
            guard let value = v.value else { return v.formatted }
            return format.number(value, decimals: decimals) + (v.provisional ? "\u{00A0}" + StatusSymbols.provisionalMark : "")
        }
        for f in facts {
            let domain = Domain(rawValue: f.indicator.domain).map { domainName($0, language) } ?? f.indicator.domain
            if grouped, groups.last?.title != domain { groups.append(RowGroup(title: domain, start: rows.count)) }
            let unit = IndicatorUnit(rawValue: f.indicator.unit) ?? .count
            let decimals = f.indicator.decimals
            var row = [f.indicator.shortLabel, Period(f.current.period).map(format.shortPeriod) ?? f.current.periodLabel,
                       unitName(unit), number(f.current, decimals: decimals)]
            audit("cell", row[3], f)
            records.append(DataRecord(f.indicator, f.area, f.current))
            if !isCity {
                row.append(f.city.map { number($0.city, decimals: decimals) } ?? StatusSymbols.missing)
                if let c = f.city {
                    audit("cityValue", row[4], f)
                    records.append(DataRecord(f.indicator, c.area, c.city))
                }
            }
            let change = f.previous.absolute.map { format.signedNumber($0, decimals: decimals) }
            row.append(change ?? StatusSymbols.missing)
            if let change { audit("changeCell", change, f) }
            records.append(DataRecord(f.indicator, f.area, f.previous.compared))
            rows.append(row)
            if marks { ranges.append(rangeMark(f, area: area)) }
        }
        var columns = [TableColumn(de ? "Kennzahl" : "Indicator"), TableColumn(de ? "Stand" : "Period"),
                       TableColumn(de ? "Einheit" : "Unit"), TableColumn(area.name, align: .decimal)]
        if !isCity { columns.append(TableColumn(source.city?.name ?? (de ? "Stadt" : "City"), align: .decimal)) }
        columns.append(TableColumn(de ? "ggü. Vorperiode" : "vs previous period", align: .decimal))
        let level = area.level == .city ? AreaLevel.district : area.level
        let noun = source.builder.profile.noun(level).forms(language)
        let title = de ? "Lage unter den \(noun.dativePlural)" : "Position among \(noun.plural)"
        let changeNote = de ? "Veränderung in der Einheit der Kennzahl, bei Anteilen (%) in Prozentpunkten."
                            : "Changes in the indicator's unit; for shares (%) in percentage points."
        var blocks: [Block] = [.table(Table(columns: columns, rowHeaders: true, rows: rows, note: changeNote,
                                            data: Dataset(unique: records), marks: marks ? RangeMarks(title: title, rows: ranges) : nil,
                                            groups: grouped ? groups : nil))]
        blocks = withLegend(blocks, flags: flags)
        if case .table(var t) = blocks[0], t.note != changeNote {
            t.note = changeNote + " " + (t.note ?? "")
            blocks[0] = .table(t)
        }
        return blocks
    }

    /// The unit as a column heading would say it.
    private func unitName(_ unit: IndicatorUnit) -> String {
        switch unit {
        case .percent: return "%"
        case .perThousand: return de ? "je\u{00A0}1.000" : "per\u{00A0}1,000"
        case .euro: return "€"
        case .years: return de ? "Jahre" : "years"
        case .count: return de ? "Anzahl" : "number"
        case .index: return "Index"
        }
    }

    /// The range of all areas of the fact's level in its period, the city's value and the area's:
    /// nil when fewer than two areas have a value (no range to place anything in).
    private func rangeMark(_ f: IndicatorFact, area: Area) -> RangeMark? {
        let level = area.level == .city ? AreaLevel.district : area.level
        guard let period = Period(f.current.period),
              let spread = try? source.builder.spread(indicator: f.indicator.code, level: level, period: period),
              spread.areas >= 2, spread.high > spread.low, let unit = IndicatorUnit(rawValue: f.indicator.unit) else { return nil }
        let format = Formatting(language)
        func text(_ x: Double) -> String { format.quantity(x, unit: unit, decimals: f.indicator.decimals) }
        // Alternative text in sentences (screen readers read it as language): where the area lies in
        // the range of all areas, and the city's value.
        let areasWord = source.builder.profile.noun(level).forms(language).plural
        let counted = spread.withoutValue > 0 ? (de ? "\(spread.areas) \(areasWord) mit Wert" : "\(spread.areas) \(areasWord) with a value")
                                              : (de ? "\(spread.areas) \(areasWord)" : "\(spread.areas) \(areasWord)")
        // German dative after „von … bis“ and „bei“: „78,4 bis 82,1 Jahren“.
        func dative(_ x: Double) -> String { de && unit == .years ? text(x) + "n" : text(x) }
        let range = de ? "Die \(counted) reichen von \(dative(spread.low)) bis \(dative(spread.high))."
                       : "The \(counted) range from \(text(spread.low)) to \(text(spread.high))."
        var alt: String
        if let v = f.current.value {
            let place: String
            if v >= spread.high { place = de ? "der höchste Wert" : "the highest value" }
            else if v <= spread.low { place = de ? "der niedrigste Wert" : "the lowest value" }
            else { place = de ? "ein Wert innerhalb der Spanne" : "a value within the range" }
            alt = de ? "\(area.name) hat \(text(v)), \(place). \(range)" : "\(area.name) has \(text(v)), \(place). \(range)"
        } else {
            alt = (de ? "Für \(area.name) wird kein Wert gezeigt. " : "No value is shown for \(area.name). ") + range
        }
        // The city's value is a tick only where it is comparable: an average lies within the districts'
        // range, a count is their sum (drawn at the end it would say „highest“).
        var reference = area.level == .city || unit == .count ? nil : f.city?.city.value
        if let r = reference, r < spread.low || r > spread.high { reference = nil }
        if let reference, let city = source.city {
            alt += de ? " Die Gesamtstadt \(city.name) liegt bei \(dative(reference))." : " The city of \(city.name) as a whole is at \(text(reference))."
        }
        return RangeMark(low: spread.low, high: spread.high, reference: reference, value: f.current.value, alt: alt)
    }
}
