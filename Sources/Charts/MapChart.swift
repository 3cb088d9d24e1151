import Document
import Facts
import Foundation

/// Which class each area is in, what the legend calls the classes, and (for the social index)
/// which symbol each area carries.
struct MapClasses {
    var legend: [String]
    /// Area code → class, 0-based; an area without a class is drawn white.
    var index: [String: Int]
    /// The tile's second line (value or class name).
    var cell: [String: String]
    var marks: [String: MapMark] = [:]
    var markLegend: [(MapMark, String)] = []
    var count: Int { legend.count }
}

/// Dynamics symbols: drawn shapes, since Noto Sans has no arrow glyphs.
enum MapMark { case up, steady, down }

/// A choropleth of area geometries (GeoJSON, lon/lat, equirectangular with cos(lat₀) scaling), or a
/// tile map of the areas when geometries are missing. Classes are quantiles or fixed breaks of the
/// indicator, or the social index's status classes with the dynamics class as a symbol; each class
/// has its own hatching as well as its colour, and the legend shows both.
struct MapChart {
    let data: ChartData
    let spec: ChartSpec
    let words: Words
    let measurer: TextMeasurer
    var width: Double
    static let size = 8.5

    /// Class upper bounds (k - 1 of them): fixed breaks, else quantiles rounded to the indicator's decimals.
    static func breaks(_ values: [Double], classes: Int, fixed: [Double]?, decimals: Int) -> [Double] {
        if let fixed, !fixed.isEmpty { return fixed.sorted() }
        let sorted = values.sorted()
        guard sorted.count > 1 else { return [] }
        let k = max(2, min(classes, Palette.classes.count, sorted.count))
        let scale = pow(10, Double(decimals))
        var out: [Double] = []
        for q in 1..<k {
            let position = Double(q) / Double(k) * Double(sorted.count - 1)
            let lower = sorted[Int(position.rounded(.down))], upper = sorted[min(sorted.count - 1, Int(position.rounded(.down)) + 1)]
            let v = ((lower + (upper - lower) * (position - position.rounded(.down))) * scale).rounded() / scale
            if out.last.map({ v > $0 }) ?? true { out.append(v) }
        }
        return out
    }

    static func classIndex(_ v: Double, _ breaks: [Double]) -> Int { breaks.firstIndex(where: { v < $0 }) ?? breaks.count }

    /// Hatching per class so classes read without colour: none, falling lines, rising lines, crossed.
    mutating func hatch(_ canvas: inout Canvas, _ rings: [[[Double]]], classIndex: Int, classCount: Int, fill: Color) {
        let ink = Palette.classText(fill)
        let step = classCount <= 1 ? 0 : Int((Double(classIndex) / Double(classCount - 1) * 3).rounded())
        switch step {
        case 1: canvas.hatch(rings, spacing: 4, direction: -1, color: ink, width: 0.5)
        case 2: canvas.hatch(rings, spacing: 4, direction: 1, color: ink, width: 0.5)
        case 3:
            canvas.hatch(rings, spacing: 4, direction: 1, color: ink, width: 0.5)
            canvas.hatch(rings, spacing: 4, direction: -1, color: ink, width: 0.5)
        default: break
        }
    }

    mutating func draw() throws(ChartError) -> (Drawing, String) {
        let areas = data.areas
        let classes: MapClasses
        if let index = data.index { classes = try Self.indexClasses(index) } else { classes = try valueClasses() }
        let colors = Self.classColors(classes.count)
        var canvas = Canvas(measurer: measurer)
        let shapes = areas.compactMap { a in data.geometries[a.code].flatMap(GeoJSON.rings).map { (a, $0) } }
        var bottom: Double
        if !shapes.isEmpty && shapes.count == areas.count {
            bottom = choropleth(&canvas, shapes, classes: classes, colors: colors)
        } else {
            bottom = tiles(&canvas, areas, classes: classes, colors: colors)
        }
        bottom = legend(&canvas, top: bottom + 10, classes: classes, colors: colors)
        let alt = data.index.map(indexAlt) ?? alt(classCount: classes.count)
        return (Drawing(width: width, height: bottom + 4, items: canvas.items), alt)
    }

