import Document

/// A font as plain values: the file, the face in it, and how Pango scaled it — enough for the PDF
/// stage (or a preview) to make the same Cairo font without Pango.
public struct FontFace: Hashable, Sendable {
    public var file: String
    public var index: Int
    /// Cairo's font matrix (xx, yx, xy, yy): the size, and a slant where the face is synthesised.
    public var matrix: [Double]
    /// Synthesised bold (fontconfig's `embolden`), for a face that has no bold of its own.
    public var embolden: Bool
    /// Cairo's font options as Pango set them (`cairo_hint_style_t`, `cairo_hint_metrics_t`,
    /// `cairo_antialias_t` raw values): metrics unhinted, so glyph widths are exact.
    public var hintStyle: Int
    public var hintMetrics: Int
    public var antialias: Int

    public init(file: String, index: Int, matrix: [Double], embolden: Bool, hintStyle: Int, hintMetrics: Int, antialias: Int) {
        self.file = file; self.index = index; self.matrix = matrix; self.embolden = embolden
        self.hintStyle = hintStyle; self.hintMetrics = hintMetrics; self.antialias = antialias
    }

    /// The font size in points (the matrix's vertical scale).
    public var size: Double { matrix.count == 4 ? matrix[3] : 0 }
}

/// One glyph of a run: its id in the font, where it stands relative to the run's start on the
/// baseline (y downwards), and how far it advances.
public struct PositionedGlyph: Equatable, Sendable {
    public var id: UInt32
    public var x: Double
    public var y: Double
    public var advance: Double

    public init(id: UInt32, x: Double, y: Double, advance: Double) {
        self.id = id; self.x = x; self.y = y; self.advance = advance
    }
}

/// How many bytes of the run's text a stretch of its glyphs stands for (Cairo's text clusters), so
/// the PDF's text says exactly the characters drawn.
public struct GlyphCluster: Equatable, Sendable {
    public var bytes: Int32
    public var glyphs: Int32

    public init(bytes: Int32, glyphs: Int32) { self.bytes = bytes; self.glyphs = glyphs }
}

/// A shaped run of glyphs in one font, with the text it stands for: what the PDF stage draws.
public struct GlyphRun: Sendable {
    public var font: FontFace
    public var glyphs: [PositionedGlyph]
    /// The run's text as written (soft hyphens inside a line removed; stand-in glyphs keep their
    /// original character), UTF-8.
    public var utf8: [UInt8]
    public var clusters: [GlyphCluster]

    public init(font: FontFace, glyphs: [PositionedGlyph], utf8: [UInt8], clusters: [GlyphCluster]) {
        self.font = font; self.glyphs = glyphs; self.utf8 = utf8; self.clusters = clusters
    }

    public var text: String { String(decoding: utf8, as: UTF8.self) }
    /// The font size in points.
    public var size: Double { font.size }
}

/// One glyph run of a line: a stretch of glyphs with one font and one inline role.
public struct ShapedRun: Sendable {
    public var index: Int
    /// Start of the run relative to the layout's left edge.
    public var x: Double
    public var width: Double
    /// Baseline shift (superscripts), positive upwards.
    public var rise: Double
    /// Index into the text's inline segments (role, colour, underline).
    public var segment: Int
    public var glyphs: GlyphRun
}

/// A stretch of the text with one inline role, colour and underline.
struct TextSegment: Sendable {
    var start: Int
    var end: Int
    var role: InlineRole
    var color: Color
    var underline: Bool
}

/// A paragraph shaped and broken into lines, as plain values: what pagination places and the PDF
/// stage draws. Made by `TextLayout.shaped`; holds no Pango object, so it may cross threads.
public struct ShapedText: Sendable {
    public let text: String
    public let style: TextStyle
    public let lines: [LineMetrics]
    public let runs: [[ShapedRun]]
    let segments: [TextSegment]
    /// Width of the widest line (logical extents) and total height.
    public let width: Double
    public let height: Double

    /// The role of a run's text (for tagging).
    public func role(ofSegment index: Int) -> InlineRole { segments.isEmpty ? .plain : segments[index].role }
    public func color(ofSegment index: Int) -> Color { segments.isEmpty ? style.color : segments[index].color }
    public func isUnderlined(segment index: Int) -> Bool { segments.isEmpty ? false : segments[index].underline }

    /// The characters a glyph run shows (soft hyphens removed), for tests and diagnostics.
    public func text(line: Int, run: Int) -> String {
        guard runs.indices.contains(line), runs[line].indices.contains(run) else { return "" }
        return runs[line][run].glyphs.text.replacingOccurrences(of: "\u{00AD}", with: "")
    }
}
