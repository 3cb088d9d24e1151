import CPangoCairo

/// The plain `FontFace` of each Pango font a layout shaped with: its file and face index from the
/// font's fontconfig pattern, matrix and options from its Cairo scaled font. Keeps a reference to
/// every font it has seen, so a font's address never comes back as another font's.
/// Owned by one `FontEnvironment`, used on its thread only.
final class FontFaces {
    private var known: [OpaquePointer: FontFace] = [:]

    func face(of font: UnsafeMutablePointer<PangoFont>) -> FontFace {
        let key = OpaquePointer(font)
        if let face = known[key] { return face }
        var file = "", index: Int32 = 0, embolden: FcBool = 0
        if let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self)) {
            var path: UnsafeMutablePointer<FcChar8>?
            if FcPatternGetString(pattern, "file", 0, &path) == FcResultMatch, let path {
                file = String(cString: path)
            }
            _ = FcPatternGetInteger(pattern, "index", 0, &index)
            _ = FcPatternGetBool(pattern, "embolden", 0, &embolden)
        }
        var matrix = cairo_matrix_t(xx: 1, yx: 0, xy: 0, yy: 1, x0: 0, y0: 0)
        var hintStyle = CAIRO_HINT_STYLE_NONE, hintMetrics = CAIRO_HINT_METRICS_OFF, antialias = CAIRO_ANTIALIAS_GRAY
        if let scaled = pango_cairo_font_get_scaled_font(OpaquePointer(font)),
           cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS {
            cairo_scaled_font_get_font_matrix(scaled, &matrix)
            let options = cairo_font_options_create()
            cairo_scaled_font_get_font_options(scaled, options)
            hintStyle = cairo_font_options_get_hint_style(options)
            hintMetrics = cairo_font_options_get_hint_metrics(options)
            antialias = cairo_font_options_get_antialias(options)
            cairo_font_options_destroy(options)
        }
        let face = FontFace(file: file, index: Int(index), matrix: [matrix.xx, matrix.yx, matrix.xy, matrix.yy],
                            embolden: embolden != 0, hintStyle: Int(hintStyle.rawValue),
                            hintMetrics: Int(hintMetrics.rawValue), antialias: Int(antialias.rawValue))
        g_object_ref(UnsafeMutableRawPointer(font))
        known[key] = face
        return face
    }

    deinit {
        for key in known.keys { g_object_unref(UnsafeMutableRawPointer(key)) }
    }
}
