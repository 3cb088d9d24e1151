import CPangoCairo
import Foundation
@testable import Layout
import PDFOutput

/// Builds small tagged PDFs with raw Cairo and Pango calls — the way the PDF stage does — and
/// records the element list the finishing pass checks against.
final class TaggedPDFBuilder {
    private final class Sink { var bytes: [UInt8] = [] }

    private let sink = Sink()
    private let surface: OpaquePointer?
    private let cr: OpaquePointer?
    private(set) var elements: [StructureTag] = []

    init(width: Double = 595, height: Double = 842) {
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    func begin(_ info: StructureTag, attributes: String = "") {
        elements.append(info)
        cairo_tag_begin(cr, info.type, attributes)
    }

    func begin(_ type: String, alt: String? = nil, scope: StructureTag.Scope? = nil,
               lang: String? = nil, id: String? = nil) {
        begin(StructureTag(type, alt: alt, scope: scope, lang: lang, id: id))
    }

    func end(_ type: String) { cairo_tag_end(cr, type) }

    /// A leaf element holding one Pango layout.
    func leaf(_ type: String, _ text: String, x: Double, y: Double, font: String = "Noto Sans 10",
              alt: String? = nil, scope: StructureTag.Scope? = nil, lang: String? = nil, id: String? = nil) {
        begin(type, alt: alt, scope: scope, lang: lang, id: id)
        draw(text, x: x, y: y, font: font)
        end(type)
    }

    func link(_ text: String, uri: String, alt: String?, x: Double, y: Double) {
        begin(StructureTag("Link", alt: alt),
              attributes: "uri='\(uri)' rect=[\(Int(x)) \(Int(y)) 80 14]")
        draw(text, x: x, y: y, font: "Noto Sans 10")
        end("Link")
    }

    /// The fonts of Fonts/, as the PDF stage uses them: the process's default font map knows no
    /// font at all (see FontEnvironment.isolateFromSystemFonts).
    nonisolated(unsafe) private static let fonts = try? FontEnvironment()

    func draw(_ text: String, x: Double, y: Double, font: String) {
        guard let context = Self.fonts?.context else { return }
        pango_cairo_update_context(cr, context)
        guard let layout = pango_layout_new(context) else { return }
        let description = pango_font_description_from_string(font)
        pango_layout_set_font_description(layout, description)
        pango_layout_set_text(layout, text, -1)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        pango_font_description_free(description)
        g_object_unref(UnsafeMutableRawPointer(layout))
    }

    func rectangle(x: Double, y: Double, width: Double, height: Double) {
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    func showPage() { cairo_show_page(cr) }

    struct CairoFailure: Error { var status: String }

    func finish(metadata: PDFMetadata) throws -> TaggedPDF {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw CairoFailure(status: String(cString: cairo_status_to_string(status)))
        }
        return TaggedPDF(bytes: sink.bytes, metadata: metadata, elements: elements)
    }
}

enum Fixtures {
    static let metadata = PDFMetadata(
        title: "Sozialmonitoring <Lübeck> & \"mehr\"", language: "de-DE", author: "Hansestadt Lübeck",
        subject: "Soziale Lage 2024", keywords: ["Sozialmonitoring", "Lübeck"],
        date: Date(timeIntervalSince1970: 1_709_294_400)) // 2024-03-01T12:00:00Z

    /// Two pages: running header and rule (furniture), H1, P with a non-WinAnsi character (so
    /// Cairo writes a CIDFontType2), Figure, Table with THead/TBody, list, paragraph with a link
    /// and an English span, a Note, page numbers (furniture).
    static func briefing(linkAlt: String? = "Website der Hansestadt Lübeck",
                         figureAlt: String? = "Balkendiagramm: Quote stieg von 12,5 % auf 13,1 %",
                         metadata: PDFMetadata = Fixtures.metadata) throws -> TaggedPDF {
        let b = TaggedPDFBuilder()
        b.begin("Document")
        b.leaf("Private", "Sozialmonitoring Lübeck 2024", x: 50, y: 20, font: "Noto Sans 8")
        b.begin("Private"); b.rectangle(x: 50, y: 34, width: 495, height: 0.5); b.end("Private")
        b.leaf("H1", "Bericht zur sozialen Lage", x: 50, y: 60, font: "Noto Sans Bold 20")
        b.leaf("P", "Die Quote stieg von 12,5 % auf 13,1 % (wie in der Partnerstadt Gdańsk).", x: 50, y: 100)
        b.begin("Figure", alt: figureAlt); b.rectangle(x: 50, y: 130, width: 100, height: 50); b.end("Figure")
        b.begin("Table")
        b.begin("THead"); b.begin("TR")
        b.leaf("TH", "Stadtteil", x: 50, y: 200, font: "Noto Sans Bold 10", scope: .column)
        b.leaf("TH", "Quote", x: 200, y: 200, font: "Noto Sans Bold 10", scope: .column)
        b.end("TR"); b.end("THead")
        b.begin("TBody"); b.begin("TR")
        b.leaf("TH", "Innenstadt", x: 50, y: 220, font: "Noto Sans Bold 10", scope: .row)
        b.leaf("TD", "12,5", x: 200, y: 220)
        b.end("TR"); b.end("TBody")
        b.end("Table")
        b.begin("L"); b.begin("LI")
        b.leaf("Lbl", "•", x: 50, y: 250); b.leaf("LBody", "Erster Punkt", x: 65, y: 250)
        b.end("LI"); b.end("L")
        b.begin("P")
        b.leaf("Span", "Quelle: ", x: 50, y: 280)
        b.link("luebeck.de", uri: "https://www.luebeck.de/", alt: linkAlt, x: 95, y: 280)
        b.leaf("Span", "(the city website)", x: 180, y: 280, lang: "en-GB")
        b.end("P")
        b.leaf("Note", "1 Vorläufige Zahlen.", x: 50, y: 310, font: "Noto Sans 8", id: "note-1")
        b.leaf("Private", "Seite 1 von 2", x: 50, y: 800, font: "Noto Sans 8")
        b.showPage()
        b.leaf("P", "Zweite Seite.", x: 50, y: 100)
        b.leaf("Private", "Seite 2 von 2", x: 50, y: 800, font: "Noto Sans 8")
        b.end("Document")
        b.showPage()
        return try b.finish(metadata: metadata)
    }
}
