import Foundation

/// A small vector drawing in its own coordinate system (origin top left, y downwards, units
/// are points at 100 %). The layout scales it down to the text width when it is wider.
/// Charts produce drawings too.
public struct Drawing: Codable, Equatable, Sendable {
    public var width: Double
    public var height: Double
    public var items: [DrawingItem]

    public init(width: Double, height: Double, items: [DrawingItem]) {
        self.width = width
        self.height = height
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case width, height, items }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Double.self, forKey: .width)
        height = try c.decode(Double.self, forKey: .height)
        guard width > 0, height > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .width, in: c, debugDescription: "a drawing needs a positive width and height")
        }
        items = try c.decode([DrawingItem].self, forKey: .items)
    }
}

/// An sRGB colour written "#rrggbb".
public struct Color: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var red: Double, green: Double, blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
        red = Double((v >> 16) & 0xff) / 255
        green = Double((v >> 8) & 0xff) / 255
        blue = Double(v & 0xff) / 255
    }

    public var description: String {
        func h(_ x: Double) -> String {
            let v = Int((x * 255).rounded())
            return (v < 16 ? "0" : "") + String(v, radix: 16)
        }
        return "#" + h(red) + h(green) + h(blue)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let color = Color(hex: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a colour \"#rrggbb\", found \"\(text)\"")
        }
        self = color
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// WCAG 2.1 relative luminance.
    public var relativeLuminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// WCAG 2.1 contrast ratio between two colours (1…21).
    public func contrastRatio(against other: Color) -> Double {
        let a = relativeLuminance, b = other.relativeLuminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    public static let white = Color(red: 1, green: 1, blue: 1)
}

public enum TextAnchor: String, Codable, Equatable, Sendable { case start, middle, end }

