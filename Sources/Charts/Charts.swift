import Document
import Facts
import Foundation

/// Charts as tagged figures: a drawing at text width (so the layout never scales it and 8 pt stays
/// 8 pt), alt text generated from the data, and optionally the data as a table. Layout asks for
/// them when it places a document's `Chart` blocks, with the document's fonts and text width.
public enum Charts {
    /// Draws `chart` `width` points wide, its labels measured by `measurer`. Throws when there is
    /// nothing to draw (`Chart.problem`).
    public static func figure(for chart: Chart, measurer: TextMeasurer, width: Double) throws(ChartError) -> ChartOutput {
        try figure(for: chart.spec, data: chart.data, language: Language(tag: chart.language) ?? .de,
                   measurer: measurer, width: width)
    }

    /// Draws `data` as `spec.kind`. Throws when there is nothing to draw.
    public static func figure(for spec: ChartSpec, data given: ChartData, language: Language,
                              measurer: TextMeasurer, width: Double) throws(ChartError) -> ChartOutput {
        if let problem = Chart(spec: spec, data: given, language: language.tag).problem { throw ChartError(problem) }
        let data = given.startingWhereDataStarts()
        let words = Words(language: language, indicator: data.indicator)
        let drawn: (Drawing, String)
        switch spec.kind {
        case .line:
            var chart = LineChart(data: data, words: words, measurer: measurer, width: width)
            if let height = spec.height { chart.height = height }
            drawn = try chart.draw()
        case .bar: drawn = try BarChart(data: data, focus: spec.focus, words: words, measurer: measurer, width: width).draw()
        case .change: drawn = try ChangeChart(data: data, focus: spec.focus, words: words, measurer: measurer, width: width).draw()
        case .map:
            var map = MapChart(data: data, spec: spec, words: words, measurer: measurer, width: width)
            drawn = try map.draw()
        case .smallMultiples: drawn = try SmallMultiples(data: data, words: words, measurer: measurer, width: width).draw()
        }
        let alt = spec.alt ?? drawn.1
        // A map classifies its values: the class (the legend's words) goes into the table and the data file.
        let classes: [String: String]? = spec.kind == .map && data.index == nil
            ? (try? MapChart(data: data, spec: spec, words: words, measurer: measurer, width: width).valueClasses()).map { c in
                c.index.mapValues { c.legend[$0] } }
            : nil
        var dataset = data.dataset
        if let classes, let given = dataset {
            dataset = Dataset(records: given.records.map { r in
                var r = r
                r.category = classes[r.area]
                return r
            })
        }
        let figure = Figure(drawing: drawn.0, alt: alt, caption: spec.caption, data: dataset)
        var table = spec.wantsTable ? dataTable(spec: spec, data: data, words: words, classes: classes) : nil
        table?.data = dataset
        return ChartOutput(figure: figure, table: table)
    }

