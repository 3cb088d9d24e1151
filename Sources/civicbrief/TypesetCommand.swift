import Accessibility
import ArgumentParser
import Document
import Foundation
import Layout
import PDFOutput

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
        let clock = ContinuousClock()
        var stages: [(String, Duration)] = []
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            defer { stages.append((name, clock.now - start)) }
            return try body()
        }
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
        let laidOut: LaidOutDocument
        do {
            laidOut = try timed("layout") {
                let fonts = try FontEnvironment(language: doc.metadata.language)
                return try Typesetter(fonts: fonts).typeset(doc)
            }
        } catch let error as LayoutError {
            printError("\(document): \(error.description)")
            switch error {
            case .unknownLinkTarget, .duplicateTarget, .skippedHeadingLevel: throw Exit.invalidInput
            case .fontsMissing, .fontSetupFailed: throw Exit.internalError
            }
        }
        let bytes: [UInt8]
        do {
            let tagged = try timed("pdf") { try PDFRenderer.render(laidOut, metadata: PDFMetadata(document: doc.metadata)) }
            bytes = try timed("finishing") { try Accessibility.finish(tagged) }
            try timed("write") { try Accessibility.writeAtomically(bytes, to: URL(fileURLWithPath: out)) }
        } catch {
            printError("\(document): \(error)")
            throw Exit.internalError
        }
        if timings {
            let ms = stages.map { name, d in
                let value = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
                return "\(name)=\(String(format: "%.1f", value))ms"
            }
            printError("timings: " + ms.joined(separator: " ") + " pages=\(laidOut.pages.count)")
        }
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
