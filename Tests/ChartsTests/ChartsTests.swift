import Charts
import Document
import Facts
import Foundation
import Layout
import Testing

@Suite struct TickTests {
    @Test func niceNumbers() {
        #expect(Ticks.nice(0, 12.5, target: 5) == [0, 5, 10, 15])
        #expect(Ticks.nice(0, 12.5, target: 8) == [0, 2, 4, 6, 8, 10, 12, 14])
        #expect(Ticks.nice(7.5, 12.5, target: 5) == [6, 8, 10, 12, 14])
        #expect(Ticks.nice(0, 22.8, target: 4) == [0, 10, 20, 30])
        #expect(Ticks.nice(0.12, 0.47, target: 5) == [0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(Ticks.nice(-3.2, 4.1, target: 5) == [-4, -2, 0, 2, 4, 6])
        #expect(Ticks.nice(0, 38_450, target: 5) == [0, 10_000, 20_000, 30_000, 40_000])
        #expect(Ticks.nice(5, 5, target: 5) == [4.5, 5, 5.5])
    }

    @Test func tickDecimals() {
        #expect(Ticks.decimals([0, 5, 10]) == 0)
        #expect(Ticks.decimals([0.1, 0.2, 0.3]) == 1)
        #expect(Ticks.decimals([0, 0.25, 0.5]) == 2)
    }

    @Test func ticksAreWrittenInTheDocumentLanguage() throws {
        let out = try Charts.figure(for: ChartSpec(kind: .bar), data: Sample.manyLongNames, language: .de)
        let texts = out.figure.drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(texts.contains("12,2\u{a0}%"))
        // The unit once per axis: with the last tick only.
        #expect(texts.contains("10") && texts.contains("15\u{a0}%") && !texts.contains("10\u{a0}%"))
        let en = try Charts.figure(for: ChartSpec(kind: .bar), data: Sample.manyLongNames, language: .en)
        let enTexts = en.figure.drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(enTexts.contains("12.2%"))
    }
}

@Suite struct PaletteTests {
    @Test func graphicsReachThreeToOneAgainstWhite() {
        for c in Palette.graphics { #expect(c.contrastRatio(against: .white) >= 3, "\(c)") }
        // WCAG formula check on one known pair: #0072B2 on white is 5.19:1.
        #expect((Color(hex: "#0072B2")!.contrastRatio(against: .white) * 100).rounded() == 519)
    }

    @Test func textReachesFourAndAHalfToOne() {
        for (text, background) in Palette.textPairs {
            #expect(text.contrastRatio(against: background) >= 4.5, "\(text) on \(background)")
        }
    }

    @Test func okabeItoOrderWithoutYellow() {
        #expect(Palette.series.map(\.description) == ["#b07800", "#2d87c0", "#009e73", "#0072b2", "#d55e00", "#cc79a7"])
        #expect(!Palette.series.contains(Color(hex: "#F0E442")!))
    }
}

@Suite struct LabelTests {
    @Test func pushesApartInOrder() {
        #expect(LabelPlacer.resolve([50, 52, 53], size: 10, gap: 0, lower: 0, upper: 100) == [50, 60, 70])
        // Keeps the input order of indices while sorting by position.
        #expect(LabelPlacer.resolve([53, 50, 52], size: 10, gap: 0, lower: 0, upper: 100) == [70, 50, 60])
    }

    @Test func pullsUpAtTheBottom() {
        #expect(LabelPlacer.resolve([95, 96], size: 10, gap: 0, lower: 0, upper: 100) == [85, 95])
        #expect(LabelPlacer.resolve([20, 80], size: 10, gap: 2, lower: 0, upper: 100) == [20, 80])
    }

    static func boxes(_ d: Drawing) -> [(String, Rect)] {
        d.items.compactMap { item in
            guard case let .text(_, _, t, _, _, _, _) = item, let box = TextMeasurer.test.box(of: item) else { return nil }
            return (t, box)
        }
    }

