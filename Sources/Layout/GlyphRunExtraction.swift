import CPangoCairo

/// Turns Pango's shaped glyph runs into plain `GlyphRun`s: the glyphs at exactly the positions
/// `pango_cairo_show_glyph_item` would draw them, with Cairo text clusters built the same way —
/// except for the soft hyphens of the hyphenation.
///
/// Pango gives every soft hyphen inside a line a cluster without glyphs, and Cairo would write each
/// such cluster as an empty ActualText span (`/Span << /ActualText <FEFF00AD> >> BDC EMC`): about
/// a hundred per page of German text. Screen readers met invisible characters between syllables,
/// every syllable became its own text-showing operator, and the page content grew by a third,
/// which Cairo, qpdf and the artifact rewrite all paid for. So those bytes are left out of the run's
/// text. A soft hyphen at a line break is drawn as a hyphen glyph and keeps its text, so extraction
/// still knows the word continues.
enum GlyphRunExtraction {
    /// Pango's glyph codes for "draw nothing" and "no glyph in the font" (macros Swift cannot import).
    static let emptyGlyph: UInt32 = 0x0FFF_FFFF
    static let unknownGlyphFlag: UInt32 = 0x1000_0000

    /// The run `item` of a layout whose text is `bytes` (the text as written: the item indexes into it).
    /// A glyph missing from every font (which Pango would draw as a box of hex digits) becomes the
    /// font's .notdef glyph, keeping its character as text.
    static func run(_ item: UnsafeMutablePointer<PangoGlyphItem>, bytes: UnsafeBufferPointer<UInt8>, face: FontFace) -> GlyphRun {
        guard let glyphString = item.pointee.glyphs?.pointee, let infos = glyphString.glyphs,
              let base = bytes.baseAddress else {
            return GlyphRun(font: face, glyphs: [], utf8: [], clusters: [])
        }
        if item.pointee.item.pointee.analysis.level % 2 == 1 {
            return rightToLeft(item, infos: infos, count: Int(glyphString.num_glyphs), bytes: bytes, face: face)
        }
        let start = Int(item.pointee.item.pointee.offset), end = start + Int(item.pointee.item.pointee.length)
        if let logs = glyphString.log_clusters, end <= bytes.count, !bytes[start..<end].contains(0xAD),
           let run = plainRun(infos: infos, logs: logs, count: Int(glyphString.num_glyphs), bytes: bytes, start: start, end: end, face: face) {
            return run
        }
        let scale = Double(PANGO_SCALE)
        var glyphs: [PositionedGlyph] = []
        glyphs.reserveCapacity(Int(glyphString.num_glyphs))
        var clusters: [GlyphCluster] = []
        var utf8: [UInt8] = []
        utf8.reserveCapacity(Int(item.pointee.item.pointee.length))
        var position: Int32 = 0  // Pango units from the run's start, as Pango's renderer counts
        var iter = PangoGlyphItemIter()
        // The iterator reads the text through a C string pointer; `bytes` ends with a NUL.
        let text = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        var more = pango_glyph_item_iter_init_start(&iter, item, text) != 0
        while more {
            var drawn: Int32 = 0
            for i in Int(iter.start_glyph)..<Int(iter.end_glyph) {
                let info = infos[i]
                if info.glyph != emptyGlyph && info.glyph != (0x20 | unknownGlyphFlag) {
                    let id = info.glyph & unknownGlyphFlag == 0 ? info.glyph : 0
                    glyphs.append(PositionedGlyph(id: id, x: Double(position + info.geometry.x_offset) / scale,
                                                  y: Double(info.geometry.y_offset) / scale,
                                                  advance: Double(info.geometry.width) / scale))
                    drawn += 1
                }
                position += info.geometry.width
            }
            let before = utf8.count
            var i = Int(iter.start_index)
            let clusterEnd = Int(iter.end_index)
            while i < clusterEnd {
                if bytes[i] == 0xC2, i + 1 < clusterEnd, bytes[i + 1] == 0xAD { i += 2; continue }
                utf8.append(bytes[i])
                i += 1
            }
            if utf8.count == before && drawn > 0 {
                // A soft hyphen drawn as a hyphen at the line end: keep it as the glyph's text.
                utf8 += bytes[Int(iter.start_index)..<clusterEnd]
            }
            if utf8.count > before || drawn > 0 {
                clusters.append(GlyphCluster(bytes: Int32(utf8.count - before), glyphs: drawn))
            }
            more = pango_glyph_item_iter_next_cluster(&iter) != 0
        }
        return GlyphRun(font: face, glyphs: glyphs, utf8: utf8, clusters: clusters)
    }

