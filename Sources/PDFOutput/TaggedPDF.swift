import Document
import Foundation
import Layout

/// What the PDF stage hands to the finishing pass (module Accessibility): the bytes Cairo wrote,
/// the document metadata, and — for every structure element, in the order its tag was opened,
/// which is the pre-order of Cairo's structure tree — what Cairo 1.16 cannot write itself.
public struct TaggedPDF: Sendable {
    public var bytes: [UInt8]
    public var metadata: PDFMetadata
    public var elements: [StructureElementInfo]
    /// PDF/A-3a (with the elements' attachments embedded) or PDF/A-2a (without); always PDF/UA-1.
    public var standard: PDFStandard

    public init(bytes: [UInt8], metadata: PDFMetadata, elements: [StructureElementInfo], standard: PDFStandard = .default) {
        self.bytes = bytes
        self.metadata = metadata
        self.elements = elements
        self.standard = standard
    }
}

/// Document-level metadata for the Info dictionary and the XMP packet.
public struct PDFMetadata: Sendable, Codable, Equatable {
    public var title: String
    public var subtitle: String?
    /// BCP 47 language of the document, e.g. "de-DE".
    public var language: String
    public var author: String?
    public var subject: String?
    public var keywords: [String]
    public var creator: String
    public var producer: String
    /// Creation/modification date written to Info and XMP. `nil` means: take SOURCE_DATE_EPOCH
    /// if set, otherwise a fixed epoch — never the wall clock, so output stays reproducible.
    public var date: Date?

    public init(title: String, subtitle: String? = nil, language: String, author: String? = nil,
                subject: String? = nil, keywords: [String] = [], creator: String = "CivicBrief",
                producer: String = "CivicBrief (Cairo, Pango, qpdf)", date: Date? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.author = author
        self.subject = subject
        self.keywords = keywords
        self.creator = creator
        self.producer = producer
        self.date = date
    }
}

public enum TableHeaderScope: String, Sendable, Codable {
    case column = "Column", row = "Row", both = "Both"
}

/// One structure element as opened with `cairo_tag_begin`, with the attributes the finishing
/// pass attaches. The finishing pass checks `type` against the tree, so a mismatch is an error
/// instead of an attribute silently landing on the wrong element.
public struct StructureElementInfo: Sendable, Equatable {
    /// The structure type passed to `cairo_tag_begin` ("P", "Figure", "TH", …).
    public var type: String
    /// /Alt for Figure and Formula; for Link, the /Contents of its annotation.
    public var alt: String?
    /// /Scope for TH.
    public var scope: TableHeaderScope?
    /// /Lang for a passage in another language than the document.
    public var lang: String?
    /// /ID, e.g. for Note.
    public var id: String?
    /// The associated file (/AF) of a Table, Figure, Document or Sect.
    public var attachment: TagAttachment?

    public init(type: String, alt: String? = nil, scope: TableHeaderScope? = nil,
                lang: String? = nil, id: String? = nil, attachment: TagAttachment? = nil) {
        self.type = type
        self.alt = alt
        self.scope = scope
        self.lang = lang
        self.id = id
        self.attachment = attachment
    }

    /// Page furniture (running header, footer, page numbers, decorative rules) is drawn inside
    /// this placeholder structure type, which the document never uses otherwise. The finishing
    /// pass turns its marked content into `/Artifact << /Type /Pagination >>` and removes the
    /// placeholder elements from the structure tree and parent tree.
    public static let furniturePlaceholder = "Private"
    public var isFurniture: Bool { type == Self.furniturePlaceholder }
}