    static var allCharts: [(String, Drawing)] {
        get throws {
            var out: [(String, Drawing)] = []
            for lang in [Language.de, .en] {
                out.append(("line", try Charts.figure(for: ChartSpec(kind: .line), data: Sample.lineSeveral, language: lang).figure.drawing))
                out.append(("monthly", try Charts.figure(for: ChartSpec(kind: .line), data: Sample.monthly, language: lang).figure.drawing))
                out.append(("bar", try Charts.figure(for: ChartSpec(kind: .bar, focus: "03"), data: Sample.cross, language: lang).figure.drawing))
                out.append(("bar-long", try Charts.figure(for: ChartSpec(kind: .bar, focus: "06"), data: Sample.manyLongNames, language: lang).figure.drawing))
                out.append(("change", try Charts.figure(for: ChartSpec(kind: .change, focus: "03"), data: Sample.cross, language: lang).figure.drawing))
                out.append(("change-long", try Charts.figure(for: ChartSpec(kind: .change), data: Sample.manyLongNames, language: lang).figure.drawing))
                out.append(("small", try Charts.figure(for: ChartSpec(kind: .smallMultiples), data: Sample.smallMultiples, language: lang).figure.drawing))
                out.append(("map", try Charts.figure(for: ChartSpec(kind: .map, focus: "03"), data: Sample.cross, language: lang).figure.drawing))
                out.append(("tiles-long", try Charts.figure(for: ChartSpec(kind: .map), data: Sample.manyLongNames, language: lang).figure.drawing))
                out.append(("index-map", try Charts.figure(for: ChartSpec(kind: .map, focus: "03"), data: Sample.indexMap(geometries: true), language: lang).figure.drawing))
                out.append(("index-tiles", try Charts.figure(for: ChartSpec(kind: .map), data: Sample.indexMap(geometries: false), language: lang).figure.drawing))
            }
            return out
        }
    }

    @Test func noTextOverlapsOtherText() throws {
        for (name, drawing) in try Self.allCharts {
            let boxes = Self.boxes(drawing)
            for i in boxes.indices {
                for j in boxes.indices where j > i {
                    #expect(!boxes[i].1.intersects(boxes[j].1), "\(name): “\(boxes[i].0)” overlaps “\(boxes[j].0)”")
                }
            }
        }
    }

    /// 13 months: evenly spaced period labels, first and last included (Okt., Jan., Apr., Juli, Okt.),
    /// not a gap of four months at the start where the second label would have touched the first.
    @Test func periodLabelsAreEvenlySpaced() throws {
        for data in [Sample.monthly, Sample.monthlyAgainstALongName] {
            let periods = try #require(data.series.first?.values.map(\.shortPeriod))
            let drawing = try Charts.figure(for: ChartSpec(kind: .line), data: data, language: .de).figure.drawing
            let shown = Self.boxes(drawing).compactMap { periods.firstIndex(of: $0.0) }
            #expect(shown.first == 0 && shown.last == periods.count - 1, "\(shown)")
            let steps = Set(zip(shown, shown.dropFirst()).map { $1 - $0 })
            #expect(steps.count == 1, "uneven period labels: \(shown.map { periods[$0] })")
        }
        // 12 months (11 steps, a prime): no even step is close enough, so labels as before (every
        // `every`-th, the last one kept) — not just the first and the last.
        let twelve = Sample.monthlyAgainstALongName.droppingLastPeriod
        let twelveShown = Self.boxes(try Charts.figure(for: ChartSpec(kind: .line), data: twelve, language: .de).figure.drawing)
            .map(\.0).filter { $0.contains(" 20") }
        #expect(twelveShown.count >= 4 && twelveShown.first == "Okt. 2023" && twelveShown.last == "Sept. 2024", "\(twelveShown)")
        let long = try Charts.figure(for: ChartSpec(kind: .line), data: Sample.monthlyAgainstALongName, language: .de).figure.drawing
        #expect(Self.boxes(long).map(\.0).filter { $0.contains(" 20") }
                == ["Okt. 2023", "Jan. 2024", "Apr. 2024", "Juli 2024", "Okt. 2024"])
    }

