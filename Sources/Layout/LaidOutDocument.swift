import Document
import Foundation

/// A structure element the PDF stage opens with `cairo_tag_begin`. Layout decides the structure
/// (it knows which lines land on which page); PDFOutput turns it into Cairo tags and hands every
/// element, in the order its tag was opened, to the finishing pass, which writes what Cairo 1.16
/// cannot (/Alt, /Scope, /Lang, /ID, /AF) and checks `type` against the tree, so a mismatch is an
/// error instead of an attribute silently landing on the wrong element.
public struct StructureTag: Sendable, Equatable {
    /// /Scope of a TH: the PDF name.
    public enum Scope: String, Sendable, Equatable { case column = "Column", row = "Row" }

    /// Standard structure type ("P", "H2", "TD", …) or "Private" for page furniture.
    public var type: String
    public var alt: String?
    public var scope: Scope?
    public var lang: String?
    public var id: String?
    /// For "Link": where it points.
    public var link: LinkTarget?
    /// The file this element's content comes from (Table, Figure: its values; Document, Sect: facts).
    public var attachment: TagAttachment?

    public init(_ type: String, alt: String? = nil, scope: Scope? = nil, lang: String? = nil,
                id: String? = nil, link: LinkTarget? = nil, attachment: TagAttachment? = nil) {
        self.type = type
        self.alt = alt
        self.scope = scope
        self.lang = lang
        self.id = id
        self.link = link
        self.attachment = attachment
    }

    /// Page furniture (header, footer, rules, decorative backgrounds, repeated table headers) is
    /// drawn inside this placeholder structure type, which the document never uses otherwise. The
    /// finishing pass turns its marked content into `/Artifact << /Type /Pagination >>` and removes
    /// the placeholder elements from the structure tree and parent tree.
    public static let furniturePlaceholder = "Private"
    public static let furniture = StructureTag(furniturePlaceholder)
    public var isFurniture: Bool { type == Self.furniturePlaceholder }
}

/// A geometric shape in page coordinates (points, origin top left).
public enum Shape: Sendable {
    case rect(x: Double, y: Double, width: Double, height: Double)
    case polyline([(x: Double, y: Double)])
    case circle(cx: Double, cy: Double, r: Double)
    /// Closed rings filled even-odd (inner rings are holes).
    case rings([[(x: Double, y: Double)]])
}

/// A shaped glyph run placed on the page.
public struct PlacedRun: Sendable {
    public var glyphs: GlyphRun
    /// Start of the run on the baseline, page coordinates.
    public var x: Double
    public var baseline: Double
    public var color: Color

    public init(glyphs: GlyphRun, x: Double, baseline: Double, color: Color) {
        self.glyphs = glyphs; self.x = x; self.baseline = baseline; self.color = color
    }
}

/// One drawing or tagging operation, in drawing order. Tags may stay open across pages only
/// for elements with children (Document, Sect, Table, TBody, L, P with Span children); leaf
/// elements always close on the page they opened, because Cairo marks content per page.
public enum PageOp: Sendable {
    case begin(StructureTag)
    case end
    /// A named destination (for internal links, TOC entries and the outline) at the given point.
    case destination(name: String, x: Double, y: Double)
    case glyphs(PlacedRun)
    case shape(Shape, fill: Color?, stroke: Color?, lineWidth: Double)
}

public struct LaidOutPage: Sendable {
    public var ops: [PageOp] = []

    public init(ops: [PageOp] = []) { self.ops = ops }
}

/// A heading as placed: for the outline, the TOC and tests.
public struct PlacedHeading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var dest: String
    /// 1-based page number.
    public var page: Int
}

/// The typeset document: pages of drawing/tagging operations plus what the PDF needs besides —
/// plain values (glyph runs with their fonts as files, shapes, tags, destinations) that PDFOutput
/// draws with Cairo and a test can compare; no Pango object crosses into the PDF stage.
public struct LaidOutDocument: Sendable {
    public var pageWidth: Double
    public var pageHeight: Double
    public var pages: [LaidOutPage]
    public var headings: [PlacedHeading]
    public var metadata: Metadata
    /// The archival standard of the document (of a pack: its cover's).
    public var pdfStandard: PDFStandard = .default

    public init(pageWidth: Double, pageHeight: Double, pages: [LaidOutPage], headings: [PlacedHeading],
                metadata: Metadata, pdfStandard: PDFStandard = .default) {
        self.pageWidth = pageWidth; self.pageHeight = pageHeight; self.pages = pages; self.headings = headings
        self.metadata = metadata; self.pdfStandard = pdfStandard
    }
}
