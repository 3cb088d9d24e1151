import Document

extension Preparer {
    /// Key-figure tiles, up to four per row. A label breaks only between words (never hyphenated) and
    /// a figure never breaks at all: where a word or a figure is wider than the tile, the text is set
    /// smaller — the figures of a row all at the one size that fits each of them, so they compare.
    func prepareTiles(_ k: KeyFigures) -> MeasuredBoxGroup {
        let perRow = min(4, max(1, k.tiles.count))
        let gap = 10.0
        let tileWidth = (theme.contentWidth - gap * Double(perRow - 1)) / Double(perRow)
        var rows: [MeasuredBox] = []
        var index = 0
        while index < k.tiles.count {
            let rowTiles = Array(k.tiles[index..<min(index + perRow, k.tiles.count)])
            index += rowTiles.count
            rows.append(tileRow(rowTiles, tileWidth: tileWidth, gap: gap))
        }
        return MeasuredBoxGroup(open: StructureTag("L"), rows: rows, gap: gap, spaceBefore: 12, spaceAfter: 16)
    }

    /// One row of tiles: every tile laid out first, so labels, values and change lines share one grid.
    private func tileRow(_ rowTiles: [KeyFigure], tileWidth: Double, gap: Double) -> MeasuredBox {
        let pad = 10.0
        // The change line moves right to make room for its arrow.
        let arrowRoom = 11.0
        let fields = tileFields(rowTiles, inner: tileWidth - 2 * pad - 3, arrowRoom: arrowRoom)
        let gaps = [3.0, 3.0, 2.0, 0.0]
        var arrows: [PageOp] = []
        var fieldHeights = [Double](repeating: 0, count: 4)
        for tileFields in fields {
            for (f, l) in tileFields.enumerated() { fieldHeights[f] = max(fieldHeights[f], l?.height ?? 0) }
        }
        var contents: [[PageOp]] = []
        var heights: [Double] = []
        for (t, tileFields) in fields.enumerated() {
            let x = theme.contentLeft + Double(t) * (tileWidth + gap) + pad + 3
            var y = pad
            var ops: [PageOp] = [.begin(StructureTag("LI")), .begin(StructureTag("LBody"))]
            for (f, layout) in tileFields.enumerated() {
                if let layout {
                    var textX = x
                    if f == 2, let trend = rowTiles[t].trend, let first = layout.lines.first {
                        arrows.append(.shape(Self.arrow(trend, centreX: x + 4, centreY: y + (first.top + first.bottom) / 2),
                                             fill: theme.bodyColor, stroke: nil, lineWidth: 0))
                        textX += arrowRoom
                    }
                    // A figure set smaller sits on the baseline the full-size ones would have.
                    let dy = f == 1 ? fieldHeights[1] - layout.height : 0
                    ops.append(.begin(StructureTag("P")))
                    ops += glyphOps(layout, x: textX, y: y + dy)
                    ops.append(.end)
                }
                // The last field only takes its own height; earlier ones keep the row's grid.
                y += (f == 3 ? (layout?.height ?? 0) : fieldHeights[f]) + (fieldHeights[f] > 0 ? gaps[f] : 0)
            }
            ops += [.end, .end]
            contents.append(ops)
            heights.append(y + pad)
        }
        let height = heights.max() ?? 0
        var ops: [PageOp] = [.begin(.furniture)]
        for t in 0..<rowTiles.count {
            let x = theme.contentLeft + Double(t) * (tileWidth + gap)
            ops.append(.shape(.rect(x: x, y: 0, width: tileWidth, height: height), fill: theme.tileBackground,
                              stroke: nil, lineWidth: 0))
            ops.append(.shape(.rect(x: x, y: 0, width: 3, height: height), fill: theme.tileAccent,
                              stroke: nil, lineWidth: 0))
        }
        ops += arrows
        ops.append(.end)
        ops += contents.flatMap { $0 }
        return MeasuredBox(ops: ops, height: height, spaceBefore: 0, spaceAfter: 0)
    }

    /// Each tile's label, figure, change and comparison line, laid out `inner` wide; the row's
    /// figures at one size that fits the widest.
    private func tileFields(_ rowTiles: [KeyFigure], inner: Double, arrowRoom: Double) -> [[TextLayout?]] {
        let labelStyle = TextStyle(size: theme.smallSize, bold: true, color: theme.mutedColor)
        var valueStyle = TextStyle(size: 20, bold: true, color: theme.tileAccent)
        let styles = [labelStyle, valueStyle,
                      TextStyle(size: theme.smallSize + 0.5, color: theme.bodyColor),
                      TextStyle(size: theme.smallSize, color: theme.mutedColor, lineSpacing: 1.0)]
        let widest = rowTiles.map { makeLayout([TextPiece(text: $0.value)], valueStyle, width: nil).width }.max() ?? 0
        if widest > inner { valueStyle.size = max(11, (valueStyle.size * inner / widest * 10).rounded(.down) / 10) }
        return rowTiles.map { tile in
            [tile.label, tile.value, tile.change, tile.comparison].enumerated().map { (f, text) in
                text.map { text -> TextLayout in
                    switch f {
                    case 0: return fittedLabel(text, style: labelStyle, width: inner)
                    case 1: return makeLayout([TextPiece(text: text)], valueStyle, width: nil)
                    default:
                        // The short change and comparison lines break between words („ggü. Vor-monat“ looks broken).
                        return makeLayout([TextPiece(text: text)], styles[f],
                                          width: inner - (f == 2 && tile.trend != nil ? arrowRoom : 0))
                    }
                }
            }
        }
    }

    /// A label broken between words only; set smaller when its longest word is wider than the tile.
    private func fittedLabel(_ text: String, style: TextStyle, width: Double) -> TextLayout {
        let layout = makeLayout([TextPiece(text: text)], style, width: width)
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
        let longest = words.map { makeLayout([TextPiece(text: String($0))], style, width: nil).width }.max() ?? 0
        guard longest > width else { return layout }
        var smaller = style
        smaller.size = max(6.5, (style.size * width / longest * 10).rounded(.down) / 10)
        return makeLayout([TextPiece(text: text)], smaller, width: width)
    }
}
