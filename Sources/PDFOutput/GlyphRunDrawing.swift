import CCairo
import Layout

/// Draws the glyph runs Layout shaped: each run's glyphs at their positions with its text clusters
/// (`cairo_show_text_glyphs`), so the PDF's text is exactly the characters the run stands for.
/// Fonts are made from their plain description (`FontFace`: file, face, matrix, options), once per
/// document; Pango is not involved.
final class GlyphRunDrawing {
    private let cr: OpaquePointer
    private var fonts: [FontFace: OpaquePointer] = [:]
    /// The font of the run before: most runs share it, and comparing is cheaper than hashing.
    private var last: (face: FontFace, font: OpaquePointer)?

    init(cr: OpaquePointer) { self.cr = cr }

    deinit {
        for font in fonts.values { cairo_scaled_font_destroy(font) }
    }

    /// Draws `run` with its start on the baseline point (x, y), in the current colour.
    func show(_ run: GlyphRun, x: Double, y: Double) throws(RenderError) {
        guard !run.glyphs.isEmpty || !run.utf8.isEmpty else { return }
        let font = try scaledFont(run.font)
        // On Cairo's grid of 1/256 pt, where its current point lies (24.8 fixed point): Pango drew
        // runs from there, and the same start keeps every PDF byte for byte as before.
        let x = (x * 256).rounded(.toNearestOrEven) / 256, y = (y * 256).rounded(.toNearestOrEven) / 256
        let glyphs = run.glyphs.map { cairo_glyph_t(index: UInt($0.id), x: x + $0.x, y: y + $0.y) }
        let clusters = run.clusters.map { cairo_text_cluster_t(num_bytes: $0.bytes, num_glyphs: $0.glyphs) }
        cairo_save(cr)
        cairo_set_scaled_font(cr, font)
        run.utf8.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                cairo_show_text_glyphs(cr, text.baseAddress, Int32(text.count), glyphs, Int32(glyphs.count),
                                       clusters, Int32(clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
            }
        }
        cairo_restore(cr)
    }

    /// The Cairo font of `face`: its file through Cairo's FreeType backend (the fontconfig pattern
    /// only names the file, so nothing is looked up), scaled as Layout shaped it.
    private func scaledFont(_ face: FontFace) throws(RenderError) -> OpaquePointer {
        if let last, last.face == face { return last.font }
        if let known = fonts[face] { last = (face, known); return known }
        guard face.matrix.count == 4, let pattern = FcPatternCreate() else {
            throw RenderError("a glyph run names no usable font (\(face.file))")
        }
        defer { FcPatternDestroy(pattern) }
        FcPatternAddString(pattern, "file", face.file)
        FcPatternAddInteger(pattern, "index", Int32(face.index))
        if face.embolden { FcPatternAddBool(pattern, "embolden", 1) }
        let fontFace = cairo_ft_font_face_create_for_pattern(pattern)
        defer { cairo_font_face_destroy(fontFace) }
        var matrix = cairo_matrix_t(xx: face.matrix[0], yx: face.matrix[1], xy: face.matrix[2], yy: face.matrix[3], x0: 0, y0: 0)
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_font_options_set_hint_style(options, cairo_hint_style_t(rawValue: UInt32(face.hintStyle)))
        cairo_font_options_set_hint_metrics(options, cairo_hint_metrics_t(rawValue: UInt32(face.hintMetrics)))
        cairo_font_options_set_antialias(options, cairo_antialias_t(rawValue: UInt32(face.antialias)))
        guard let scaled = cairo_scaled_font_create(fontFace, &matrix, &identity, options),
              cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo could not load the font \(face.file)")
        }
        fonts[face] = scaled
        last = (face, scaled)
        return scaled
    }
}
