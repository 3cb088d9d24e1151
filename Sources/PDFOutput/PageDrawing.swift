import CCairo
import Document
import Foundation
import Layout

/// Executes a laid-out page's operations on a Cairo context, keeping the tag stack: on the PDF
/// surface with its structure tags and destinations (`tagging`), on an image surface without them
/// (the preview), the same drawing either way.
struct PageDrawing {
    let cr: OpaquePointer
    let tagging: Bool
    let glyphRuns: GlyphRunDrawing
    struct Open { var type: String; var hasChildren = false; var hasContent = false }
    var stack: [Open] = []

    init(cr: OpaquePointer, tagging: Bool) {
        self.cr = cr
        self.tagging = tagging
        glyphRuns = GlyphRunDrawing(cr: cr)
    }

    mutating func draw(_ page: LaidOutPage, pageNumber: Int, elements: inout [StructureTag]) throws(RenderError) {
        for op in page.ops {
            switch op {
            case .begin(let tag):
                if !stack.isEmpty { stack[stack.count - 1].hasChildren = true }
                stack.append(Open(type: tag.type))
                elements.append(tag)
                if tagging { cairo_tag_begin(cr, tag.type, attributes(tag)) }
            case .end:
                // A page drawn alone (an image) ends elements opened on earlier pages.
                guard tagging || !stack.isEmpty else { continue }
                guard let open = stack.popLast() else {
                    throw RenderError("an element was closed that was never opened (page \(pageNumber))")
                }
                if tagging { cairo_tag_end(cr, open.type) }
            case .destination(let name, let x, let y):
                guard tagging else { continue }
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
        if tagging, let open = stack.last, open.hasContent, !open.hasChildren {
            throw RenderError("leaf element \(open.type) continues across the end of page \(pageNumber)")
        }
    }

    private mutating func markContent(_ pageNumber: Int) throws(RenderError) {
        guard tagging else { return }
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
