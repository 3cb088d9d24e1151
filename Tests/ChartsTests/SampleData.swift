import Charts
import Document
import Facts
import Foundation

/// Demo data shaped like the Lübeck demo store: ten Stadtteile, the city, October 2022 to 2024.
enum Sample {
    static let districts: [(String, String)] = [
        ("01", "Innenstadt"), ("02", "St. Jürgen"), ("03", "Moisling"), ("04", "Buntekuh"), ("05", "St. Lorenz Süd"),
        ("06", "St. Lorenz Nord"), ("07", "St. Gertrud"), ("08", "Schlutup"), ("09", "Kücknitz"), ("10", "Travemünde"),
    ]
    static let latest: [Double] = [9.4, 3.1, 12.5, 10.8, 8.9, 8.2, 5.0, 6.7, 7.9, 4.6]
    static let earlier: [Double] = [9.9, 3.3, 11.2, 10.1, 9.0, 8.6, 5.0, 6.1, 8.3, 4.9]
    static let rate = ChartIndicator(name: "Arbeitslosenquote", unit: .percent, decimals: 1)

    static func value(_ month: String, _ v: Double?, _ status: ChartStatus = .final) -> ChartValue {
        ChartValue(period: month, shortPeriod: month.replacingOccurrences(of: "Oktober", with: "Okt."), value: v, status: status)
    }
    static let months = ["Oktober 2022", "April 2023", "Oktober 2023", "April 2024", "Oktober 2024"]

    static func series(_ code: String, _ name: String, _ values: [Double], city: Bool = false, provisionalLast: Bool = false) -> ChartSeries {
        ChartSeries(code: code, name: name, isCity: city, values: zip(months, values).enumerated().map { i, p in
            value(p.0, p.1, provisionalLast && i == values.count - 1 ? .provisional : .final)
        })
    }

    static var city: ChartSeries { series("00", "Lübeck", [7.5, 7.5, 7.5, 7.5, 7.5], city: true) }

    /// Moisling against the city (the example in issue 5).
    static var line: ChartData {
        ChartData(indicator: rate, series: [series("03", "Moisling", [11.2, 11.6, 11.9, 12.2, 12.5]), city])
    }

    static var lineSeveral: ChartData {
        ChartData(indicator: rate, series: [
            series("03", "Moisling", [11.2, 11.6, 11.9, 12.2, 12.5], provisionalLast: true),
            series("04", "Buntekuh", [10.1, 10.4, 10.9, 12.0, 12.4], provisionalLast: true),
            series("01", "Innenstadt", [9.9, 9.8, 9.6, 9.5, 9.4], provisionalLast: true),
            series("05", "St. Lorenz Süd", [9.0, 9.1, 9.2, 9.0, 8.9], provisionalLast: true),
            city,
        ])
    }

    /// Latest value per district (two periods for change charts) plus the city.
    static var cross: ChartData {
        ChartData(indicator: rate, series: districts.enumerated().map { i, d in
            ChartSeries(code: d.0, name: d.1, values: [value("Oktober 2023", earlier[i]), value("Oktober 2024", latest[i])])
        } + [ChartSeries(code: "00", name: "Lübeck", isCity: true, values: [value("Oktober 2023", 7.6), value("Oktober 2024", 7.5)])],
                  geometries: geometries)
    }

