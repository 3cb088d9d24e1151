import Document
import Foundation
import Layout

/// What the PDF stage hands to the finishing pass (module Accessibility): the bytes Cairo wrote,
/// the document metadata, and — for every structure element, in the order its tag was opened,
/// which is the pre-order of Cairo's structure tree — what Cairo 1.16 cannot write itself.
public struct TaggedPDF: Sendable {
    public var bytes: [UInt8]
    public var metadata: PDFMetadata
    public var elements: [StructureTag]
    /// PDF/A-3a (with the elements' attachments embedded) or PDF/A-2a (without); always PDF/UA-1.
    public var standard: PDFStandard

    public init(bytes: [UInt8], metadata: PDFMetadata, elements: [StructureTag], standard: PDFStandard = .default) {
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
