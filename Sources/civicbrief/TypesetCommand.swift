import ArgumentParser
import Document
import Foundation
import Publishing

/// `civicbrief typeset DOC.json --out FILE.pdf`: renders a document model given as JSON.
struct Typeset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typeset",
        abstract: "Typesets a document model (JSON, see README \"Document model (JSON)\") into a PDF/UA-1 file.")

    @Argument(help: "The document as JSON.")
    var document: String

    @Option(name: .long, help: "Where to write the PDF.")
    var out: String

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
        let doc: Document
        do {
            doc = try Document.decode(json: data, file: document)
        } catch {
            printError(error.description)
            throw Exit.invalidInput
        }
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
