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
public struct RunInfo: Sendable {
    public var index: Int
    /// Start of the run relative to the layout's left edge.
    public var x: Double
    public var width: Double
    /// Baseline shift (superscripts), positive upwards.
    public var rise: Double
    /// Index into the layout's inline segments (role, colour, underline).
    public var segment: Int
}

/// A paragraph of text shaped and broken into lines by Pango.
///
/// Design choice (documented in README): the layout result keeps the PangoLayout alive inside
/// this object, and the PDF stage draws its glyph runs with `pango_cairo_show_glyph_item` — the
/// only Pango call outside this module, the bridge between shaped text and Cairo. Shaping twice
/// would cost time and risk drawing something other than what was measured.
public final class TextLayout {
    let layout: OpaquePointer
    public let text: String
    /// The text as written, NUL-terminated: the glyph runs' text in the PDF (same byte offsets as `text`).
    private let originalText: [CChar]
    public let style: TextStyle
    let segments: [(start: Int, end: Int, role: InlineRole, color: Color, underline: Bool)]
    public private(set) var lines: [LineMetrics] = []
    public private(set) var runs: [[RunInfo]] = []
    /// Pango's glyph run behind each `runs` entry, kept so drawing never asks the PangoLayout (whose
    /// line cache and context a drawing thread must not touch while the shaping thread goes on).
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
        self.originalText = Array(source.utf8CString)
        self.segments = segs.map { (start: $0.0, end: $0.1, role: $0.2, color: $0.3, underline: $0.4) }
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
        let scale = Double(PANGO_SCALE)
        var lines: [LineMetrics] = []
        var runs: [[RunInfo]] = []
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
            var lineRuns: [RunInfo] = []
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
                    lineRuns.append(RunInfo(index: i, x: x, width: w,
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

    /// The role of a run's text (for tagging).
    public func role(ofSegment index: Int) -> InlineRole { segments.isEmpty ? .plain : segments[index].role }
    public func color(ofSegment index: Int) -> Color { segments.isEmpty ? style.color : segments[index].color }
    public func isUnderlined(segment index: Int) -> Bool { segments.isEmpty ? false : segments[index].underline }

    /// The Pango glyph run to draw, for the PDF stage's `pango_cairo_show_glyph_item` bridge.
    public func glyphItem(line: Int, run: Int) -> UnsafeMutablePointer<PangoGlyphItem>? {
        guard glyphItems.indices.contains(line), glyphItems[line].indices.contains(run) else { return nil }
        return glyphItems[line][run]
    }

    /// Prepares the layout to be drawn by another thread while this thread goes on shaping with the
    /// same fonts, and says whether that is safe. Drawing a shaped run reads its glyphs and asks its
    /// font for the Cairo scaled font, which Pango creates on first use and then only reads: created
    /// here, on the fonts' own thread, nothing in the font map is written while the other thread
    /// draws (Cairo's scaled fonts lock themselves). A glyph missing from the font is drawn as a box
    /// from metrics Pango computes lazily, so a layout with one is not shared (false).
    func prepareForDrawingElsewhere(_ seenFonts: inout Set<OpaquePointer>) -> Bool {
        for item in glyphItems.joined() {
            guard let glyphs = item.pointee.glyphs?.pointee, let infos = glyphs.glyphs,
                  let font = item.pointee.item?.pointee.analysis.font else { continue }
            for i in 0..<Int(glyphs.num_glyphs) where infos[i].glyph & 0x1000_0000 != 0 { return false }
            let key = OpaquePointer(font)
            if seenFonts.insert(key).inserted {
                guard let scaled = pango_cairo_font_get_scaled_font(key),
                      cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS else { return false }
            }
        }
        return true
    }

    /// The characters a glyph run shows (soft hyphens removed), for tests and diagnostics.
    public func text(line: Int, run: Int) -> String {
        guard let item = glyphItem(line: line, run: run) else { return "" }
        let bytes = originalText.dropLast().map { UInt8(bitPattern: $0) }
        let start = Int(item.pointee.item.pointee.offset), length = Int(item.pointee.item.pointee.length)
        guard start >= 0, start + length <= bytes.count else { return "" }
        return String(decoding: bytes[start..<(start + length)], as: UTF8.self).replacingOccurrences(of: "\u{00AD}", with: "")
    }

    /// Calls `body` with the UTF-8 text the glyph items index into, as written in the document
    /// (characters drawn with a stand-in glyph keep their own code point in the PDF text).
    public func withText<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        // Never empty (it holds at least the NUL terminator), so the base address exists.
        try originalText.withUnsafeBufferPointer { try body($0.baseAddress!) }
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
