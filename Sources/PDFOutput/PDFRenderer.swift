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
        var drawer = PageDrawing(cr: cr, tagging: true)
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
