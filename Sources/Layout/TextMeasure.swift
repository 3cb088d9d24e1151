import Charts
import Document

extension FontEnvironment: LabelMetrics {
    /// Measures one line with the same fonts and shaping the typesetter uses for `.text` drawing
    /// items (cached: a document's charts measure the same tick labels and names again and again).
    public func measure(_ text: String, size: Double, bold: Bool = false) -> TextExtent {
        let key = LabelKey(text: text, size: size, bold: bold)
        if let known = labelExtents[key] { return known }
        let layout = TextLayout(fonts: self, pieces: [TextPiece(text: text)],
                                style: TextStyle(size: size, bold: bold, color: .white), width: nil)
        let extent = layout.lines.first.map {
            TextExtent(width: layout.width, ascent: $0.baseline - $0.top, descent: $0.bottom - $0.baseline)
        } ?? TextExtent(width: 0, ascent: 0, descent: 0)
        labelExtents[key] = extent
        return extent
    }

    /// Area names are German place names, whatever the document's language.
    public func hyphenationPoints(_ word: String) -> String? {
        Hyphenator.shared("de")?.hyphenateWord(word)
    }
}

struct LabelKey: Hashable {
    var text: String
    var size: Double
    var bold: Bool
}
