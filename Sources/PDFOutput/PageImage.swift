import CCairo
import Document
import Foundation
import Layout

/// A page of a laid-out document as a PNG image, drawn by the same code as the PDF's page (no
/// external rasteriser): what `civicbrief preview` writes. Structure tags and destinations have no
/// pixels, so they are skipped; everything else is drawn as in the PDF, on white.
public enum PageImage {
    /// PNG bytes of page `index` (0-based) at `dpi` (72: one pixel per point).
    public static func png(_ doc: LaidOutDocument, page index: Int, dpi: Double = 96) throws(RenderError) -> [UInt8] {
        guard doc.pages.indices.contains(index) else { throw RenderError("the document has no page \(index + 1)") }
        guard dpi > 0, dpi <= 600 else { throw RenderError("a page image needs a resolution of 1 to 600 dpi, not \(dpi)") }
        let scale = dpi / 72
        let width = Int32((doc.pageWidth * scale).rounded(.up)), height = Int32((doc.pageHeight * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo could not make a \(width) × \(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw RenderError("could not create a Cairo context") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        var drawing = PageDrawing(cr: cr, tagging: false)
        var unused: [StructureTag] = []
        try drawing.draw(doc.pages[index], pageNumber: index + 1, elements: &unused)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo reported \"\(String(cString: cairo_status_to_string(cairo_status(cr))))\" drawing page \(index + 1)")
        }
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else { throw RenderError("Cairo could not encode page \(index + 1) as PNG") }
        return sink.bytes
    }
}
