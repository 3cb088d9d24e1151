import ArgumentParser
import Foundation
import IndicatorStore
import Narrative
import Publishing

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a briefing as a PDF and a PNG image of each page; with --watch, again whenever the template, a partial or the store changes.",
        discussion: """
        The images are drawn by Cairo from the same layout as the PDF. Default output: \
        Output/<template>-<area>-<period>-<lang>-preview.pdf and -preview-1.png, -2.png, … next to it; \
        each path is printed. While watching, a template or data error is printed and the last good \
        output is kept; stop with Ctrl-C.
        """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var named: BriefingArguments

    @Option(name: .long, help: ArgumentHelp("Where to write the PDF (the images go next to it).", valueName: "file.pdf"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Resolution of the page images (1–600).", valueName: "dpi"))
    var dpi: Double = 96

    @Flag(name: .long, help: "Keep running and render again when the template, a partial or the store changes.")
    var watch = false

    func validate() throws {
        guard dpi >= 1, dpi <= 600 else { throw ValidationError("--dpi takes 1 to 600, not \(dpi)") }
        if let out, !out.hasSuffix(".pdf") { throw ValidationError("--out names the PDF, e.g. preview.pdf (the images go next to it)") }
    }

    func run() throws {
        let templatePath = try named.templatePath()
        let request = try named.request(templatePath: templatePath)
        let sources = SourceWatch(template: templatePath, store: storeOption.path)
        var seen = sources.snapshot()
        var outcome = report(previewBriefing(request, storePath: storeOption.path, out: out, dpi: dpi))
        guard watch else {
            if case .failed(_, let isUserError) = outcome { throw isUserError ? Exit.invalidInput : Exit.internalError }
            if case .invalid = outcome { throw Exit.invalidInput }
            return
        }
        printError("Watching \(templatePath), its folder and \(storeOption.path) — Ctrl-C to stop")
        while true {
            seen = sources.waitForChange(after: seen)
            outcome = report(previewBriefing(request, storePath: storeOption.path, out: out, dpi: dpi))
            switch outcome {
            case .failed, .invalid: printError("(the last good preview is kept)")
            case .written: break
            }
        }
    }

    /// Prints what a pass made (every path on stdout) or what is wrong (stderr).
    private func report(_ outcome: PreviewOutcome) -> PreviewOutcome {
        switch outcome {
        case .written(let pdf, let pages, let ms):
            // Unbuffered: a watching editor reads the paths as they come.
            FileHandle.standardOutput.write(Data(([pdf] + pages).map { $0 + "\n" }.joined().utf8))
            printError(String(format: "Wrote %@ and %d page image(s) in %.0f ms", pdf, pages.count, ms))
        case .failed(let lines, _):
            lines.forEach(printError)
        case .invalid(let problems):
            Diagnostics.print(problems)
        }
        return outcome
    }
}