    /// The social index of the ten districts: status classes 1–4, dynamics 1–3, Schlutup without a class.
    static let statusClasses: [Int?] = [2, 1, 4, 3, 2, 3, 1, nil, 2, 1]
    static let dynamicsClasses: [Int?] = [2, 2, 3, 1, 2, 3, 2, nil, 2, 1]
    static var index: IndexMapData {
        IndexMapData(name: "Sozialindex (MSS)", period: "Oktober 2024", statusLabels: ["hoch", "mittel", "niedrig", "sehr niedrig"],
                     dynamicsLabels: ["positiv", "stabil", "negativ"],
                     areas: districts.enumerated().map { i, d in
                         IndexMapArea(code: d.0, name: d.1, statusClass: statusClasses[i], dynamicsClass: dynamicsClasses[i],
                                      statusIndexText: statusClasses[i].map { String(format: "%.2f", Double($0) - 2.5).replacingOccurrences(of: ".", with: ",") } ?? "–",
                                      dynamicsIndexText: dynamicsClasses[i].map { String(format: "%.2f", Double($0) - 2).replacingOccurrences(of: ".", with: ",") } ?? "–")
                     })
    }
    static func indexMap(geometries withShapes: Bool) -> ChartData {
        ChartData(indicator: ChartIndicator(name: "Sozialindex (MSS)", unit: .index, decimals: 2),
                  series: districts.map { ChartSeries(code: $0.0, name: $0.1, values: []) },
                  geometries: withShapes ? geometries : [:], index: index)
    }

    /// Ring-shaped city: Innenstadt in the middle, the other nine as sectors around it; the
    /// sectors' inner edge follows the centre circle. One sector (Travemünde) has a hole.
    static var geometries: [String: String] {
        let lon0 = 10.69, lat0 = 53.87, k = cos(lat0 * .pi / 180)
        func point(_ angle: Double, _ r: Double) -> [Double] { [lon0 + r * cos(angle) / k, lat0 + r * sin(angle)] }
        func json(_ rings: [[[Double]]]) -> String {
            let text = rings.map { ring in "[" + ring.map { "[\(($0[0] * 1e5).rounded() / 1e5),\(($0[1] * 1e5).rounded() / 1e5)]" }.joined(separator: ",") + "]" }
            return "{\"type\":\"Polygon\",\"coordinates\":[\(text.joined(separator: ","))]}"
        }
        var out: [String: String] = [:]
        out["01"] = json([(0..<24).map { point(Double($0) / 24 * 2 * .pi, 0.02) }])
        for i in 0..<9 {
            let a0 = Double(i) / 9 * 2 * .pi, a1 = Double(i + 1) / 9 * 2 * .pi
            let outer = (0...8).map { point(a0 + (a1 - a0) * Double($0) / 8, 0.055 + 0.012 * sin(Double(i * 3 + $0))) }
            let inner = (0...8).reversed().map { point(a0 + (a1 - a0) * Double($0) / 8, 0.02) }
            var rings = [outer + inner]
            if i == 8 {
                let c = point((a0 + a1) / 2, 0.04)
                rings.append((0..<8).map { [c[0] + 0.005 * cos(Double($0) / 8 * 2 * .pi) / k, c[1] + 0.005 * sin(Double($0) / 8 * 2 * .pi)] })
            }
            out[districts[i + 1].0] = json(rings)
        }
        return out
    }

    /// Thirteen months of the city alone, the last two provisional, one suppressed gap.
    static var monthly: ChartData {
        let de = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
        let long = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        let values: [ChartValue] = (0..<13).map { i in
            let month = (9 + i) % 12, year = 2023 + (9 + i) / 12
            let status: ChartStatus = i == 5 ? .suppressed : i >= 11 ? .provisional : .final
            return ChartValue(period: "\(long[month]) \(year)", shortPeriod: "\(de[month]) \(year)",
                              value: 13.9 - Double(i) * 0.05 + (i % 3 == 0 ? 0.1 : 0), status: status)
        }
        return ChartData(indicator: ChartIndicator(name: "SGB-II-Quote", unit: .percent, decimals: 1),
                         series: [ChartSeries(code: "00", name: "Lübeck", isCity: true, values: values)])
    }

    /// The monthly series with a district whose direct label takes room from the plot.
    static var monthlyAgainstALongName: ChartData {
        let city = monthly.series[0]
        let district = ChartSeries(code: "06", name: "St. Lorenz Nord und Umgebung", isCity: false,
                                   values: city.values.map { ChartValue(period: $0.period, shortPeriod: $0.shortPeriod,
                                                                        value: $0.value.map { $0 + 4 }, status: $0.status) })
        return ChartData(indicator: monthly.indicator, series: [district, city])
    }

