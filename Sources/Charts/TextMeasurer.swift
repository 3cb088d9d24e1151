import Document
import Foundation

/// The extent of a single line of text as the typesetter lays it out, for drawings that place
/// labels themselves: width, and ascent/descent around the baseline, in points.
public struct TextExtent: Sendable, Equatable {
    public var width: Double
    public var ascent: Double
    public var descent: Double
    public var height: Double { ascent + descent }
    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width; self.ascent = ascent; self.descent = descent
    }
}

/// What a chart needs of the document's fonts: the extent of one line of label text, and the
/// hyphenation points of a long (German) place name. Layout's font environment provides both,
/// so labels are measured with exactly the fonts that draw them.
public protocol LabelMetrics: AnyObject {
    func measure(_ text: String, size: Double, bold: Bool) -> TextExtent
    /// `word` with soft hyphens (U+00AD) where it may break, nil without a dictionary.
    func hyphenationPoints(_ word: String) -> String?
}

/// Measures, wraps and boxes label text with a document's `LabelMetrics`; without them (a test of
/// geometry only) from an estimate, which gives labels generous room rather than overlap.
public final class TextMeasurer {
    private let metrics: LabelMetrics?

    public init(_ metrics: LabelMetrics?) { self.metrics = metrics }

    public func measure(_ text: String, size: Double, bold: Bool = false) -> TextExtent {
        metrics?.measure(text, size: size, bold: bold)
            ?? TextExtent(width: Double(text.count) * size * (bold ? 0.62 : 0.58), ascent: size * 1.07, descent: size * 0.29)
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
        guard let marked = metrics?.hyphenationPoints(word) else { return [word] }
        let parts = marked.split(separator: "\u{00AD}").map(String.init)
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
