import Foundation
import PDFOutput

/// The finishing pass: turns the tagged PDF Cairo 1.16 writes into a PDF/UA-1 file, adding what
/// Cairo cannot write (see ../../../shared/ACCESSIBILITY.md). Writing the file is the caller's
/// (`Support.AtomicFile`).
public enum Accessibility {
    /// Set once at start by commands that finish one document and exit: qpdf's object graph is
    /// then left to the operating system instead of being freed object by object. Processes that
    /// render many documents (publish, tests) keep the default and free each one.
    nonisolated(unsafe) public static var leavesMemoryToProcessExit = false

    /// Finishes `pdf` with libqpdf into PDF/UA-1 and PDF/A-3a (or PDF/A-2a, `pdf.standard`): catalog
    /// entries and XMP metadata, structure attributes (/Alt, /Scope, /Lang, /ID), page furniture as
    /// artifacts, /CIDToGIDMap, link annotation /Contents, /F and /Tabs, the sRGB output intent and
    /// (PDF/A-3) the data files as associated files; then writes it with a deterministic /ID.
    /// Dates come from `pdf.metadata.date`, else SOURCE_DATE_EPOCH, else 2000-01-01T00:00:00Z.
    public static func finish(_ pdf: TaggedPDF) throws -> [UInt8] {
        try finish(pdf, environment: ProcessInfo.processInfo.environment)
    }

    static func finish(_ pdf: TaggedPDF, environment: [String: String]) throws -> [UInt8] {
        var metadata = try DocumentMetadata(pdf.metadata, environment: environment)
        metadata.standard = pdf.standard
        let profile = try ColorProfile.shared()
        let session = try QPDFSession(bytes: pdf.bytes, description: "Cairo output")
        var pass = FinishingPass(session: session, elements: pdf.elements, metadata: metadata, colorProfile: profile)
        try pass.run()
        // PDF/UA-1, PDF/A-2 and PDF/A-3 are all defined on ISO 32000-1, i.e. PDF 1.7.
        return try pass.write(minimumVersion: "1.7")
    }
}

/// Why the finishing pass failed. The message says what is wrong and what to do.
public enum AccessibilityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libqpdf failed at `step`.
    case qpdf(step: String, message: String)
    case invalidMetadata(String)
    /// The structure tree in the PDF and the element list from the PDF stage disagree.
    case structureMismatch(String)
    /// A structure element lacks something PDF/UA requires (e.g. a Figure without alt text).
    case missingAccessibilityInfo(String)
    /// Page furniture could not be turned into artifacts.
    case furniture(page: Int, String)
    case untaggedAnnotation(page: Int, String)
    /// The sRGB profile for the PDF/A output intent is missing or unusable (an installation problem).
    case colorProfile(String)
    /// A PDF to read (e.g. for `extract`) is damaged or not a PDF.
    case unreadable(String)

    public var description: String {
        switch self {
        case .qpdf(let step, let message):
            return "qpdf could not \(step): \(message) — this is a bug in the PDF stage or the finishing pass; please report it"
        case .invalidMetadata(let message):
            return "invalid document metadata: \(message)"
        case .structureMismatch(let message):
            return "structure tree does not match the recorded elements: \(message) — the PDF stage must record one element per cairo_tag_begin, in call order"
        case .missingAccessibilityInfo(let message):
            return message
        case .furniture(let page, let message):
            return "page \(page): page furniture: \(message) — draw furniture only inside its own Private placeholder tag"
        case .untaggedAnnotation(let page, let message):
            return "page \(page): \(message) — every link must be drawn inside a Link tag"
        case .colorProfile(let message):
            return "cannot write PDF/A: \(message)"
        case .unreadable(let message):
            return message
        }
    }
}
