import Document
import Foundation
import Layout
import PDFOutput
import Support

/// A briefing's PDF and an image of each of its pages, both drawn from one layout: what
/// `civicbrief preview` writes (the images come from Cairo, not from an external rasteriser).
public struct Preview: Sendable {
    public var pdf: [UInt8]
    /// PNG bytes, page by page.
    public var pages: [[UInt8]]
    public var timings: RenderTimings
}

/// Lays `document` out once, finishes the PDF from it and draws every page as a PNG at `dpi`.
public func renderPreview(_ document: Document, dpi: Double) throws(DocumentRenderError) -> Preview {
    var laidOut: LaidOutDocument?
    var timings = RenderTimings()
    let pdf = try renderPDF(metadata: document.metadata, timings: &timings) { () throws(LayoutError) -> LaidOutDocument in
        let made = try threadTypesetter(language: document.metadata.language).typeset(document)
        laidOut = made
        return made
    }
    guard let laidOut else { return Preview(pdf: pdf, pages: [], timings: timings) }
    let start = ContinuousClock.now
    var pages: [[UInt8]] = []
    for index in laidOut.pages.indices {
        do { pages.append(try PageImage.png(laidOut, page: index, dpi: dpi)) } catch { throw .pdf("\(error)") }
    }
    timings.stages.append(("images", (ContinuousClock.now - start).milliseconds))
    return Preview(pdf: pdf, pages: pages, timings: timings)
}

/// Writes `preview` to `pdfPath` and its pages next to it (`NAME-1.png`, `NAME-2.png`, …), each
/// atomically, and removes page images a longer earlier version left. Returns the image paths.
public func writePreview(_ preview: Preview, pdfPath: String) throws(DocumentRenderError) -> [String] {
    let base = pdfPath.hasSuffix(".pdf") ? String(pdfPath.dropLast(4)) : pdfPath
    var written: [String] = []
    do throws(OutputError) {
        try AtomicFile.write(preview.pdf, to: pdfPath)
        for (i, png) in preview.pages.enumerated() {
            let path = "\(base)-\(i + 1).png"
            try AtomicFile.write(png, to: path)
            written.append(path)
        }
    } catch {
        throw .write(path: pdfPath, reason: error.problem, fix: error.fix)
    }
    var stale = preview.pages.count + 1
    while FileManager.default.fileExists(atPath: "\(base)-\(stale).png") {
        try? FileManager.default.removeItem(atPath: "\(base)-\(stale).png")
        stale += 1
    }
    return written
}