    /// Classes from the indicator's latest values: quantiles or the spec's fixed breaks.
    func valueClasses() throws(ChartError) -> MapClasses {
        let values = data.areas.compactMap { $0.latest?.shown }
        guard !values.isEmpty else { throw ChartError(ChartProblem.mapNeedsAValue.rawValue) }
        let breaks = Self.breaks(values, classes: spec.classes, fixed: spec.breaks, decimals: data.indicator.decimals)
        let de = words.de
        var legend: [String] = []
        for i in 0...breaks.count {
            if i == 0 { legend.append((de ? "unter " : "below ") + words.value(breaks.first ?? (values.max() ?? 0))) }
            else if i == breaks.count { legend.append(words.value(breaks[i - 1]) + (de ? " und mehr" : " and over")) }
            else { legend.append(words.value(breaks[i - 1]) + (de ? " bis unter " : " to under ") + words.value(breaks[i])) }
        }
        if breaks.isEmpty { legend = [words.value(values.min() ?? 0)] }
        var index: [String: Int] = [:], cell: [String: String] = [:]
        for area in data.areas {
            if let v = area.latest?.shown { index[area.code] = Self.classIndex(v, breaks) }
            cell[area.code] = area.latest.map(words.cell) ?? StatusSymbols.missing
        }
        return MapClasses(legend: legend, index: index, cell: cell)
    }

    /// Classes from the social index: colour and hatching by status class, a symbol per dynamics class
    /// (the first class rising, the last falling, any between steady).
    static func indexClasses(_ index: IndexMapData) throws(ChartError) -> MapClasses {
        guard !index.statusLabels.isEmpty, index.areas.contains(where: { $0.statusClass != nil }) else {
            throw ChartError(ChartProblem.indexNeedsClasses.rawValue)
        }
        func mark(_ c: Int) -> MapMark { c == 1 ? .up : c == index.dynamicsLabels.count ? .down : .steady }
        var classes = MapClasses(legend: index.statusLabels, index: [:], cell: [:])
        for area in index.areas {
            if let s = area.statusClass, s >= 1, s <= index.statusLabels.count {
                classes.index[area.code] = s - 1
                classes.cell[area.code] = index.statusLabels[s - 1]
            } else {
                classes.cell[area.code] = StatusSymbols.missing
            }
            if let d = area.dynamicsClass, d >= 1, d <= index.dynamicsLabels.count { classes.marks[area.code] = mark(d) }
        }
        classes.markLegend = index.dynamicsLabels.enumerated().map { (mark($0.offset + 1), $0.element) }
        return classes
    }

    /// ▲ ▬ ▼ on a white plate, so the symbol keeps its contrast over any fill or hatching.
    func drawMark(_ canvas: inout Canvas, _ mark: MapMark, x: Double, y: Double) {
        canvas.items.append(.circle(cx: x, cy: y, r: 6, fill: .white, stroke: Palette.outline, lineWidth: 0.6))
        let r = 3.6
        switch mark {
        case .up: canvas.items.append(.polygon(rings: [[[x, y - r], [x + r, y + r * 0.75], [x - r, y + r * 0.75]]],
                                               fill: Palette.text, stroke: nil, lineWidth: 0))
        case .down: canvas.items.append(.polygon(rings: [[[x, y + r], [x + r, y - r * 0.75], [x - r, y - r * 0.75]]],
                                                 fill: Palette.text, stroke: nil, lineWidth: 0))
        case .steady: canvas.items.append(.rect(x: x - r, y: y - 1.2, width: 2 * r, height: 2.4, fill: Palette.text, stroke: nil, lineWidth: 0))
        }
    }

    static func classColors(_ n: Int) -> [Color] {
        let all = Palette.classes
        guard n < all.count else { return all }
        // Spread over the ramp, always ending at the darkest.
        return (0..<n).map { all[Int((Double($0) / Double(max(1, n - 1)) * Double(all.count - 1)).rounded())] }
    }