    @Test func chartsAreTextWidthWithTextOfAtLeastEightPoints() throws {
        for (name, drawing) in try Self.allCharts {
            #expect(drawing.width == Theme().contentWidth, "\(name) would be scaled")
            for item in drawing.items {
                if case let .text(_, _, t, size, _, _, _) = item { #expect(size >= 8, "\(name): “\(t)” at \(size) pt") }
            }
            for (t, box) in Self.boxes(drawing) {
                #expect(box.x >= -0.5 && box.x + box.width <= drawing.width + 0.5, "\(name): “\(t)” sticks out")
                #expect(box.y >= -0.5 && box.y + box.height <= drawing.height + 0.5, "\(name): “\(t)” sticks out")
            }
        }
    }
}

@Suite struct AltTextTests {
    func alt(_ kind: ChartKind, _ data: ChartData, focus: String? = nil, _ language: Language = .de) throws -> String {
        try Charts.figure(for: ChartSpec(kind: kind, focus: focus), data: data, language: language).figure.alt
    }

    @Test func line() throws {
        #expect(try alt(.line, Sample.line) == "Liniendiagramm – Arbeitslosenquote, Oktober 2022 bis Oktober 2024: In Moisling stieg der Wert von 11,2\u{a0}% auf 12,5\u{a0}%; der städtische Wert blieb bei 7,5\u{a0}%.")
        #expect(try alt(.line, Sample.line, .en) == "Line chart – Arbeitslosenquote, Oktober 2022 to Oktober 2024: In Moisling the value rose from 11.2% to 12.5%; the city value stayed at 7.5%.")
        #expect(try alt(.line, Sample.lineSeveral) == "Liniendiagramm – Arbeitslosenquote, Oktober 2022 bis Oktober 2024: In Moisling stieg der Wert von 11,2\u{a0}% auf 12,5\u{a0}%, in Buntekuh stieg er von 10,1\u{a0}% auf 12,4\u{a0}%, in Innenstadt sank er von 9,9\u{a0}% auf 9,4\u{a0}%, in St. Lorenz Süd sank er von 9,0\u{a0}% auf 8,9\u{a0}%; der städtische Wert blieb bei 7,5\u{a0}%. Der Wert für Oktober 2024 ist vorläufig.")
    }

    @Test func cityOnlyWithAGap() throws {
        #expect(try alt(.line, Sample.monthly) == "Liniendiagramm – SGB-II-Quote, Oktober 2023 bis Oktober 2024: Der städtische Wert sank von 14,0\u{a0}% auf 13,4\u{a0}%. Der Wert für Oktober 2024 ist vorläufig.")
    }

    @Test func bar() throws {
        #expect(try alt(.bar, Sample.cross, focus: "04") == "Balkendiagramm – Arbeitslosenquote, Oktober 2024, 10 Gebiete: Den höchsten Wert hat Moisling mit 12,5\u{a0}%, den niedrigsten St. Jürgen mit 3,1\u{a0}%; der städtische Wert liegt bei 7,5\u{a0}%. Buntekuh hat mit 10,8\u{a0}% den 2.\u{a0}höchsten Wert von 10.")
    }

    @Test func change() throws {
        #expect(try alt(.change, Sample.cross) == "Veränderungsdiagramm – Arbeitslosenquote, Oktober 2023 und Oktober 2024, 10 Gebiete: In 3 von 10 Gebieten stieg der Wert, in 6 sank er, in 1 blieb er gleich; am stärksten stieg er in Moisling, von 11,2\u{a0}% auf 12,5\u{a0}%.")
    }

    @Test func map() throws {
        #expect(try alt(.map, Sample.cross, focus: "03") == "Karte – Arbeitslosenquote, Oktober 2024, 10 Gebiete in 4 Klassen: Den höchsten Wert hat Moisling mit 12,5\u{a0}%, den niedrigsten St. Jürgen mit 3,1\u{a0}%. Hervorgehoben ist Moisling mit 12,5\u{a0}%.")
    }

