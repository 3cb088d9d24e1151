import Document
import Foundation
import Layout

/// Axis ticks on round numbers: steps of 1, 2 or 5 × 10ⁿ that cover [low, high] with at most
/// `target` + 1 ticks, the finest such step (so the axis wastes little room).
public enum Ticks {
    public static func nice(_ low: Double, _ high: Double, target: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return [0, 1] }
        var lo = min(low, high), hi = max(low, high)
        if hi - lo < 1e-12 { lo -= lo == 0 ? 0 : abs(lo) * 0.1; hi += hi == 0 ? 1 : abs(hi) * 0.1 }
        // The smallest step of 1, 2 or 5 × 10ⁿ whose ticks covering the range number at most target + 1.
        var exponent = floor(log10((hi - lo) / Double(max(1, target)))) - 1
        while true {
            for m in [1.0, 2.0, 5.0] {
                let step = m * pow(10, exponent)
                let first = (lo / step + 1e-9).rounded(.down), last = (hi / step - 1e-9).rounded(.up)
                if Int(last - first) + 1 <= max(2, target + 1) {
                    // Whole multiples of the step, so no binary noise (0.30000000000000004).
                    return stride(from: first, through: last, by: 1).map { n in
                        exponent < 0 ? n * m / pow(10, -exponent) : n * step
                    }
                }
            }
            exponent += 1
        }
    }

    /// Decimals needed to write every tick of a step exactly.
    public static func decimals(_ ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 0 }
        let step = abs(ticks[1] - ticks[0])
        var d = 0
        while d < 6, abs((step * pow(10, Double(d))).rounded() - step * pow(10, Double(d))) > 1e-9 { d += 1 }
        return d
    }

}

/// Colours. Series follow the Okabe–Ito order without yellow, darkened where the original is
/// below 3:1 against white (orange, sky blue), so every line and marker reaches WCAG 1.4.11.
public enum Palette {
    public static let background = Color.white
    public static let text = Color(hex: "#1a1a1a")!
    public static let mutedText = Color(hex: "#4a4a4a")!
    public static let grid = Color(hex: "#d9d9d9")!        // decorative guide, not information
    public static let axis = Color(hex: "#595959")!
    public static let city = Color(hex: "#1a1a1a")!
    public static let series: [Color] = ["#B07800", "#2D87C0", "#009E73", "#0072B2", "#D55E00", "#CC79A7"]
        .map { Color(hex: $0)! }
    /// Bars: the focus area darker than the rest, and named in bold as well.
    public static let bar = Color(hex: "#4292c6")!
    public static let focusBar = Color(hex: "#08306b")!
    /// Sequential classes for maps, light to dark; text on each uses `classText`.
    public static let classes: [Color] = ["#deebf7", "#9ecae1", "#4292c6", "#084594"].map { Color(hex: $0)! }
    public static func classText(_ fill: Color) -> Color {
        text.contrastRatio(against: fill) >= 4.5 ? text : .white
    }
    /// Outline of map areas: carries the 3:1 boundary that light class fills alone would not.
    public static let outline = Color(hex: "#4a4a4a")!

    /// Every (text, background) pair charts draw, for the 4.5:1 check.
    public static var textPairs: [(Color, Color)] {
        [(text, background), (mutedText, background), (axis, background)] + classes.map { (classText($0), $0) }
    }
    /// Every colour that carries information as a graphic, for the 3:1 check against white.
    public static var graphics: [Color] { series + [city, bar, focusBar, axis, outline] }
}

/// Places labels along one axis without overlaps: each wants a centre, all have the same extent;
/// labels keep their order and move as little as a push-down then pull-up pass allows.
public enum LabelPlacer {
    public static func resolve(_ wanted: [Double], size: Double, gap: Double = 1,
                               lower: Double, upper: Double) -> [Double] {
        let order = wanted.indices.sorted { wanted[$0] < wanted[$1] || (wanted[$0] == wanted[$1] && $0 < $1) }
        let pitch = size + gap
        var placed = order.map { min(max(wanted[$0], lower + size / 2), upper - size / 2) }
        for i in placed.indices.dropFirst() where placed[i] < placed[i - 1] + pitch {
            placed[i] = placed[i - 1] + pitch
        }
        if let last = placed.last, last > upper - size / 2 {
            placed[placed.count - 1] = upper - size / 2
            for i in stride(from: placed.count - 2, through: 0, by: -1) where placed[i] > placed[i + 1] - pitch {
                placed[i] = placed[i + 1] - pitch
            }
        }
        var out = wanted
        for (k, index) in order.enumerated() { out[index] = placed[k] }
        return out
    }
}

