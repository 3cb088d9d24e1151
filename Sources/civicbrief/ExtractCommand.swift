import Accessibility
import ArgumentParser
import Support
import Foundation

/// `civicbrief extract FILE.pdf --out DIR`: writes the files embedded in a PDF (the CSV of every table
/// and chart and the facts JSON of a CivicBrief briefing, or any PDF's attachments) into a folder.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Write the data files embedded in a PDF (tables and charts as CSV, the facts as JSON) into a folder.",
        discussion: """
        Every file of the PDF's embedded-files list and its associated files (/AF) is written atomically \
        under its own name (path separators and leading dots removed, duplicates numbered). A PDF without \
        attachments (e.g. one written as PDF/A-2a) is not an error: nothing is written.
        """)

    @Argument(help: ArgumentHelp("The PDF.", valueName: "file.pdf"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("The folder to write into (created if needed).", valueName: "dir"))
    var out: String?

    @Flag(name: .long, help: "Only list the files (name, size, type, description) on stdout.")
    var list = false

    func validate() throws {
        if out == nil && !list { throw ValidationError("give --out DIR (where to write the files) or --list") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("\(file): cannot read the file — check the path")
            throw Exit.invalidInput
        }
        let files: [EmbeddedFile]
        do {
            files = try Accessibility.embeddedFiles(in: Array(data), description: file)
        } catch {
            printError("\(error)")
            throw Exit.invalidInput
        }
        if list {
            for f in files {
                print([f.name, String(f.bytes.count), f.mediaType ?? "", f.description ?? ""].joined(separator: "\t"))
            }
            return
        }
        guard let out else { return }
        if files.isEmpty {
            printError("\(file): has no embedded files — nothing written (a PDF/A-2a file carries none; in a PDF/A-3a file only tables and charts with data and a briefing's facts have them)")
            return
        }
        let folder = URL(fileURLWithPath: out)
        for f in files {
            // The writer creates the folder, and says what is wrong with it (a file, no permission, a full disk).
            let target = folder.appendingPathComponent(f.name)
            do throws(OutputError) { try AtomicFile.write(f.bytes, to: target) } catch {
                printError("civicbrief: \(error)")
                throw Exit.invalidInput
            }
            printError("Wrote \(target.path) (\(f.bytes.count) bytes)")
        }
    }
}
