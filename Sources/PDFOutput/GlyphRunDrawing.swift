import CPangoCairo

/// Draws a shaped glyph run exactly where `pango_cairo_show_glyph_item` would, but without the
/// soft hyphens of the hyphenation in the text Cairo records for it.
///
/// Pango gives every soft hyphen inside a line a cluster without glyphs, and Cairo writes each
/// such cluster as an empty ActualText span (`/Span << /ActualText <FEFF00AD> >> BDC EMC`): about
/// a hundred per page of German text. Screen readers met invisible characters between syllables,
/// every syllable became its own text-showing operator, and the page content grew by a third,
/// which Cairo, qpdf and the artifact rewrite all paid for. A soft hyphen at a line break is drawn
/// as a hyphen glyph and keeps its text, so extraction still knows the word continues.
enum GlyphRunDrawing {
    /// Pango's glyph codes for "draw nothing" and "no glyph in the font" (macros Swift cannot import).
    private static let emptyGlyph: UInt32 = 0x0FFF_FFFF
    private static let unknownGlyphFlag: UInt32 = 0x1000_0000

    /// Draws `glyphItem` at the current point. `text` is the layout's whole text (the item indexes
    /// into it). Runs without soft hyphens, right-to-left runs and runs with missing glyphs (which
    /// Pango draws as boxes) are left to Pango.
    static func show(_ cr: OpaquePointer, text: UnsafePointer<CChar>, glyphItem: UnsafeMutablePointer<PangoGlyphItem>) {
        guard let item = glyphItem.pointee.item?.pointee, let glyphString = glyphItem.pointee.glyphs?.pointee,
              let infos = glyphString.glyphs, item.analysis.level % 2 == 0, let font = item.analysis.font,
              containsSoftHyphen(text, offset: Int(item.offset), length: Int(item.length)) else {
            pango_cairo_show_glyph_item(cr, text, glyphItem)
            return
        }
        let count = Int(glyphString.num_glyphs)
        guard (0..<count).allSatisfy({ infos[$0].glyph & unknownGlyphFlag == 0 }),
              let scaledFont = pango_cairo_font_get_scaled_font(OpaquePointer(font)),
              cairo_scaled_font_status(scaledFont) == CAIRO_STATUS_SUCCESS else {
            pango_cairo_show_glyph_item(cr, text, glyphItem)
            return
        }
        var baseX = 0.0, baseY = 0.0
        cairo_get_current_point(cr, &baseX, &baseY)
        let scale = Double(PANGO_SCALE)
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        var glyphs: [cairo_glyph_t] = []
        glyphs.reserveCapacity(count)
        var clusters: [cairo_text_cluster_t] = []
        var utf8: [CChar] = []
        var position: Int32 = 0  // Pango units from the run's start, as Pango's renderer counts
        var iter = PangoGlyphItemIter()
        var more = pango_glyph_item_iter_init_start(&iter, glyphItem, text) != 0
        while more {
            var drawn: Int32 = 0
            for i in Int(iter.start_glyph)..<Int(iter.end_glyph) {
                let info = infos[i]
                if info.glyph != emptyGlyph {
                    glyphs.append(cairo_glyph_t(index: UInt(info.glyph),
                                                x: baseX + Double(position + info.geometry.x_offset) / scale,
                                                y: baseY + Double(info.geometry.y_offset) / scale))
                    drawn += 1
                }
                position += info.geometry.width
            }
            var clusterText: [CChar] = []
            var i = Int(iter.start_index)
            let end = Int(iter.end_index)
            while i < end {
                if bytes[i] == 0xC2, i + 1 < end, bytes[i + 1] == 0xAD { i += 2; continue }
                clusterText.append(CChar(bitPattern: bytes[i]))
                i += 1
            }
            if clusterText.isEmpty && drawn > 0 {
                // A soft hyphen drawn as a hyphen at the line end: keep it as the glyph's text.
                clusterText = (Int(iter.start_index)..<end).map { CChar(bitPattern: bytes[$0]) }
            }
            if !clusterText.isEmpty || drawn > 0 {
                utf8 += clusterText
                clusters.append(cairo_text_cluster_t(num_bytes: Int32(clusterText.count), num_glyphs: drawn))
            }
            more = pango_glyph_item_iter_next_cluster(&iter) != 0
        }
        cairo_save(cr)
        cairo_set_scaled_font(cr, scaledFont)
        cairo_show_text_glyphs(cr, utf8, Int32(utf8.count), glyphs, Int32(glyphs.count),
                               clusters, Int32(clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
        cairo_restore(cr)
    }

    private static func containsSoftHyphen(_ text: UnsafePointer<CChar>, offset: Int, length: Int) -> Bool {
        let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
        var i = offset
        while i + 1 < offset + length {
            if bytes[i] == 0xC2 && bytes[i + 1] == 0xAD { return true }
            i += 1
        }
        return false
    }
}