/// Measures text with the typesetter's fonts; falls back to an estimate when fonts are missing
/// (then labels get generous room rather than overlap).
public final class TextMeasurer: @unchecked Sendable {
    public static let shared = TextMeasurer()
    private let lock = NSLock()
    private var fonts: FontEnvironment?
    private var tried = false
    private var cache: [String: TextExtent] = [:]

    public init(fonts: FontEnvironment? = nil) {
        self.fonts = fonts
        tried = fonts != nil
    }

    public func measure(_ text: String, size: Double, bold: Bool = false) -> TextExtent {
        lock.lock(); defer { lock.unlock() }
        let key = "\(size)|\(bold)|\(text)"
        if let hit = cache[key] { return hit }
        if !tried { tried = true; fonts = try? FontEnvironment() }
        let extent = fonts?.measure(text, size: size, bold: bold)
            ?? TextExtent(width: Double(text.count) * size * (bold ? 0.62 : 0.58), ascent: size * 1.07, descent: size * 0.29)
        cache[key] = extent
        return extent
    }

    public func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        measure(text, size: size, bold: bold).width
    }

    /// Greedy word wrap (after spaces, hyphens and slashes) into lines no wider than `width`; a single
    /// word wider than that (a long place name) is hyphenated with the German patterns.
    func wrap(_ text: String, size: Double, bold: Bool = false, width: Double) -> [String] {
        var words: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == " " || ch == "-" || ch == "/" { words.append(current); current = "" }
        }
        if !current.isEmpty { words.append(current) }
        words = words.flatMap { word in
            self.width(word.trimmingCharacters(in: .whitespaces), size: size, bold: bold) > width
                ? hyphenated(word, size: size, bold: bold, width: width) : [word]
        }
        var lines: [String] = []
        var line = ""
        for word in words {
            let candidate = line + word
            if !line.isEmpty, self.width(candidate.trimmingCharacters(in: .whitespaces), size: size, bold: bold) > width {
                lines.append(line.trimmingCharacters(in: .whitespaces))
                line = word
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line.trimmingCharacters(in: .whitespaces)) }
        return lines
    }

    /// `word` split at hyphenation points into pieces that fit `width`, each but the last ending in "-".
    /// Unchanged when no dictionary is installed or no point fits.
    func hyphenated(_ word: String, size: Double, bold: Bool, width: Double) -> [String] {
        // Area names are German place names, whatever the document's language.
        guard let marked = Hyphenator.shared("de")?.hyphenateWord(word) else { return [word] }
        let parts = marked.split(separator: Hyphenator.softHyphen).map(String.init)
        var pieces: [String] = [], line = ""
        for (i, part) in parts.enumerated() {
            let isLast = i == parts.count - 1
            if !line.isEmpty, self.width(line + part + (isLast ? "" : "-"), size: size, bold: bold) > width {
                pieces.append(line + "-"); line = part
            } else {
                line += part
            }
        }
        pieces.append(line)
        return pieces
    }

    /// The box a `.text` drawing item covers, for overlap checks.
    public func box(of item: DrawingItem) -> Rect? {
        guard case let .text(x, y, text, size, anchor, bold, _) = item else { return nil }
        let e = measure(text, size: size, bold: bold)
        let left: Double
        switch anchor {
        case .start: left = x
        case .middle: left = x - e.width / 2
        case .end: left = x - e.width
        }
        return Rect(x: left, y: y - e.ascent, width: e.width, height: e.height)
    }
}

public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public func intersects(_ o: Rect, tolerance: Double = 0.01) -> Bool {
        x + width - tolerance > o.x && o.x + o.width - tolerance > x &&
            y + height - tolerance > o.y && o.y + o.height - tolerance > y
    }
}
