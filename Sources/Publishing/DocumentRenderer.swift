import Accessibility
import Document
import Support
import Foundation
import IndicatorStore
import Layout
import PDFOutput

// The one place where the stages after the document model are chained: layout (Pango) → tagged PDF
// (Cairo) → PDF/UA finishing (qpdf). `render`, `demo` and `publish` all go through here, so a briefing
// looks and validates the same whichever command produced it.

/// Milliseconds spent in each stage, in pipeline order, plus the page count.
public struct RenderTimings: Sendable, Equatable {
    public var stages: [(name: String, milliseconds: Double)] = []
    public var pages = 0

    public init() {}

    public static func == (l: RenderTimings, r: RenderTimings) -> Bool {
        l.pages == r.pages && l.stages.map(\.name) == r.stages.map(\.name)
            && l.stages.map(\.milliseconds) == r.stages.map(\.milliseconds)
    }

    /// `layout=12.3ms pdf=4.5ms finishing=7.8ms pages=3`, for `--timings`.
    public var summary: String {
        (stages.map { "\($0.name)=\(String(format: "%.1f", $0.milliseconds))ms" } + ["pages=\(pages)"])
            .joined(separator: " ")
    }
}

/// Why a document could not become a PDF. `isUserError` separates a document that breaks a rule
/// (exit 2: fix the template) from a broken installation or a bug (exit 3).
public enum DocumentRenderError: Error, Sendable, CustomStringConvertible {
    case layout(LayoutError)
    case pdf(String)
    case finishing(String)
    case write(path: String, reason: String, fix: String)

    public var isUserError: Bool {
        switch self {
        case .layout(let e):
            switch e {
            case .unknownLinkTarget, .duplicateTarget, .skippedHeadingLevel, .chartNotDrawn: return true
            case .fontsMissing, .fontSetupFailed: return false
            }
        // Writing fails for reasons of the destination (permissions, a full disk, the path), not of the code.
        case .write: return true
        case .pdf, .finishing: return false
        }
    }

    public var description: String {
        switch self {
        case .layout(let e): return e.description
        case .pdf(let why): return "PDF output failed: \(why) — please report it"
        case .finishing(let why): return "PDF/UA finishing failed: \(why) — please report it"
        case .write(let path, let reason, let fix): return "\(path): cannot write the PDF (\(reason)) — \(fix)"
        }
    }
}

/// The calling thread's font environment for `language`, kept for its next documents: a new Pango font
/// map starts with cold caches (loaded fonts, HarfBuzz faces, shape plans) that every document of a
/// publish run paid for again. The "helper" environment is lent to the typesetter's helper thread
/// while this thread waits for it; an environment is never used by two threads at once.
func threadFonts(language: String, role: String = "main") throws(LayoutError) -> FontEnvironment {
    let key = "civicbrief.fonts.\(role).\(language)"
    if let fonts = Thread.current.threadDictionary[key] as? FontEnvironment { return fonts }
    let fonts = try FontEnvironment(language: language)
    Thread.current.threadDictionary[key] = fonts
    return fonts
}

/// `document` with every chart drawn as the figure and data table Layout places (`render
/// --emit-document … --charts-drawn`): the drawing a reader of the JSON can check.
public func drawingCharts(_ document: Document) throws(DocumentRenderError) -> Document {
    do throws(LayoutError) {
        return try threadTypesetter(language: document.metadata.language).drawingCharts(document)
    } catch {
        throw .layout(error)
    }
}

/// Lays out, renders and finishes `document`; returns the PDF/UA-1 bytes.
public func renderPDF(_ document: Document) throws(DocumentRenderError) -> [UInt8] {
    var ignored = RenderTimings()
    return try renderPDF(document, timings: &ignored)
}

/// As `renderPDF(_:)`, recording the milliseconds of each stage in `timings`.
public func renderPDF(_ document: Document, timings recorded: inout RenderTimings) throws(DocumentRenderError) -> [UInt8] {
    try renderPDF(metadata: document.metadata, timings: &recorded) { () throws(LayoutError) -> LaidOutDocument in
        try threadTypesetter(language: document.metadata.language).typeset(document)
    }
}

