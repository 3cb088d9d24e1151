import ArgumentParser
import Document
import Facts
import Foundation
import IndicatorStore
import Narrative
import Publishing

/// `--param KEY=VALUE` pairs into a dictionary (the template's front matter types them).
func parseParams(_ pairs: [String]) throws -> [String: String] {
    var result: [String: String] = [:]
    for pair in pairs {
        guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
            throw ValidationError("--param expects KEY=VALUE, got \"\(pair)\"")
        }
        result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
    }
    return result
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate templates without rendering: syntax, indicators, areas, facts, filters, parameters, block YAML.",
        discussion: "Every problem is printed as FILE:LINE:COLUMN: message; exit code 2 if there is any.")

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("Template files (Templates/*.md).", valueName: "template"))
    var templates: [String]

    @Option(name: .long, help: ArgumentHelp("Check for this area (default: the first of the template's level).", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("Check for this period (default: the latest complete one).", valueName: "period"),
            transform: periodArgument)
    var period: Period?

    @Option(name: .customLong("param"), help: ArgumentHelp("A template parameter.", valueName: "key=value"))
    var params: [String] = []

    enum Format: String, ExpressibleByArgument { case text, json }
    @Option(name: .long, help: ArgumentHelp("text (FILE:LINE:COLUMN lines on stderr) or json (one object per file on stdout, for editors).", valueName: "format"))
    var format: Format = .text

    func run() throws {
        let parameters = try parseParams(params)
        let store: IndicatorStore
        do { store = try IndicatorStore.open(path: storeOption.path) } catch { throw storeExitCode(for: error) }
        defer { store.close() }
        var failed = false
        // Each file's result is printed as soon as it is known, so one slow file hides nothing.
        for given in templates {
            guard let template = locateInput(given, extensions: []).path else {
                printError("\(given): not found — looked for \(locateInput(given, extensions: []).searched.joined(separator: ", "))")
                failed = true
                continue
            }
            if template.hasSuffix(".yaml") || template.hasSuffix(".yml") {  // a publishing manifest (PublishCommand.swift)
                if !checkPublishingManifest(template, store: store, period: period.map(PeriodSelection.fixed)) { failed = true }
                continue
            }
            let facts: FactsBuilder
            do { facts = try FactsBuilder(store: store) } catch { throw storeExitCode(for: error) }
            var problems: [TemplateProblem] = []
            do {
                _ = try BriefingRenderer.render(BriefingRequest(templatePath: template, area: area, period: period,
                                                                parameters: parameters), facts: facts)
            } catch {
                problems = error.problems
                failed = true
            }
            switch format {
            case .text:
                if problems.isEmpty { printError("\(template): ok") } else { Diagnostics.print(problems) }
            case .json:
                // Unbuffered, so an editor sees each file's result at once.
                FileHandle.standardOutput.write(Data((CheckReport(file: template, problems: problems).json() + "\n").utf8))
            }
        }
        if failed { throw Exit.invalidInput }
    }
}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one briefing from a template into a PDF/UA-1 file.",
        discussion: """
        The period defaults to the latest complete one: the latest period in which every district has a \
        final or provisional value for each of the template's main indicators (front matter `indicators:`). \
        Default output: Output/<template>-<area>-<period>-<lang>.pdf (values escaped as file names). A template \
        that is not at the path given is looked for by name in the shipped Templates/ folder.
        """)

    @OptionGroup var storeOption: StoreOption

    @OptionGroup var named: BriefingArguments

    @Option(name: .long, help: ArgumentHelp("Where to write the PDF.", valueName: "file"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Also write the document model as JSON.", valueName: "file.json"))
    var emitDocument: String?

    @Flag(name: .long, help: "With --emit-document: write each chart as the figure (and data table) it is drawn as, not as its spec and data.")
    var chartsDrawn = false

    @Option(name: .long, help: ArgumentHelp("Also write the statement audit: every number and comparison word with its data and rule.", valueName: "file.json"))
    var explain: String?

    @Option(name: .long, help: pdfStandardHelp)
    var pdfStandard: PDFStandard?

    @Flag(name: .long, help: "Print the milliseconds of each stage to stderr.")
    var timings = false

    func validate() throws {
        if chartsDrawn && emitDocument == nil { throw ValidationError("--charts-drawn applies to --emit-document FILE.json; give both") }
    }

    func run() throws {
        let store: IndicatorStore
        do { store = try IndicatorStore.open(path: storeOption.path) } catch { throw storeExitCode(for: error) }
        defer { store.close() }
        let templatePath = try named.templatePath()
        let request = try named.request(templatePath: templatePath, pdfStandard: pdfStandard)
        let facts: FactsBuilder
        do { facts = try FactsBuilder(store: store) } catch { throw storeExitCode(for: error) }
        let briefing: Briefing
        do { briefing = try BriefingRenderer.render(request, facts: facts) } catch {
            Diagnostics.print(error.problems)
            throw Exit.invalidInput
        }
        // Operator instructions go here, never into the document: a stale index is only left out there.
        if let warning = IndexCheck.staleWarning(templatePath: templatePath, period: briefing.period, store: store,
                                                 storePath: storeOption.path) {
            printError(warning)
        }
        if let emitDocument {
            var document = datedDocument(briefing)
            if chartsDrawn {
                do { document = try drawingCharts(document) } catch {
                    printError("\(templatePath): \(error)")
                    throw error.isUserError ? Exit.invalidInput : Exit.internalError
                }
            }
            try writeOutput(try encodedJSON(document, formatting: [.prettyPrinted, .sortedKeys]), to: emitDocument, what: "the document JSON")
        }
        if let explain {
            try writeOutput(try encodedJSON(briefing.audit, formatting: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
                            to: explain, what: "the statement audit")
        }
        var stages = RenderTimings()
        let path: String
        do {
            path = try writeBriefing(briefing, templatePath: templatePath, out: out, timings: &stages)
        } catch {
            error.lines.forEach(printError)
            throw error.isUserError ? Exit.invalidInput : Exit.internalError
        }
        stages.stages = briefing.timings + stages.stages  // facts, charts, template, then the PDF stages
        if timings { printError("timings: " + stages.summary) }
        printError("Wrote \(path)")
    }
}

/// `check --format json`: one line per file, `{"file": …, "ok": …, "problems": [{file, line, column, message}]}`.
struct CheckReport: Encodable {
    var file: String
    var ok: Bool
    var problems: [Problem]
    struct Problem: Encodable { var file: String; var line: Int; var column: Int; var message: String }

    init(file: String, problems: [TemplateProblem]) {
        self.file = file
        ok = problems.isEmpty
        self.problems = problems.map { Problem(file: $0.file, line: $0.line, column: $0.column, message: $0.message) }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