    @Test func smallMultiples() throws {
        #expect(try alt(.smallMultiples, Sample.smallMultiples) == "Diagrammgruppe – 3 Liniendiagramme, Oktober 2022 bis Oktober 2024: Arbeitslosenquote: Moisling stieg von 11,2\u{a0}% auf 12,5\u{a0}%, Lübeck blieb bei 7,5\u{a0}%; SGB-II-Quote: Moisling stieg von 21,0\u{a0}% auf 22,8\u{a0}%, Lübeck sank von 13,9\u{a0}% auf 13,6\u{a0}%; Jugendarbeitslosenquote: Moisling sank von 9,8\u{a0}% auf 8,7\u{a0}%, Lübeck blieb bei 6,0\u{a0}%.")
    }

    @Test func templateOverridesAndBlankIsAnError() throws {
        let given = try Charts.figure(for: ChartSpec(kind: .bar, alt: "Eigener Text."), data: Sample.cross, language: .de)
        #expect(given.figure.alt == "Eigener Text.")
        #expect(throws: ChartError.self) { try Charts.figure(for: ChartSpec(kind: .bar, alt: "  "), data: Sample.cross, language: .de) }
        #expect(throws: ChartError.self) {
            try Charts.figure(for: ChartSpec(kind: .bar), data: ChartData(indicator: Sample.rate, series: []), language: .de)
        }
    }
}

@Suite struct DataTableTests {
    @Test func mapsHaveTablesByDefaultOthersOnRequest() throws {
        let map = try Charts.figure(for: ChartSpec(kind: .map), data: Sample.cross, language: .de)
        #expect(map.table?.rows.count == 11)
        // The class the map shows each area in, in words (the legend's), as a third column.
        #expect(map.table?.columns.map(\.title) == ["Gebiet", "Oktober 2024", "Klasse in der Karte"])
        #expect(map.table?.rows[2] == ["Moisling", "12,5\u{a0}%", "9,3\u{a0}% und mehr"])
        #expect(map.blocks.count == 2)
        #expect(try Charts.figure(for: ChartSpec(kind: .bar), data: Sample.cross, language: .de).table == nil)
        let line = try Charts.figure(for: ChartSpec(kind: .line, table: true), data: Sample.lineSeveral, language: .de)
        #expect(line.table?.columns.map(\.title) == ["Zeitraum", "Moisling", "Buntekuh", "Innenstadt", "St. Lorenz Süd", "Lübeck"])
        #expect(line.table?.rows.last == ["Oktober 2024", "12,5\u{a0}% p", "12,4\u{a0}% p", "9,4\u{a0}% p", "8,9\u{a0}% p", "7,5\u{a0}%"])
    }
}

@Suite struct ChartDataFileTests {
    @Test func theDatasetGoesWithTheFigureAndItsTableAndAMapAddsTheClasses() throws {
        var data = Sample.cross
        data.dataset = Dataset(records: data.series.map { s in
            DataRecord(indicator: "arb_alq", indicatorName: "Arbeitslosenquote", area: s.code, areaName: s.name, period: "2024-10",
                       periodLabel: "Oktober 2024", value: s.values.last?.value, status: .final, unit: "percent")
        })
        let map = try Charts.figure(for: ChartSpec(kind: .map), data: data, language: .de)
        #expect(map.figure.data == map.table?.data)
        let moisling = try #require(map.figure.data?.records.first { $0.areaName == "Moisling" })
        #expect(moisling.category == "9,3\u{a0}% und mehr")
        #expect(moisling.value == 12.5)
        let bar = try Charts.figure(for: ChartSpec(kind: .bar, table: true), data: data, language: .de)
        #expect(bar.figure.data == data.dataset && bar.table?.data == data.dataset)
        #expect(bar.figure.data?.records.allSatisfy { $0.category == nil } == true)
        #expect(try Charts.figure(for: ChartSpec(kind: .line), data: Sample.lineSeveral, language: .de).figure.data == nil)
    }
}