    mutating func choropleth(_ canvas: inout Canvas, _ shapes: [(ChartSeries, [[[Double]]])], classes: MapClasses, colors: [Color]) -> Double {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for (_, rings) in shapes { for ring in rings { for p in ring {
            minX = min(minX, p[0]); maxX = max(maxX, p[0]); minY = min(minY, p[1]); maxY = max(maxY, p[1])
        } } }
        let k = cos((minY + maxY) / 2 * .pi / 180)
        let w = max(1e-9, (maxX - minX) * k), h = max(1e-9, maxY - minY)
        let maxHeight = 340.0
        let scale = min(width / w, maxHeight / h)
        let offsetX = (width - w * scale) / 2
        func project(_ p: [Double]) -> [Double] { [offsetX + (p[0] - minX) * k * scale, (maxY - p[1]) * scale] }
        var focusRings: [[[Double]]] = []
        var labels: [(String, Double, Double, Bool)] = []
        var marks: [(MapMark, Double, Double)] = []
        // One fill, one hatching per class and one outline for all areas: a few large paths draw
        // far faster than hundreds of small ones, and areas never overlap, so even-odd stays right.
        var byClass: [Int: [[[Double]]]] = [:]
        for (area, rings) in shapes {
            // Simplified to half a point (0.18 mm): finer detail does not show in print and only costs time.
            let projected = rings.map { simplify($0.map(project), tolerance: 0.5) }.filter { $0.count >= 3 }
            guard !projected.isEmpty else { continue }
            let index = classes.index[area.code] ?? -1
            byClass[index, default: []] += projected
            if area.code == spec.focus { focusRings = projected }
            // Label and symbol go on the largest ring (a MultiPolygon's main part; never a hole).
            func ringArea(_ ring: [[Double]]) -> Double {
                abs(ring.indices.reduce(0.0) { sum, i in
                    let p = ring[i], q = ring[(i + 1) % ring.count]
                    return sum + p[0] * q[1] - q[0] * p[1]
                })
            }
            let outer = projected.max { ringArea($0) < ringArea($1) } ?? projected[0]
            let c = centroid(outer)
            if let mark = classes.marks[area.code] { marks.append((mark, c.0, c.1)) }
            // With a symbol at the centre, the name goes just below it.
            if shapes.count <= 40 { labels.append((area.name, c.0, c.1 + (classes.marks[area.code] == nil ? 0 : 11), area.code == spec.focus)) }
        }
        for index in byClass.keys.sorted() {
            guard let rings = byClass[index] else { continue }
            let fill = index >= 0 ? colors[index] : .white
            // Fill and outline in one item: the PDF gets the path once, filled and stroked.
            canvas.items.append(.polygon(rings: rings, fill: fill, stroke: Palette.outline, lineWidth: shapes.count > 60 ? 0.3 : 0.6))
        }
        // Hatching after all fills, so no later fill covers it.
        for index in byClass.keys.sorted() where index >= 0 {
            guard let rings = byClass[index] else { continue }
            hatch(&canvas, rings, classIndex: index, classCount: colors.count, fill: colors[index])
        }
        for (mark, x, y) in marks { drawMark(&canvas, mark, x: x, y: y) }
        if !focusRings.isEmpty {
            canvas.items.append(.polygon(rings: focusRings, fill: nil, stroke: Palette.text, lineWidth: 2.2))
        }
        // Labels on a white plate so they keep 4.5:1 over any fill; dropped where they would overlap.
        var taken: [Rect] = []
        for (name, x, y, bold) in labels.sorted(by: { $0.3 && !$1.3 }) {
            let e = measurer.measure(name, size: 8, bold: bold)
            let box = Rect(x: x - e.width / 2 - 1.5, y: y - e.height / 2, width: e.width + 3, height: e.height)
            guard !taken.contains(where: { $0.intersects(box) }), box.x >= 0, box.x + box.width <= width else { continue }
            taken.append(box)
            canvas.rect(box.x, box.y, box.width, box.height, fill: .white)
            canvas.text(name, x: x, centre: y, size: 8, anchor: .middle, bold: bold)
        }
        return h * scale
    }