/// One drawing primitive. JSON: `{"type": "rect" | "line" | "polyline" | "circle" | "polygon" | "text", …}`.
public enum DrawingItem: Codable, Equatable, Sendable {
    case rect(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, lineWidth: Double)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: Color, lineWidth: Double)
    case polyline(points: [[Double]], stroke: Color, lineWidth: Double)
    case circle(cx: Double, cy: Double, r: Double, fill: Color?, stroke: Color?, lineWidth: Double)
    /// A closed, filled area of one or more rings, filled even-odd so inner rings are holes
    /// (map areas with enclaves). JSON: `"rings": [[[x, y], …], …]` or `"points": [[x, y], …]` for one ring.
    case polygon(rings: [[[Double]]], fill: Color?, stroke: Color?, lineWidth: Double)
    /// A text label; (x, y) is the baseline point at the anchor; `size` in points (not scaled).
    case text(x: Double, y: Double, text: String, size: Double, anchor: TextAnchor, bold: Bool, color: Color)

    enum CodingKeys: String, CodingKey {
        case type, x, y, width, height, fill, stroke, lineWidth, x1, y1, x2, y2, points, cx, cy, r, rings
        case text, size, anchor, bold, color
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        let lw = try c.decodeIfPresent(Double.self, forKey: .lineWidth) ?? 1
        let dark = Color(hex: "#1a1a1a") ?? .white
        switch type {
        case "rect":
            self = .rect(x: try c.decode(Double.self, forKey: .x), y: try c.decode(Double.self, forKey: .y),
                         width: try c.decode(Double.self, forKey: .width), height: try c.decode(Double.self, forKey: .height),
                         fill: try c.decodeIfPresent(Color.self, forKey: .fill),
                         stroke: try c.decodeIfPresent(Color.self, forKey: .stroke), lineWidth: lw)
        case "line":
            self = .line(x1: try c.decode(Double.self, forKey: .x1), y1: try c.decode(Double.self, forKey: .y1),
                         x2: try c.decode(Double.self, forKey: .x2), y2: try c.decode(Double.self, forKey: .y2),
                         stroke: try c.decodeIfPresent(Color.self, forKey: .stroke) ?? dark, lineWidth: lw)
        case "polyline":
            let points = try c.decode([[Double]].self, forKey: .points)
            if let bad = points.firstIndex(where: { $0.count != 2 }) {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath + [CodingKeys.points, IndexKey(bad)],
                    debugDescription: "expected a point [x, y], found \(points[bad].count) numbers"))
            }
            self = .polyline(points: points, stroke: try c.decodeIfPresent(Color.self, forKey: .stroke) ?? dark, lineWidth: lw)
        case "circle":
            self = .circle(cx: try c.decode(Double.self, forKey: .cx), cy: try c.decode(Double.self, forKey: .cy),
                           r: try c.decode(Double.self, forKey: .r),
                           fill: try c.decodeIfPresent(Color.self, forKey: .fill),
                           stroke: try c.decodeIfPresent(Color.self, forKey: .stroke), lineWidth: lw)
        case "polygon":
            let rings: [[[Double]]]
            if let given = try c.decodeIfPresent([[[Double]]].self, forKey: .rings) {
                rings = given
            } else {
                rings = [try c.decode([[Double]].self, forKey: .points)]
            }
            for (r, ring) in rings.enumerated() {
                if let bad = ring.firstIndex(where: { $0.count != 2 }) {
                    throw DecodingError.dataCorrupted(.init(
                        codingPath: c.codingPath + [CodingKeys.rings, IndexKey(r), IndexKey(bad)],
                        debugDescription: "expected a point [x, y], found \(ring[bad].count) numbers"))
                }
                if ring.count < 3 {
                    throw DecodingError.dataCorrupted(.init(
                        codingPath: c.codingPath + [CodingKeys.rings, IndexKey(r)],
                        debugDescription: "a polygon ring needs at least 3 points, found \(ring.count)"))
                }
            }
            self = .polygon(rings: rings, fill: try c.decodeIfPresent(Color.self, forKey: .fill),
                            stroke: try c.decodeIfPresent(Color.self, forKey: .stroke), lineWidth: lw)
        case "text":
            self = .text(x: try c.decode(Double.self, forKey: .x), y: try c.decode(Double.self, forKey: .y),
                         text: try c.decode(String.self, forKey: .text),
                         size: try c.decodeIfPresent(Double.self, forKey: .size) ?? 9,
                         anchor: try c.decodeIfPresent(TextAnchor.self, forKey: .anchor) ?? .start,
                         bold: try c.decodeIfPresent(Bool.self, forKey: .bold) ?? false,
                         color: try c.decodeIfPresent(Color.self, forKey: .color) ?? dark)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown drawing item \"\(type)\" (known: rect, line, polyline, circle, polygon, text)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .rect(x, y, w, h, fill, stroke, lw):
            try c.encode("rect", forKey: .type)
            try c.encode(x, forKey: .x); try c.encode(y, forKey: .y)
            try c.encode(w, forKey: .width); try c.encode(h, forKey: .height)
            try c.encodeIfPresent(fill, forKey: .fill); try c.encodeIfPresent(stroke, forKey: .stroke)
            try c.encode(lw, forKey: .lineWidth)
        case let .line(x1, y1, x2, y2, stroke, lw):
            try c.encode("line", forKey: .type)
            try c.encode(x1, forKey: .x1); try c.encode(y1, forKey: .y1)
            try c.encode(x2, forKey: .x2); try c.encode(y2, forKey: .y2)
            try c.encode(stroke, forKey: .stroke); try c.encode(lw, forKey: .lineWidth)
        case let .polyline(points, stroke, lw):
            try c.encode("polyline", forKey: .type)
            try c.encode(points, forKey: .points)
            try c.encode(stroke, forKey: .stroke); try c.encode(lw, forKey: .lineWidth)
        case let .circle(cx, cy, r, fill, stroke, lw):
            try c.encode("circle", forKey: .type)
            try c.encode(cx, forKey: .cx); try c.encode(cy, forKey: .cy); try c.encode(r, forKey: .r)
            try c.encodeIfPresent(fill, forKey: .fill); try c.encodeIfPresent(stroke, forKey: .stroke)
            try c.encode(lw, forKey: .lineWidth)
        case let .polygon(rings, fill, stroke, lw):
            try c.encode("polygon", forKey: .type)
            try c.encode(rings, forKey: .rings)
            try c.encodeIfPresent(fill, forKey: .fill); try c.encodeIfPresent(stroke, forKey: .stroke)
            try c.encode(lw, forKey: .lineWidth)
        case let .text(x, y, text, size, anchor, bold, color):
            try c.encode("text", forKey: .type)
            try c.encode(x, forKey: .x); try c.encode(y, forKey: .y)
            try c.encode(text, forKey: .text); try c.encode(size, forKey: .size)
            try c.encode(anchor, forKey: .anchor); try c.encode(bold, forKey: .bold)
            try c.encode(color, forKey: .color)
        }
    }
}
