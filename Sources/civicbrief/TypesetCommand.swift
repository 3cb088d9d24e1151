import ArgumentParser
import Document
import Foundation
import Publishing

/// `civicbrief typeset DOC.json --out FILE.pdf`: renders a document model given as JSON.
struct Typeset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typeset",
        abstract: "Typesets a document model (JSON, see README \"Document model (JSON)\") into a PDF/UA-1 and PDF/A-3a (or -2a) file.")

    @Argument(help: "The document as JSON.")
    var document: String

    @Option(name: .long, help: "Where to write the PDF.")
    var out: String

    @Option(name: .long, help: ArgumentHelp("PDF/A-3a with the data embedded (default) or PDF/A-2a without attachments; always PDF/UA-1. Overrides the document's settings.pdfStandard.", valueName: "a-3a|a-2a"))
    var pdfStandard: PDFStandard?

    @Flag(name: .long, help: "Print the milliseconds of each stage (layout, pdf, finishing, write) to stderr.")
    var timings = false

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: document))
        } catch {
            printError("\(document): cannot read the document (\(error.localizedDescription)) — check the path")
            throw Exit.invalidInput
        }
        var doc: Document
        do {
            doc = try Document.decode(json: data, file: document)
        } catch {
            printError(error.description)
            throw Exit.invalidInput
        }
        if let pdfStandard { doc.settings.pdfStandard = pdfStandard }
        var stages = RenderTimings()
        do {
            try renderPDF(doc, to: URL(fileURLWithPath: out), timings: &stages)
        } catch {
            printError("\(document): \(error.description)")
            throw error.isUserError ? Exit.invalidInput : Exit.internalError
        }
        if timings { printError("timings: " + stages.summary) }
    }
}