    /// Douglas–Peucker on a closed ring (iterative, so huge rings cannot overflow the stack).
    func simplify(_ ring: [[Double]], tolerance: Double) -> [[Double]] {
        guard ring.count > 4 else { return ring }
        var keep = [Bool](repeating: false, count: ring.count)
        // Split the ring at its first point and the point farthest from it.
        let far = ring.indices.max { hypot(ring[$0][0] - ring[0][0], ring[$0][1] - ring[0][1]) < hypot(ring[$1][0] - ring[0][0], ring[$1][1] - ring[0][1]) } ?? 0
        keep[0] = true; keep[far] = true; keep[ring.count - 1] = true
        var stack = [(0, far), (far, ring.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let ax = ring[a][0], ay = ring[a][1], dx = ring[b][0] - ax, dy = ring[b][1] - ay
            let length = max(1e-12, hypot(dx, dy))
            var worst = 0.0, index = a
            for i in (a + 1)..<b {
                let d = abs(dy * (ring[i][0] - ax) - dx * (ring[i][1] - ay)) / length
                if d > worst { worst = d; index = i }
            }
            if worst > tolerance {
                keep[index] = true
                stack.append((a, index)); stack.append((index, b))
            }
        }
        return ring.indices.filter { keep[$0] }.map { ring[$0] }
    }

    func centroid(_ ring: [[Double]]) -> (Double, Double) {
        var a = 0.0, cx = 0.0, cy = 0.0
        for i in ring.indices {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            let cross = p[0] * q[1] - q[0] * p[1]
            a += cross; cx += (p[0] + q[0]) * cross; cy += (p[1] + q[1]) * cross
        }
        if abs(a) < 1e-9 { return (ring.map { $0[0] }.reduce(0, +) / Double(ring.count), ring.map { $0[1] }.reduce(0, +) / Double(ring.count)) }
        return (cx / (3 * a), cy / (3 * a))
    }

    /// One tile per area in code order; name and value written on the tile.
    mutating func tiles(_ canvas: inout Canvas, _ areas: [ChartSeries], classes: MapClasses, colors: [Color]) -> Double {
        let columns = areas.count <= 4 ? areas.count : areas.count <= 12 ? 4 : 5
        let gap = 4.0
        let tileWidth = (width - gap * Double(columns - 1)) / Double(columns)
        let lineHeight = measurer.measure("Äg", size: Self.size).height
        let sorted = areas.sorted { $0.code < $1.code }
        let names = sorted.map { measurer.wrap($0.name, size: Self.size, bold: true, width: tileWidth - 10) }
        // Each row as tall as its longest name needs; the bottom band holds the hatching (right)
        // and the dynamics symbol (left).
        let rowCount = (sorted.count + columns - 1) / columns
        let rowHeights = (0..<rowCount).map { row in
            let lines = names[(row * columns)..<min(names.count, (row + 1) * columns)].map(\.count).max() ?? 1
            return Double(lines + 1) * lineHeight + (classes.marks.isEmpty ? 12 : 25)
        }
        var rowTops = [0.0]
        for h in rowHeights { rowTops.append((rowTops.last ?? 0) + h + gap) }
        var y = 0.0, tileHeight = 0.0
        for (i, area) in sorted.enumerated() {
            let col = i % columns, row = i / columns
            let x = Double(col) * (tileWidth + gap)
            y = rowTops[row]
            tileHeight = rowHeights[row]
            let index = classes.index[area.code]
            let fill = index.map { colors[$0] } ?? .white
            let rect = [[[x, y], [x + tileWidth, y], [x + tileWidth, y + tileHeight], [x, y + tileHeight]]]
            canvas.rect(x, y, tileWidth, tileHeight, fill: fill)
            // Hatching only in the tile's lower band, so it never runs through the text.
            let ink = Palette.classText(fill)
            var textY = y + 6 + lineHeight / 2
            for line in names[i] {
                canvas.text(line, x: x + 5, centre: textY, size: Self.size, bold: true, color: ink)
                textY += lineHeight
            }
            canvas.text(classes.cell[area.code] ?? StatusSymbols.missing, x: x + 5, centre: textY, size: Self.size, color: ink)
            if let mark = classes.marks[area.code] { drawMark(&canvas, mark, x: x + 11, y: y + tileHeight - 9) }
            let band = [[[x + tileWidth * 0.62, y + tileHeight - 12], [x + tileWidth - 3, y + tileHeight - 12],
                         [x + tileWidth - 3, y + tileHeight - 3], [x + tileWidth * 0.62, y + tileHeight - 3]]]
            if let index { hatch(&canvas, band, classIndex: index, classCount: colors.count, fill: fill) }
            let isFocus = area.code == spec.focus
            canvas.items.append(.polygon(rings: rect, fill: nil, stroke: isFocus ? Palette.text : Palette.outline,
                                         lineWidth: isFocus ? 2.4 : 0.6))
        }
        return y + tileHeight
    }

    /// Legend: swatch with the class hatching, and the class range in words.
    mutating func legend(_ canvas: inout Canvas, top: Double, classes: MapClasses, colors: [Color]) -> Double {
        let de = words.de
        var x = 0.0, y = top
        let swatch = 14.0
        if data.index != nil {
            canvas.text("Status:", x: 0, centre: y + swatch / 2, size: Self.size, bold: true)
            x = max(measurer.width("Status:", size: Self.size, bold: true),
                    measurer.width(de ? "Dynamik:" : "Dynamics:", size: Self.size, bold: true)) + 8
        }
        let indent = x
        for (i, text) in classes.legend.enumerated() {
            let w = swatch + 5 + measurer.width(text, size: Self.size) + 14
            if x + w > width { x = indent; y += swatch + 6 }
            let rect = [[[x, y], [x + swatch, y], [x + swatch, y + swatch], [x, y + swatch]]]
            canvas.rect(x, y, swatch, swatch, fill: colors[min(i, colors.count - 1)])
            hatch(&canvas, rect, classIndex: i, classCount: colors.count, fill: colors[min(i, colors.count - 1)])
            canvas.items.append(.polygon(rings: rect, fill: nil, stroke: Palette.outline, lineWidth: 0.6))
            canvas.text(text, x: x + swatch + 5, centre: y + swatch / 2, size: Self.size)
            x += w
        }
        var bottom = y + swatch
        if !classes.markLegend.isEmpty {
            y = bottom + 8
            canvas.text(de ? "Dynamik:" : "Dynamics:", x: 0, centre: y + swatch / 2, size: Self.size, bold: true)
            x = indent
            for (mark, text) in classes.markLegend {
                let w = swatch + 5 + measurer.width(text, size: Self.size) + 14
                if x + w > width { x = indent; y += swatch + 6 }
                drawMark(&canvas, mark, x: x + swatch / 2, y: y + swatch / 2)
                canvas.text(text, x: x + swatch + 5, centre: y + swatch / 2, size: Self.size)
                x += w
            }
            bottom = y + swatch
        }
        if let focus = spec.focus, let name = data.areas.first(where: { $0.code == focus })?.name {
            canvas.rect(0, bottom + 8, swatch, swatch, fill: nil, stroke: Palette.text, width: 2.2)
            canvas.text(de ? "Kräftig umrandet: \(name)" : "Bold outline: \(name)", x: swatch + 5, centre: bottom + 8 + swatch / 2, size: Self.size)
            bottom += 8 + swatch
        }
        return bottom
    }

    /// „Karte – Arbeitslosenquote, Oktober 2024, 10 Gebiete in 4 Klassen: Den höchsten Wert hat Moisling mit 12,5 %,
    /// den niedrigsten St. Jürgen mit 3,1 %. Hervorgehoben ist Moisling.“
    func alt(classCount: Int) -> String {
        let de = words.de
        let shown = data.areas.compactMap { a in a.latest?.shown.map { (a, $0) } }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.name < $1.0.name }
        let period = data.areas.first?.latest?.period ?? ""
        var text = de ? "Karte – \(data.indicator.name), \(period), \(data.areas.count) Gebiete in \(classCount) Klassen: "
                      : "Map – \(data.indicator.name), \(period), \(data.areas.count) areas in \(classCount) classes: "
        if let top = shown.first, let low = shown.last {
            text += de ? "Den höchsten Wert hat \(top.0.name) mit \(words.value(top.1)), den niedrigsten \(low.0.name) mit \(words.value(low.1))."
                       : "\(top.0.name) has the highest value at \(words.value(top.1)), \(low.0.name) the lowest at \(words.value(low.1))."
        }
        if let focus = spec.focus, let f = data.areas.first(where: { $0.code == focus }) {
            let v = f.latest?.shown.map(words.value)
            text += de ? " Hervorgehoben ist \(f.name)" + (v.map { " mit \($0)" } ?? "") + "."
                       : " \(f.name) is highlighted" + (v.map { " at \($0)" } ?? "") + "."
        }
        return text
    }
}

