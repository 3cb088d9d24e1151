import Document

/// The extent of a single line of text as Pango lays it out, for drawings that place labels
/// themselves (charts): width, and ascent/descent around the baseline, in points.
public struct TextExtent: Sendable, Equatable {
    public var width: Double
    public var ascent: Double
    public var descent: Double
    public var height: Double { ascent + descent }
    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width; self.ascent = ascent; self.descent = descent
    }
}

extension FontEnvironment {
    /// Measures one line with the same fonts and shaping the typesetter uses for `.text` drawing items.
    public func measure(_ text: String, size: Double, bold: Bool = false) -> TextExtent {
        let layout = TextLayout(fonts: self, pieces: [TextPiece(text: text)],
                                style: TextStyle(size: size, bold: bold, color: .white), width: nil)
        guard let line = layout.lines.first else { return TextExtent(width: 0, ascent: 0, descent: 0) }
        return TextExtent(width: layout.width, ascent: line.baseline - line.top, descent: line.bottom - line.baseline)
    }
}
