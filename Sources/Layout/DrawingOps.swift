import Document

/// A drawing's items as page operations, its top left at (x0, y0), coordinates scaled by `scale`
/// (text keeps its point size): for figures, and for the logo in the running head.
func drawingOps(_ d: Drawing, fonts: FontEnvironment, x0: Double, y0: Double, scale: Double) -> [PageOp] {
    var ops: [PageOp] = []
    for item in d.items {
        switch item {
        case let .rect(x, y, w, h, fill, stroke, lw):
            ops.append(.shape(.rect(x: x0 + x * scale, y: y0 + y * scale, width: w * scale, height: h * scale),
                              fill: fill, stroke: stroke, lineWidth: lw))
        case let .line(x1, y1, x2, y2, stroke, lw):
            ops.append(.shape(.polyline([(x0 + x1 * scale, y0 + y1 * scale), (x0 + x2 * scale, y0 + y2 * scale)]),
                              fill: nil, stroke: stroke, lineWidth: lw))
        case let .polyline(points, stroke, lw):
            ops.append(.shape(.polyline(points.map { (x0 + $0[0] * scale, y0 + $0[1] * scale) }),
                              fill: nil, stroke: stroke, lineWidth: lw))
        case let .circle(cx, cy, r, fill, stroke, lw):
            ops.append(.shape(.circle(cx: x0 + cx * scale, cy: y0 + cy * scale, r: r * scale),
                              fill: fill, stroke: stroke, lineWidth: lw))
        case let .polygon(rings, fill, stroke, lw):
            ops.append(.shape(.rings(rings.map { $0.map { (x: x0 + $0[0] * scale, y: y0 + $0[1] * scale) } }),
                              fill: fill, stroke: stroke, lineWidth: lw))
        case let .text(x, y, text, size, anchor, bold, color):
            let l = TextLayout(fonts: fonts, pieces: [TextPiece(text: text)], style: TextStyle(size: size, bold: bold, color: color), width: nil)
            let baseline = l.lines.first?.baseline ?? 0
            var left = x0 + x * scale
            switch anchor {
            case .start: break
            case .middle: left -= l.width / 2
            case .end: left -= l.width
            }
            ops += glyphOps(l, x: left, y: y0 + y * scale - baseline)
        }
    }
    return ops
}