    static var smallMultiples: ChartData {
        let sgb = ChartIndicator(name: "SGB-II-Quote", unit: .percent, decimals: 1)
        let youth = ChartIndicator(name: "Jugendarbeitslosenquote", unit: .percent, decimals: 1)
        return ChartData(indicator: rate, series: [], panels: [
            ChartData(indicator: rate, series: [series("03", "Moisling", [11.2, 11.6, 11.9, 12.2, 12.5]), city]),
            ChartData(indicator: sgb, series: [series("03", "Moisling", [21.0, 21.4, 21.9, 22.3, 22.8]),
                                               series("00", "Lübeck", [13.9, 13.8, 13.8, 13.7, 13.6], city: true)]),
            ChartData(indicator: youth, series: [series("03", "Moisling", [9.8, 9.5, 9.0, 8.8, 8.7]),
                                                 series("00", "Lübeck", [6.0, 6.0, 6.1, 6.0, 6.0], city: true)]),
        ])
    }

    /// 24 areas, several with long compound names, to stress labels.
    static var manyLongNames: ChartData {
        let names = ["Kücknitz-Pöppendorf-Ivendorf", "St. Lorenz Süd", "Buntekuh", "Innenstadt", "Travemünde-Priwall und Teutendorf",
                     "Moisling", "Schlutup", "St. Gertrud-Marli-Brandenbaum", "Israelsdorf-Gothmund", "Eichholz-Krögerland",
                     "Strecknitz-Rothebeck", "Niederbüssau-Vorrader Straße", "Karlshof-Israelsdorf", "Dänischburg-Siems-Rangenberg",
                     "Wesloe", "Roter Hahn", "Hochschulstadtteil", "Bornkamp", "Holstentor-Nord", "Falkenfeld-Vorwerk-Teerhofinsel",
                     "Marli", "Brandenbaum", "Genin", "Oberbüssau"]
        return ChartData(indicator: rate, series: names.enumerated().map { i, n in
            ChartSeries(code: String(format: "%02d", i + 1), name: n,
                        values: [value("Oktober 2023", 5 + Double((i * 7) % 11) * 0.7), value("Oktober 2024", 5 + Double((i * 5) % 13) * 0.6)])
        } + [ChartSeries(code: "00", name: "Lübeck", isCity: true, values: [value("Oktober 2023", 7.6), value("Oktober 2024", 7.5)])])
    }
}

extension Sample {
    /// `n` areas on a jittered grid, each a polygon of `vertices` points (a wobbly disc), lon/lat around Lübeck.
    static func manyAreas(_ n: Int, vertices: Int) -> ChartData {
        let columns = Int(Double(n).squareRoot().rounded(.up))
        var series: [ChartSeries] = []
        var geometries: [String: String] = [:]
        for i in 0..<n {
            let cx = 10.5 + Double(i % columns) * 0.01, cy = 53.8 + Double(i / columns) * 0.006
            var ring: [String] = []
            for v in 0..<vertices {
                let a = Double(v) / Double(vertices) * 2 * .pi
                let r = 0.0045 * (1 + 0.15 * sin(Double(v * 5 + i)))
                ring.append("[\(cx + r * cos(a) / 0.59),\(cy + r * 0.6 * sin(a))]")
            }
            let code = String(format: "%03d", i + 1)
            geometries[code] = "{\"type\":\"Polygon\",\"coordinates\":[[\(ring.joined(separator: ","))]]}"
            series.append(ChartSeries(code: code, name: "Bezirk \(i + 1)",
                                      values: [value("Oktober 2024", 3 + Double((i * 37) % 101) / 10)]))
        }
        return ChartData(indicator: rate, series: series, geometries: geometries)
    }
}

extension ChartData {
    /// The same chart one period shorter.
    var droppingLastPeriod: ChartData {
        var copy = self
        copy.series = series.map { var s = $0; s.values.removeLast(); return s }
        return copy
    }
}