extension MapChart {
    /// „Karte – Sozialindex (MSS), Oktober 2026, 35 Gebiete. Status: hoch 9, mittel 14, niedrig 8,
    /// sehr niedrig 4. Dynamik: positiv 7, stabil 21, negativ 7. Status sehr niedrig: A, B, C und D.“
    func indexAlt(_ index: IndexMapData) -> String {
        let de = words.de
        func counts(_ labels: [String], _ cls: (IndexMapArea) -> Int?) -> String {
            labels.enumerated().map { i, label in "\(label) \(index.areas.filter { cls($0) == i + 1 }.count)" }
                .joined(separator: ", ")
        }
        var text = (de ? "Karte – \(index.name), \(index.period), \(index.areas.count) Gebiete. Status: "
                       : "Map – \(index.name), \(index.period), \(index.areas.count) areas. Status: ")
            + counts(index.statusLabels, \.statusClass) + ". "
            + (de ? "Dynamik: " : "Dynamics: ") + counts(index.dynamicsLabels, \.dynamicsClass) + "."
        if let lowest = index.statusLabels.last {
            let names = index.areas.filter { $0.statusClass == index.statusLabels.count }.map(\.name)
            if !names.isEmpty { text += " Status \(lowest): \(words.list(names))." }
        }
        let unclassified = index.areas.filter { $0.statusClass == nil }.map(\.name)
        if !unclassified.isEmpty { text += (de ? " Ohne Statusklasse: " : " Without a status class: ") + words.list(unclassified) + "." }
        if let focus = spec.focus, let f = index.areas.first(where: { $0.code == focus }) {
            text += de ? " Hervorgehoben ist \(f.name)." : " \(f.name) is highlighted."
        }
        return text
    }
}

