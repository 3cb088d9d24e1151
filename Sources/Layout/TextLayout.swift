import CPangoCairo
import Document
import Foundation

/// What a stretch of inline text is, for tagging: plain text, a link, a passage in another
/// language or a footnote reference.
public enum InlineRole: Equatable, Sendable {
    case plain
    case link(LinkTarget, description: String)
    case foreign(lang: String)
    case noteReference(dest: String, description: String)
}

public enum LinkTarget: Equatable, Sendable {
    case uri(String)
    /// A named destination in this document.
    case dest(String)
}

public enum TextAlignment: Sendable { case left, center, right, justify }

public struct TextStyle: Sendable {
    public var size: Double
    public var bold = false
    public var italic = false
    public var color: Color
    public var alignment: TextAlignment = .left
    public var lineSpacing: Double = 1.0

    public init(size: Double, bold: Bool = false, italic: Bool = false, color: Color,
                alignment: TextAlignment = .left, lineSpacing: Double = 1.0) {
        self.size = size
        self.bold = bold
        self.italic = italic
        self.color = color
        self.alignment = alignment
        self.lineSpacing = lineSpacing
    }
}

/// A piece of inline text before layout.
struct TextPiece {
    var text: String
    var bold = false
    var italic = false
    var superscript = false
    var role: InlineRole = .plain
    var color: Color? = nil
    var underline = false
}

/// One line of a `TextLayout`, relative to the layout's top left corner.
public struct LineMetrics: Sendable, Equatable {
    public var top: Double
    public var bottom: Double
    public var baseline: Double
    public var x: Double
    public var height: Double { bottom - top }
}

/// One glyph run of a line: a stretch of glyphs with one font and one inline role.
public struct LineRun: Sendable {
    public var index: Int
    /// Start of the run relative to the layout's left edge.
    public var x: Double
    public var width: Double
    /// Baseline shift (superscripts), positive upwards.
    public var rise: Double
    /// Index into the layout's inline segments (role, colour, underline).
    public var segment: Int
}

/// A paragraph of text shaped and broken into lines by Pango: the measuring side of layout, which
/// may re-break the text for another width. What is placed on pages is its `shaped` result, plain
/// values; the Pango layout never leaves this module.
public final class TextLayout {
    let layout: OpaquePointer
    public let text: String
    /// The text as written, NUL-terminated: the glyph runs' text in the PDF (same byte offsets as `text`).
    private let originalText: [UInt8]
    private let faces: FontFaces
    public let style: TextStyle
    let segments: [TextSegment]
    public private(set) var lines: [LineMetrics] = []
    public private(set) var runs: [[LineRun]] = []
    /// Pango's glyph run behind each `runs` entry.
    private var glyphItems: [[UnsafeMutablePointer<PangoGlyphItem>]] = []
    /// Width of the widest line (logical extents) and total height.
    public private(set) var width: Double = 0
    public private(set) var height: Double = 0

