import CCairo
import Document
import Foundation
import Layout
#if canImport(Glibc)
import Glibc
#endif

/// A render that failed: Cairo reported an error, or the tags were unbalanced. Never
/// silently written as a broken file.
public struct RenderError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String {
        "PDF rendering failed: \(message) — this is a bug in CivicBrief; please report it with the input document"
    }
}

extension PDFMetadata {
    /// PDF metadata of a document; the date comes from the document, else SOURCE_DATE_EPOCH,
    /// else a fixed epoch (see `PDFRenderer.effectiveDate`).
    public init(document m: Metadata) {
        self.init(title: m.title, subtitle: m.subtitle, language: m.language,
                  author: m.author ?? m.organisation, subject: m.subject, keywords: m.keywords,
                  date: m.parsedDate)
    }
}

/// Draws a laid-out document on a Cairo PDF surface with structure tags, named destinations,
/// links and outline. The only module that calls cairo_* drawing and tagging functions; it draws
/// the plain values Layout made (glyph runs with their fonts, shapes, tags) and calls no Pango.
public enum PDFRenderer {
    /// The date written to the PDF: the document's, else $SOURCE_DATE_EPOCH, else 2000-01-01 UTC.
    public static func effectiveDate(_ metadata: PDFMetadata,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        if let date = metadata.date { return date }
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) { return Date(timeIntervalSince1970: epoch) }
        return Date(timeIntervalSince1970: 946_684_800)
    }

    static func iso8601(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 2000, c.month ?? 1, c.day ?? 1,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Percent-encodes what Cairo 1.16 would write unescaped into the PDF string of a URI
    /// (parentheses, backslash) and what would end the attribute string (quote), plus spaces
    /// and non-ASCII bytes.
    public static func escapeURI(_ uri: String) -> String {
        var out = ""
        for byte in uri.utf8 {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: " "),
                 0..<0x20, 0x7f...0xff:
                out += String(format: "%%%02X", byte)
            default:
                out.append(Character(UnicodeScalar(byte)))
            }
        }
        return out
    }

    /// A name for a destination attribute: only characters that need no quoting.
    static func escapeName(_ name: String) -> String {
        String(name.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? Character($0) : "_" })
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }

    public static func render(_ doc: LaidOutDocument, metadata: PDFMetadata) throws(RenderError) -> TaggedPDF {
        // Cairo parses float attributes with the C library's sscanf.
        setlocale(LC_NUMERIC, "C")
        let sink = Sink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_pdf_surface_create_for_stream(write, closure, doc.pageWidth, doc.pageHeight) else {
            throw RenderError("could not create the PDF surface")
        }
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        let date = iso8601(effectiveDate(metadata))
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        if let author = metadata.author { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, author) }
        if let subject = metadata.subject { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject) }
        if !metadata.keywords.isEmpty {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords.joined(separator: ", "))
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)

        guard let cr = cairo_create(surface) else { throw RenderError("could not create a Cairo context") }
        var elements: [StructureTag] = []
        var drawer = Drawer(cr: cr)
        do {
            for (index, page) in doc.pages.enumerated() {
                try drawer.draw(page, pageNumber: index + 1, elements: &elements)
                cairo_show_page(cr)
            }
            if let open = drawer.stack.last {
                throw RenderError("element \(open.type) was never closed")
            }
            addOutline(surface, headings: doc.headings)
        } catch let error as RenderError {
            cairo_destroy(cr)
            throw error
        } catch {
            cairo_destroy(cr)
            throw RenderError("\(error)")
        }
        let contextStatus = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        for status in [contextStatus, surfaceStatus] where status != CAIRO_STATUS_SUCCESS {
            let text = cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
            throw RenderError("Cairo reported \"\(text)\" (an unknown or misnested structure tag, or a bad link)")
        }
        return TaggedPDF(bytes: sink.bytes, metadata: metadata, elements: elements, standard: doc.pdfStandard)
    }

    /// Bookmarks for every heading, nested by level.
    private static func addOutline(_ surface: OpaquePointer, headings: [PlacedHeading]) {
        var parents: [(level: Int, id: Int32)] = []
        for h in headings {
            while let last = parents.last, last.level >= h.level { parents.removeLast() }
            let parent = parents.last?.id ?? Int32(CAIRO_PDF_OUTLINE_ROOT)
            let flags = h.level <= 2 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : cairo_pdf_outline_flags_t(0)
            let id = cairo_pdf_surface_add_outline(surface, parent, h.text, "dest='\(escapeName(h.dest))'", flags)
            parents.append((h.level, id))
        }
    }
}

