import Document
import Foundation

/// Collects drawing items; the helpers draw what the Drawing primitives lack (dashes, marker shapes, hatching).
struct Canvas {
    var items: [DrawingItem] = []
    let measurer: TextMeasurer

    mutating func text(_ s: String, x: Double, y: Double, size: Double = 8.5, anchor: TextAnchor = .start,
                       bold: Bool = false, color: Color = Palette.text) {
        items.append(.text(x: x, y: y, text: s, size: size, anchor: anchor, bold: bold, color: color))
    }

    /// Text centred vertically on `centre` (baseline placed from the font's ascent and descent).
    mutating func text(_ s: String, x: Double, centre: Double, size: Double = 8.5, anchor: TextAnchor = .start,
                       bold: Bool = false, color: Color = Palette.text) {
        let e = measurer.measure(s, size: size, bold: bold)
        text(s, x: x, y: centre - e.height / 2 + e.ascent, size: size, anchor: anchor, bold: bold, color: color)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: Color, _ width: Double = 1) {
        items.append(.line(x1: x1, y1: y1, x2: x2, y2: y2, stroke: color, lineWidth: width))
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: Color?, stroke: Color? = nil, width: Double = 1) {
        items.append(.rect(x: x, y: y, width: w, height: h, fill: fill, stroke: stroke, lineWidth: width))
    }

    /// A dashed polyline, drawn as short segments (dash, gap) along the path.
    mutating func dashed(_ points: [(Double, Double)], _ color: Color, width: Double, dash: Double = 4, gap: Double = 3) {
        var segment: [[Double]] = []
        var drawing = true, left = dash
        for (a, b) in zip(points, points.dropFirst()) {
            let length = hypot(b.0 - a.0, b.1 - a.1)
            guard length > 0 else { continue }
            var t = 0.0
            if drawing && segment.isEmpty { segment = [[a.0, a.1]] }
            while length - t > left {
                t += left
                let p = [a.0 + (b.0 - a.0) * t / length, a.1 + (b.1 - a.1) * t / length]
                if drawing {
                    segment.append(p)
                    items.append(.polyline(points: segment, stroke: color, lineWidth: width))
                    segment = []
                } else {
                    segment = [p]
                }
                drawing.toggle()
                left = drawing ? dash : gap
            }
            left -= length - t
            if drawing { segment.append([b.0, b.1]) }
        }
        if segment.count > 1 { items.append(.polyline(points: segment, stroke: color, lineWidth: width)) }
    }

    /// Marker shapes distinguish series without colour; hollow markers mean provisional values.
    mutating func marker(_ shape: Int, x: Double, y: Double, color: Color, hollow: Bool, r: Double = 3) {
        let fill: Color = hollow ? .white : color
        switch shape % 4 {
        case 0:
            items.append(.circle(cx: x, cy: y, r: r, fill: fill, stroke: color, lineWidth: 1.2))
        case 1:
            items.append(.rect(x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8, fill: fill, stroke: color, lineWidth: 1.2))
        case 2:
            items.append(.polygon(rings: [[[x, y - r * 1.15], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]]],
                                  fill: fill, stroke: color, lineWidth: 1.2))
        default:
            items.append(.polygon(rings: [[[x, y - r * 1.2], [x + r * 1.2, y], [x, y + r * 1.2], [x - r * 1.2, y]]],
                                  fill: fill, stroke: color, lineWidth: 1.2))
        }
    }

    /// Parallel hatch lines clipped to the rings (even-odd): `direction` +1 rises to the right, -1 falls.
    mutating func hatch(_ rings: [[[Double]]], spacing: Double, direction: Double, color: Color, width: Double = 0.6) {
        // Lines x + direction·y = c; intersect every edge and pair the crossings left to right.
        var lo = Double.infinity, hi = -Double.infinity
        for ring in rings { for p in ring { let c = p[0] + direction * p[1]; lo = min(lo, c); hi = max(hi, c) } }
        guard lo.isFinite, hi > lo else { return }
        let step = spacing * 2.0.squareRoot()
        var c = (lo / step).rounded(.down) * step + step / 2
        var segments: [[[Double]]] = []
        while c < hi {
            var xs: [Double] = []
            for ring in rings where ring.count > 2 {
                for i in ring.indices {
                    let p = ring[i], q = ring[(i + 1) % ring.count]
                    let sp = p[0] + direction * p[1], sq = q[0] + direction * q[1]
                    if (sp <= c) != (sq <= c) {
                        let t = (c - sp) / (sq - sp)
                        xs.append(p[0] + (q[0] - p[0]) * t)
                    }
                }
            }
            xs.sort()
            var k = 0
            while k + 1 < xs.count {
                let x1 = xs[k], x2 = xs[k + 1]
                // On the line, y = (c - x) / direction.
                segments.append([[x1, (c - x1) / direction], [x2, (c - x2) / direction], [x1, (c - x1) / direction]])
                k += 2
            }
            c += step
        }
        // All lines of one hatching as one stroked item (each a there-and-back ring), which keeps
        // maps with hundreds of areas small in the PDF.
        if !segments.isEmpty { items.append(.polygon(rings: segments, fill: nil, stroke: color, lineWidth: width)) }
    }
}