    /// The chart's data as a table: areas in rows for one- and two-period charts, periods in rows for lines.
    static func dataTable(spec: ChartSpec, data: ChartData, words: Words, classes: [String: String]? = nil) -> Table {
        // A data table's caption describes the table, not the drawing („… kräftig umrandet“ is the map's).
        let subject: String
        if spec.kind == .map, let index = data.index {
            subject = "\(index.name), \(index.period)" + (words.de ? ": Klassen je Gebiet" : ": classes by area")
        } else if spec.kind == .map || spec.kind == .bar {
            let period = data.series.first?.latest?.period ?? ""
            subject = "\(data.indicator.name), \(period)" + (words.de ? ", nach Gebieten" : ", by area")
        } else {
            subject = spec.caption ?? data.indicator.name
        }
        let caption = (words.de ? "Daten zu: " : "Data for: ") + subject
        switch spec.kind {
        case .line:
            let periods = data.series.first?.values ?? []
            return Table(caption: caption,
                         columns: [TableColumn(words.de ? "Zeitraum" : "Period")] + data.series.map { TableColumn($0.name, align: .decimal) },
                         rowHeaders: true,
                         rows: periods.indices.map { i in
                             [periods[i].period] + data.series.map { i < $0.values.count ? words.cell($0.values[i]) : StatusSymbols.missing }
                         })
        case .smallMultiples:
            var rows: [[String]] = []
            for panel in data.panels {
                for s in panel.series {
                    let first = s.values.first, last = s.values.last
                    rows.append([(panel.title ?? panel.indicator.name) + " – " + s.name,
                                 first.map { Words(language: words.language, indicator: panel.indicator).cell($0) } ?? StatusSymbols.missing,
                                 last.map { Words(language: words.language, indicator: panel.indicator).cell($0) } ?? StatusSymbols.missing])
                }
            }
            let p0 = data.panels.first?.series.first?.values.first?.period ?? ""
            let p1 = data.panels.first?.series.first?.values.last?.period ?? ""
            return Table(caption: caption, columns: [TableColumn(words.de ? "Reihe" : "Series"),
                                                     TableColumn(p0, align: .decimal), TableColumn(p1, align: .decimal)],
                         rowHeaders: true, rows: rows)
        case .change:
            let p0 = data.series.first?.values.first?.period ?? ""
            let p1 = data.series.first?.values.last?.period ?? ""
            return Table(caption: caption, columns: [TableColumn(words.de ? "Gebiet" : "Area"),
                                                     TableColumn(p0, align: .decimal), TableColumn(p1, align: .decimal)],
                         rowHeaders: true,
                         rows: data.series.map { [$0.name, $0.values.first.map(words.cell) ?? StatusSymbols.missing,
                                                  $0.values.last.map(words.cell) ?? StatusSymbols.missing] })
        case .map where data.index != nil:
            let index = data.index!
            let de = words.de
            func label(_ labels: [String], _ c: Int?) -> String {
                c.flatMap { $0 >= 1 && $0 <= labels.count ? labels[$0 - 1] : nil } ?? StatusSymbols.missing
            }
            return Table(caption: caption,
                         columns: [TableColumn(de ? "Gebiet" : "Area"), TableColumn(de ? "Statusklasse" : "Status class"),
                                   TableColumn(de ? "Statusindex" : "Status index", align: .decimal),
                                   TableColumn(de ? "Dynamikklasse" : "Dynamics class"),
                                   TableColumn(de ? "Dynamikindex" : "Dynamics index", align: .decimal)],
                         rowHeaders: true,
                         rows: index.areas.map { [$0.name, label(index.statusLabels, $0.statusClass), $0.statusIndexText,
                                                  label(index.dynamicsLabels, $0.dynamicsClass), $0.dynamicsIndexText] })
        case .map:
            // With each area's class: the map says it by colour and hatching, the table in words.
            let period = data.series.first?.latest?.period ?? ""
            return Table(caption: caption, columns: [TableColumn(words.de ? "Gebiet" : "Area"), TableColumn(period, align: .decimal),
                                                     TableColumn(words.de ? "Klasse in der Karte" : "Class on the map")],
                         rowHeaders: true,
                         rows: data.series.map { [$0.name, $0.latest.map(words.cell) ?? StatusSymbols.missing,
                                                  classes?[$0.code] ?? StatusSymbols.missing] })
        case .bar:
            let period = data.series.first?.latest?.period ?? ""
            return Table(caption: caption, columns: [TableColumn(words.de ? "Gebiet" : "Area"), TableColumn(period, align: .decimal)],
                         rowHeaders: true,
                         rows: data.series.map { [$0.name, $0.latest.map(words.cell) ?? StatusSymbols.missing] })
        }
    }
}

/// Numbers and phrases in the document's language.
struct Words {
    let language: Language
    let indicator: ChartIndicator
    var de: Bool { language == .de }
    var format: Formatting { Formatting(language) }