    /// A left-to-right run without soft hyphens (most of them): its text as it is, its clusters read
    /// from Pango's glyph-to-byte map (each cluster: the glyphs sharing a byte offset, up to the
    /// next one) — what Pango's cluster iterator computes, without a C call per cluster. Nil when
    /// the map does not run forwards, for the iterator to handle.
    private static func plainRun(infos: UnsafeMutablePointer<PangoGlyphInfo>, logs: UnsafeMutablePointer<Int32>, count: Int,
                                 bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, face: FontFace) -> GlyphRun? {
        let scale = Double(PANGO_SCALE)
        var glyphs: [PositionedGlyph] = []
        glyphs.reserveCapacity(count)
        var clusters: [GlyphCluster] = []
        clusters.reserveCapacity(count)
        var position: Int32 = 0
        var g = 0
        var covered = 0  // bytes of the run's text in clusters so far
        while g < count {
            let first = Int(logs[g])
            guard first == covered else { return nil }
            var next = g + 1
            while next < count && logs[next] == logs[g] { next += 1 }
            let clusterEnd = next < count ? Int(logs[next]) : end - start
            guard clusterEnd > first else { return nil }
            var drawn: Int32 = 0
            for i in g..<next {
                let info = infos[i]
                if info.glyph != emptyGlyph && info.glyph != (0x20 | unknownGlyphFlag) {
                    glyphs.append(PositionedGlyph(id: info.glyph & unknownGlyphFlag == 0 ? info.glyph : 0,
                                                  x: Double(position + info.geometry.x_offset) / scale,
                                                  y: Double(info.geometry.y_offset) / scale, advance: Double(info.geometry.width) / scale))
                    drawn += 1
                }
                position += info.geometry.width
            }
            clusters.append(GlyphCluster(bytes: Int32(clusterEnd - first), glyphs: drawn))
            covered = clusterEnd
            g = next
        }
        guard covered == end - start else { return nil }
        return GlyphRun(font: face, glyphs: glyphs, utf8: Array(bytes[start..<end]), clusters: clusters)
    }

    /// A right-to-left run (a Hebrew or Arabic name in a table, say): Pango's glyphs are in visual
    /// order and its cluster iterator runs backwards over them, so the run becomes its glyphs left
    /// to right and one cluster for its whole text — the PDF text is the run's characters in
    /// logical order, mapped as a whole rather than character by character.
    private static func rightToLeft(_ item: UnsafeMutablePointer<PangoGlyphItem>, infos: UnsafeMutablePointer<PangoGlyphInfo>,
                                    count: Int, bytes: UnsafeBufferPointer<UInt8>, face: FontFace) -> GlyphRun {
        let scale = Double(PANGO_SCALE)
        var glyphs: [PositionedGlyph] = []
        var position: Int32 = 0
        for i in 0..<count {
            let info = infos[i]
            if info.glyph != emptyGlyph && info.glyph != (0x20 | unknownGlyphFlag) {
                glyphs.append(PositionedGlyph(id: info.glyph & unknownGlyphFlag == 0 ? info.glyph : 0,
                                              x: Double(position + info.geometry.x_offset) / scale,
                                              y: Double(info.geometry.y_offset) / scale, advance: Double(info.geometry.width) / scale))
            }
            position += info.geometry.width
        }
        let start = Int(item.pointee.item.pointee.offset), end = start + Int(item.pointee.item.pointee.length)
        var utf8: [UInt8] = []
        var i = start
        while i < end, i < bytes.count {
            if bytes[i] == 0xC2, i + 1 < end, bytes[i + 1] == 0xAD { i += 2; continue }
            utf8.append(bytes[i])
            i += 1
        }
        let clusters = utf8.isEmpty && glyphs.isEmpty ? [] : [GlyphCluster(bytes: Int32(utf8.count), glyphs: Int32(glyphs.count))]
        return GlyphRun(font: face, glyphs: glyphs, utf8: utf8, clusters: clusters)
    }
}
