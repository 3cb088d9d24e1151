import ArgumentParser
import Document
import IndicatorStore
import Narrative
import Publishing

/// What names one briefing on the command line — the template, its area, period, language and
/// parameters — shared by `render` and `preview`.
struct BriefingArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The template: a path, or a name in the shipped Templates/ folder.", valueName: "template"))
    var template: String

    @Option(name: .long, help: ArgumentHelp("Area code, e.g. 03.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("Period, e.g. 2026-10, 2026-Q3 or 2025.", valueName: "period"), transform: periodArgument)
    var period: Period?

    @Option(name: .long, help: ArgumentHelp("Document language: de or en (default: the template's).", valueName: "lang"))
    var lang: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A template parameter.", valueName: "key=value"))
    var params: [String] = []

    /// The template named: the path, else the same name in the shipped templates; not found is exit 2.
    func templatePath() throws -> String {
        let found = locateInput(template, extensions: [".md"])
        guard let path = found.path else {
            printError("\(template): template not found — looked for \(found.searched.joined(separator: ", "))")
            throw Exit.invalidInput
        }
        return path
    }

    func request(templatePath: String, pdfStandard: PDFStandard? = nil) throws -> BriefingRequest {
        BriefingRequest(templatePath: templatePath, area: area, period: period, language: lang,
                        parameters: try parseParams(params), pdfStandard: pdfStandard)
    }
}