/// Polygon and MultiPolygon rings from GeoJSON geometry text, as [lon, lat] points.
enum GeoJSON {
    static func rings(_ text: String) -> [[[Double]]]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let type = object["type"] as? String, let coordinates = object["coordinates"] else { return nil }
        func ring(_ any: Any) -> [[Double]]? {
            guard let points = any as? [[Any]] else { return nil }
            let out = points.compactMap { p -> [Double]? in
                guard p.count >= 2, let x = (p[0] as? NSNumber)?.doubleValue, let y = (p[1] as? NSNumber)?.doubleValue else { return nil }
                return [x, y]
            }
            return out.count >= 3 ? out : nil
        }
        switch type {
        case "Polygon":
            let rings = (coordinates as? [Any])?.compactMap(ring) ?? []
            return rings.isEmpty ? nil : rings
        case "MultiPolygon":
            let rings = (coordinates as? [Any])?.flatMap { ($0 as? [Any])?.compactMap(ring) ?? [] } ?? []
            return rings.isEmpty ? nil : rings
        default: return nil
        }
    }
}

/// Class breaks as the map computes them, for tests and for callers that want a legend elsewhere.
public enum MapChartProbe {
    public static func breaks(_ values: [Double], classes: Int, fixed: [Double]?, decimals: Int) -> [Double] {
        MapChart.breaks(values, classes: classes, fixed: fixed, decimals: decimals)
    }
}
