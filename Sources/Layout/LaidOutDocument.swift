import Document
import Foundation

/// A structure element the PDF stage opens with `cairo_tag_begin`. Layout decides the structure
/// (it knows which lines land on which page); PDFOutput turns it into Cairo tags.
public struct StructureTag: Sendable, Equatable {
    public enum Scope: Sendable, Equatable { case column, row }

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

    /// Page furniture (header, footer, rules, decorative backgrounds, repeated table headers).
    public static let furniture = StructureTag("Private")
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
public struct PlacedRun {
    public let layout: TextLayout
    public let line: Int
    public let run: Int
    /// Start of the run on the baseline, page coordinates.
    public let x: Double
    public let baseline: Double
    public let color: Color
}

/// One drawing or tagging operation, in drawing order. Tags may stay open across pages only
/// for elements with children (Document, Sect, Table, TBody, L, P with Span children); leaf
/// elements always close on the page they opened, because Cairo marks content per page.
public enum PageOp {
    case begin(StructureTag)
    case end
    /// A named destination (for internal links, TOC entries and the outline) at the given point.
    case destination(name: String, x: Double, y: Double)
    case glyphs(PlacedRun)
    case shape(Shape, fill: Color?, stroke: Color?, lineWidth: Double)
}

public struct LaidOutPage {
    public var ops: [PageOp] = []
}

/// A heading as placed: for the outline, the TOC and tests.
public struct PlacedHeading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var dest: String
    /// 1-based page number.
    public var page: Int
}

/// The typeset document: pages of drawing/tagging operations plus what the PDF needs besides.
public struct LaidOutDocument {
    public var pageWidth: Double
    public var pageHeight: Double
    public var pages: [LaidOutPage]
    public var headings: [PlacedHeading]
    public var metadata: Metadata
    /// The archival standard of the document (of a pack: its cover's).
    public var pdfStandard: PDFStandard = .default
}