/// Executes page operations on a Cairo context, keeping the tag stack.
private struct Drawer {
    let cr: OpaquePointer
    let glyphRuns: GlyphRunDrawing
    struct Open { var type: String; var hasChildren = false; var hasContent = false }
    var stack: [Open] = []

    init(cr: OpaquePointer) {
        self.cr = cr
        glyphRuns = GlyphRunDrawing(cr: cr)
    }

    mutating func draw(_ page: LaidOutPage, pageNumber: Int, elements: inout [StructureTag]) throws(RenderError) {
        for op in page.ops {
            switch op {
            case .begin(let tag):
                if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
                stack.append(Open(type: tag.type))
                elements.append(tag)
                cairo_tag_begin(cr, tag.type, attributes(tag))
            case .end:
                guard let open = stack.popLast() else {
                    throw RenderError("an element was closed that was never opened (page \(pageNumber))")
                }
                cairo_tag_end(cr, open.type)
            case .destination(let name, let x, let y):
                let attrs = String(format: "name='%@' x=%.2f y=%.2f", PDFRenderer.escapeName(name), x, y)
                cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs)
                cairo_tag_end(cr, CAIRO_TAG_DEST)
            case .glyphs(let run):
                try markContent(pageNumber)
                cairo_set_source_rgb(cr, run.color.red, run.color.green, run.color.blue)
                try glyphRuns.show(run.glyphs, x: run.x, y: run.baseline)
            case .shape(let shape, let fill, let stroke, let lineWidth):
                try markContent(pageNumber)
                path(shape)
                if let fill {
                    // Even-odd only for rings, so holes stay empty; every other shape keeps the default.
                    if case .rings = shape { cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD) }
                    cairo_set_source_rgb(cr, fill.red, fill.green, fill.blue)
                    if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
                }
                if let stroke {
                    cairo_set_source_rgb(cr, stroke.red, stroke.green, stroke.blue)
                    cairo_set_line_width(cr, lineWidth)
                    cairo_stroke(cr)
                }
                cairo_new_path(cr)
                cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING)
            }
        }
        // A leaf with content must close on its page: Cairo marks content per page, so content
        // after the page break would be left unmarked.
        if let open = stack.last, open.hasContent, !open.hasChildren {
            throw RenderError("leaf element \(open.type) continues across the end of page \(pageNumber)")
        }
    }

    private mutating func markContent(_ pageNumber: Int) throws(RenderError) {
        guard !stack.isEmpty else { throw RenderError("content drawn outside every structure element on page \(pageNumber)") }
        stack[stack.count - 1].hasContent = true
    }

    private func path(_ shape: Shape) {
        switch shape {
        case .rect(let x, let y, let w, let h):
            cairo_rectangle(cr, x, y, w, h)
        case .polyline(let points):
            guard let first = points.first else { return }
            cairo_move_to(cr, first.x, first.y)
            for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        case .circle(let cx, let cy, let r):
            cairo_new_sub_path(cr)
            cairo_arc(cr, cx, cy, r, 0, 2 * Double.pi)
            cairo_close_path(cr)
        case .rings(let rings):
            for ring in rings {
                guard let first = ring.first else { continue }
                cairo_move_to(cr, first.x, first.y)
                for p in ring.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                cairo_close_path(cr)
            }
        }
    }

    private func attributes(_ tag: StructureTag) -> String {
        switch tag.link {
        case .uri(let uri)?: return "uri='\(PDFRenderer.escapeURI(uri))'"
        case .dest(let name)?: return "dest='\(PDFRenderer.escapeName(name))'"
        case nil: return ""
        }
    }
}