    func value(_ v: Double) -> String { format.quantity(v, unit: indicator.valueUnit, decimals: indicator.decimals) }
    /// A tick label: the number only — the unit stands once, over the axis (`axisUnit`).
    func tick(_ v: Double, decimals: Int) -> String { format.number(v, decimals: decimals) }
    /// The unit over a value axis: „%“, „je 1.000“, „€“, „Jahre“; nil for counts and indices.
    var axisUnit: String? {
        let nb = Formatting.noBreakSpace
        switch indicator.valueUnit {
        case .percent: return "%"
        case .perThousand: return de ? "je\(nb)1.000" : "per\(nb)1,000"
        case .euro: return "€"
        case .years: return de ? "Jahre" : "years"
        case .count, .index: return nil
        }
    }
    /// Said under a line chart whose axis does not start at zero.
    func cutAxisNote(_ low: Double, decimals: Int) -> String {
        let start = format.quantity(low, unit: indicator.valueUnit, decimals: decimals)
        return de ? "Die Achse beginnt bei \(start), nicht bei null." : "The axis starts at \(start), not at zero."
    }
    /// Said under a chart whose last value of a series cannot be shown.
    func endNote(_ name: String, _ v: ChartValue) -> String {
        let why = v.status == .suppressed ? (de ? "aus Datenschutzgründen gesperrt" : "withheld to protect privacy")
                                          : (de ? "kein Wert" : "no value")
        return "\(name), \(v.period): \(why)"
    }
    func cell(_ v: ChartValue) -> String {
        switch v.status {
        case .suppressed: return StatusSymbols.suppressed
        case .missing: return StatusSymbols.missing
        case .provisional: return v.value.map { value($0) + " " + StatusSymbols.provisionalMark } ?? StatusSymbols.missing
        case .final: return v.value.map(value) ?? StatusSymbols.missing
        }
    }
    /// Equal when the difference would not show at the indicator's precision.
    func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.5 * pow(10, -Double(indicator.decimals)) }
    func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (de ? " und " : " and ") + (items.last ?? "")
    }
    /// Inverted („stieg der Wert von 11,2 % auf 12,5 %“, after „In Moisling“) or normal order
    /// („der städtische Wert blieb bei 7,5 %“); English keeps subject–verb order.
    func movement(_ a: Double, _ b: Double, subject: String, inverted: Bool) -> String {
        let verb: String, rest: String
        if same(a, b) {
            verb = de ? "blieb" : "stayed"; rest = (de ? "bei " : "at ") + value(b)
        } else {
            verb = b > a ? (de ? "stieg" : "rose") : (de ? "sank" : "fell")
            rest = de ? "von \(value(a)) auf \(value(b))" : "from \(value(a)) to \(value(b))"
        }
        if de && inverted { return "\(verb) \(subject) \(rest)" }
        return "\(subject) \(verb) \(rest)"
    }
    var areasWord: String { de ? "Gebiete" : "areas" }
    var provisionalNote: String { de ? "Offene Symbole und „p“: vorläufige Werte" : "Open symbols and “p”: provisional values" }
}

/// First and last drawable value of a series, with their indices.
func endpoints(_ s: ChartSeries) -> (Int, Double, Int, Double)? {
    guard let i = s.values.firstIndex(where: { $0.shown != nil }), let j = s.values.lastIndex(where: { $0.shown != nil }),
          let a = s.values[i].shown, let b = s.values[j].shown else { return nil }
    return (i, a, j, b)
}

extension ChartIndicator {
    /// The unit as Facts formats it (a name the store does not know counts as a count).
    var valueUnit: IndicatorUnit { IndicatorUnit(rawValue: unit) ?? .count }
    /// How large a change must be to be notable, so an axis never magnifies noise (`ScalePolicy`).
    var notableChange: NotableStep { .of(unit: valueUnit, yearly: yearly) }

    /// An indicator of a Facts unit.
    public init(name: String, unit: IndicatorUnit, decimals: Int, yearly: Bool = false) {
        self.init(name: name, unit: unit.rawValue, decimals: decimals, yearly: yearly)
    }
}