    init(fonts: FontEnvironment, pieces: [TextPiece], style: TextStyle, width: Double?) {
        let context = fonts.context
        self.style = style
        var text = ""
        var original = ""
        var segs: [(Int, Int, InlineRole, Color, Bool)] = []
        var attrs: [(UnsafeMutablePointer<PangoAttribute>, Int, Int)] = []
        for piece in pieces where !piece.text.isEmpty {
            let start = text.utf8.count
            text += fonts.substituteMissingCharacters(piece.text)
            original += piece.text
            let end = text.utf8.count
            segs.append((start, end, piece.role, piece.color ?? style.color, piece.underline))
            if piece.bold && !style.bold { attrs.append((pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end)) }
            if piece.italic && !style.italic { attrs.append((pango_attr_style_new(PANGO_STYLE_ITALIC), start, end)) }
            if case .foreign(let lang) = piece.role {
                attrs.append((pango_attr_language_new(pango_language_from_string(lang.lowercased())), start, end))
            }
            if piece.superscript {
                attrs.append((pango_attr_scale_new(0.68), start, end))
                attrs.append((pango_attr_rise_new(Int32(style.size * 0.36 * Double(PANGO_SCALE))), start, end))
            }
            // Distinct roles must become distinct glyph runs: a zero letter-spacing attribute
            // per non-plain piece forces Pango to split runs at the piece's boundaries.
            if piece.role != .plain || piece.underline {
                attrs.append((pango_attr_letter_spacing_new(0), start, end))
            }
        }
        self.text = text
        // Same byte length as `text` by construction of the substitutions; else draw what was laid out.
        let source = original.utf8.count == text.utf8.count ? original : text
        self.originalText = Array(source.utf8) + [0]
        self.faces = fonts.faces
        self.segments = segs.map { TextSegment(start: $0.0, end: $0.1, role: $0.2, color: $0.3, underline: $0.4) }
        layout = pango_layout_new(context)
        let desc = pango_font_description_new()
        pango_font_description_set_family(desc, FontEnvironment.family)
        pango_font_description_set_size(desc, Int32((style.size * Double(PANGO_SCALE)).rounded()))
        pango_font_description_set_weight(desc, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(desc, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        pango_layout_set_text(layout, text, Int32(text.utf8.count))
        let list = pango_attr_list_new()
        // (No f-ligatures: see FontEnvironment, which switches them off for every font.)
        for (attr, start, end) in attrs {
            attr.pointee.start_index = UInt32(start)
            attr.pointee.end_index = UInt32(end)
            pango_attr_list_insert(list, attr)
        }
        pango_layout_set_attributes(layout, list)
        pango_attr_list_unref(list)
        // Words break only between words (or at soft hyphens); a single word wider than the line
        // (a long URL, a narrow table column) may break between characters rather than overflow.
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if style.lineSpacing != 1.0 { pango_layout_set_line_spacing(layout, Float(style.lineSpacing)) }
        switch style.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .justify:
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
            pango_layout_set_justify(layout, 1)
        }
        setWidth(width)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Re-breaks the text for a new width (nil: one line per paragraph, no wrapping).
    func setWidth(_ width: Double?) {
        // Pango 1.50 justifies a line broken at a soft hyphen as if the inserted hyphen had no
        // width, so it would stick out of the column. Justified text is therefore set one hyphen
        // narrower and the hyphen hangs into the margin (hanging hyphenation).
        let hyphen = style.alignment == .justify ? style.size * 0.322 : 0
        pango_layout_set_width(layout, width.map { Int32((($0 - hyphen) * Double(PANGO_SCALE)).rounded(.down)) } ?? -1)
        measure()
    }

    private func measure() {
        cachedShape = nil
        let scale = Double(PANGO_SCALE)
        var lines: [LineMetrics] = []
        var runs: [[LineRun]] = []
        var items: [[UnsafeMutablePointer<PangoGlyphItem>]] = []
        var widest = 0.0
        guard let iter = pango_layout_get_iter(layout) else { return }
        repeat {
            // Logical extents only: ink extents would load every glyph's outline.
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            var y0: Int32 = 0, y1: Int32 = 0
            pango_layout_iter_get_line_yrange(iter, &y0, &y1)
            let baseline = Double(pango_layout_iter_get_baseline(iter)) / scale
            let metrics = LineMetrics(top: Double(y0) / scale, bottom: Double(y1) / scale,
                                      baseline: baseline, x: Double(logical.x) / scale)
            lines.append(metrics)
            widest = max(widest, Double(logical.x + logical.width) / scale)
            var lineRuns: [LineRun] = []
            var lineItems: [UnsafeMutablePointer<PangoGlyphItem>] = []
            // The iterator's line, not pango_layout_get_line_readonly(layout, n): that walks the list of
            // lines from the start, which made a paragraph of thousands of lines quadratic.
            if let line = pango_layout_iter_get_line_readonly(iter) {
                var node = line.pointee.runs
                var x = metrics.x
                var i = 0
                while let n = node {
                    let item = n.pointee.data.assumingMemoryBound(to: PangoGlyphItem.self)
                    let w = Double(pango_glyph_string_get_width(item.pointee.glyphs)) / scale
                    let offset = Int(item.pointee.item.pointee.offset)
                    let seg = segments.firstIndex { offset >= $0.start && offset < $0.end } ?? 0
                    lineRuns.append(LineRun(index: i, x: x, width: w,
                                            rise: Double(item.pointee.y_offset) / scale, segment: seg))
                    lineItems.append(item)
                    x += w
                    i += 1
                    node = n.pointee.next
                }
            }
            runs.append(lineRuns)
            items.append(lineItems)
        } while pango_layout_iter_next_line(iter) != 0
        pango_layout_iter_free(iter)
        self.lines = lines
        self.runs = runs
        self.glyphItems = items
        self.width = widest
        self.height = lines.last?.bottom ?? 0
    }

    func color(ofSegment index: Int) -> Color { segments.isEmpty ? style.color : segments[index].color }

    private var cachedShape: ShapedText?

    /// The text as placed and drawn: lines, runs and their glyphs as plain values (made once per width).
    public var shaped: ShapedText {
        if let cachedShape { return cachedShape }
        let made = originalText.withUnsafeBufferPointer { bytes in
            ShapedText(text: text, style: style, lines: lines, runs: runs.indices.map { li in
                runs[li].map { run in
                    let item = glyphItems[li][run.index]
                    let face = item.pointee.item.pointee.analysis.font.map { faces.face(of: $0) }
                        ?? FontFace(file: "", index: 0, matrix: [style.size, 0, 0, style.size], embolden: false,
                                    hintStyle: 0, hintMetrics: 0, antialias: 0)
                    return ShapedRun(index: run.index, x: run.x, width: run.width, rise: run.rise, segment: run.segment,
                                     glyphs: GlyphRunExtraction.run(item, bytes: bytes, face: face))
                }
            }, segments: segments, width: width, height: height)
        }
        cachedShape = made
        return made
    }

    /// x of the character at `byteIndex` (for decimal alignment).
    func xOfByte(_ byteIndex: Int) -> Double {
        var pos = PangoRectangle()
        pango_layout_index_to_pos(layout, Int32(byteIndex), &pos)
        return Double(pos.x) / Double(PANGO_SCALE)
    }

    /// The x of the trailing edge of the character at `byteIndex`.
    func trailingXOfByte(_ byteIndex: Int) -> Double {
        var pos = PangoRectangle()
        pango_layout_index_to_pos(layout, Int32(byteIndex), &pos)
        return Double(pos.x + pos.width) / Double(PANGO_SCALE)
    }
}