/// The first half of `renderPDF` for a document the publish pack places too: its measured text,
/// plain data another thread may place. `renderPDF(_:timings:)` with the result does the rest.
public func measurePDF(_ document: Document) throws(DocumentRenderError) -> MeasuredDocument {
    do throws(LayoutError) {
        return try threadTypesetter(language: document.metadata.language).measure(document)
    } catch {
        throw .layout(error)
    }
}

/// The second half: places `measured` on pages (with this thread's fonts for the page furniture),
/// draws and finishes the PDF.
public func renderPDF(_ measured: MeasuredDocument, timings recorded: inout RenderTimings) throws(DocumentRenderError) -> [UInt8] {
    try renderPDF(metadata: measured.document.metadata, timings: &recorded) { () throws(LayoutError) -> LaidOutDocument in
        try threadTypesetter(language: measured.document.metadata.language).typeset(measured)
    }
}

/// The publish pack: `pack.sections[i]` placed from `measured[i]` where that is usable (see
/// `Typesetter.typeset(cover:sections:measured:)`), else measured here.
public func renderPDF(pack: PackDocument, measured: [MeasuredDocument?],
                      timings recorded: inout RenderTimings) throws(DocumentRenderError) -> [UInt8] {
    try renderPDF(metadata: pack.cover.metadata, timings: &recorded) { () throws(LayoutError) -> LaidOutDocument in
        try threadTypesetter(language: pack.cover.metadata.language)
            .typeset(cover: pack.cover, sections: pack.sections, measured: measured)
    }
}

/// This thread's typesetter for `language`, with its kept fonts (see `threadFonts`).
func threadTypesetter(language: String) throws(LayoutError) -> Typesetter {
    let typesetter = Typesetter(fonts: try threadFonts(language: language))
    typesetter.helperFonts = { try? threadFonts(language: language, role: "helper") }
    return typesetter
}

/// Layout (by `layout`) → tagged PDF → PDF/UA finishing, timing each stage.
func renderPDF(metadata: Metadata, timings recorded: inout RenderTimings,
                       layout: () throws(LayoutError) -> LaidOutDocument) throws(DocumentRenderError) -> [UInt8] {
    recorded = RenderTimings()
    let clock = ContinuousClock()
    func measure<T>(_ name: String, _ body: () throws(DocumentRenderError) -> T) throws(DocumentRenderError) -> T {
        let start = clock.now
        defer {
            let d = clock.now - start
            recorded.stages.append((name, d.milliseconds))
        }
        return try body()
    }
    let laidOut = try measure("layout") { () throws(DocumentRenderError) -> LaidOutDocument in
        do throws(LayoutError) { return try layout() } catch { throw .layout(error) }
    }
    recorded.pages = laidOut.pages.count
    let tagged = try measure("pdf") { () throws(DocumentRenderError) -> TaggedPDF in
        do { return try PDFRenderer.render(laidOut, metadata: PDFMetadata(document: metadata)) } catch {
            throw .pdf("\(error)")
        }
    }
    return try measure("finishing") { () throws(DocumentRenderError) -> [UInt8] in
        do { return try Accessibility.finish(tagged) } catch { throw .finishing("\(error)") }
    }
}

/// Renders `document` and writes it atomically to `url` (temporary file in the same folder, then rename),
/// creating the folder if needed.
public func renderPDF(_ document: Document, to url: URL) throws(DocumentRenderError) {
    var ignored = RenderTimings()
    try renderPDF(document, to: url, timings: &ignored)
}

/// As `renderPDF(_:to:)`, recording the milliseconds of each stage (including "write") in `timings`.
public func renderPDF(_ document: Document, to url: URL, timings: inout RenderTimings) throws(DocumentRenderError) {
    let bytes = try renderPDF(document, timings: &timings)
    let start = ContinuousClock.now
    do throws(OutputError) {
        // A folder as --out, a file where a folder belongs, a name too long, a read-only disk: said plainly.
        try AtomicFile.write(bytes, to: url.path)
    } catch {
        throw .write(path: url.path, reason: error.problem, fix: error.fix)
    }
    let d = ContinuousClock.now - start
    timings.stages.append(("write", d.milliseconds))
}