@Suite struct MapTests {
    @Test func quantileAndFixedBreaks() {
        #expect(MapChartProbe.breaks(Sample.latest, classes: 4, fixed: nil, decimals: 1) == [5.4, 8.1, 9.3])
        #expect(MapChartProbe.breaks(Sample.latest, classes: 4, fixed: [10, 5], decimals: 1) == [5, 10])
    }

    @Test func polygonWithHoleBecomesTwoEvenOddRings() throws {
        let out = try Charts.figure(for: ChartSpec(kind: .map), data: Sample.cross, language: .de)
        let ringCounts = out.figure.drawing.items.compactMap { if case let .polygon(rings, _?, _, _) = $0 { rings.count } else { nil } }
        // One fill per class; ten areas plus Travemünde's hole.
        #expect(ringCounts.count == 4)
        #expect(ringCounts.reduce(0, +) == 11)
    }

    @Test func withoutGeometriesItIsATileMap() throws {
        let out = try Charts.figure(for: ChartSpec(kind: .map), data: ChartData(indicator: Sample.rate, series: Sample.cross.series), language: .de)
        let tiles = out.figure.drawing.items.filter { if case .rect(_, _, let w, let h, _, _, _) = $0 { w > 50 && h > 20 } else { false } }
        #expect(tiles.count == 10)
    }

    @Test func socialIndexMapColoursByStatusAndMarksDynamics() throws {
        let out = try Charts.figure(for: ChartSpec(kind: .map, focus: "03"), data: Sample.indexMap(geometries: true), language: .de)
        #expect(out.figure.alt == "Karte – Sozialindex (MSS), Oktober 2024, 10 Gebiete. Status: hoch 3, mittel 3, niedrig 2, sehr niedrig 1. "
                + "Dynamik: positiv 2, stabil 5, negativ 2. Status sehr niedrig: Moisling. Ohne Statusklasse: Schlutup. Hervorgehoben ist Moisling.")
        let items = out.figure.drawing.items
        // One fill per status class plus white for Schlutup (no class).
        let fills = items.compactMap { if case let .polygon(_, fill?, _?, _) = $0 { fill.description } else { nil } }
        #expect(Set(fills).count == 5)
        // A white plate per area with a dynamics class (9), plus three in the legend.
        let plates = items.filter { if case .circle(_, _, let r, _, _, _) = $0 { r == 6 } else { false } }
        #expect(plates.count == 12)
        let texts = items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        for word in ["Status:", "Dynamik:", "hoch", "sehr niedrig", "positiv", "stabil", "negativ"] { #expect(texts.contains(word), "\(word)") }
        #expect(out.table == nil || out.table?.columns.map(\.title) == ["Gebiet", "Statusklasse", "Statusindex", "Dynamikklasse", "Dynamikindex"])
        #expect(out.table?.rows[2] == ["Moisling", "sehr niedrig", "1,50", "negativ", "1,00"])
        #expect(out.table?.rows[7] == ["Schlutup", "–", "–", "–", "–"])
    }

    @Test func socialIndexTilesNameTheStatusClass() throws {
        let out = try Charts.figure(for: ChartSpec(kind: .map, table: false), data: Sample.indexMap(geometries: false), language: .en)
        #expect(out.table == nil)
        #expect(out.figure.alt.hasPrefix("Map – Sozialindex (MSS), Oktober 2024, 10 areas. Status: hoch 3"))
        let texts = out.figure.drawing.items.compactMap { if case let .text(_, _, t, _, _, _, _) = $0 { t } else { nil } }
        #expect(texts.filter { $0 == "sehr niedrig" }.count == 2, "Moisling's tile and the legend")
        #expect(texts.contains("Dynamics:"))
    }

    @Test func socialIndexWithoutAnyClassIsAnError() {
        var data = Sample.indexMap(geometries: false)
        let unclassified = Sample.index.areas.map { var a = $0; a.statusClass = nil; return a }
        data.index?.areas = unclassified
        #expect(throws: ChartError("the social index has no area with a status class — compute it with `civicbrief index compute`")) {
            try Charts.figure(for: ChartSpec(kind: .map), data: data, language: .de)
        }
    }
}
