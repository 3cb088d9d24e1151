import Document
import Facts
import Foundation
import IndicatorStore
import Stencil
import Support

// Template → document: front matter, parameters, Stencil (with escaping and sandboxed includes),
// Markdown via cmark-gfm, fenced blocks with their data. Everything from the store comes through
// Facts (`FactsBuilder`): this stage never holds the store. `check` and `render` run exactly this;
// render then hands the document to the PDF pipeline (module Publishing).

/// What to render.
public struct BriefingRequest: Sendable {
    /// Path of the template file as the user gave it (used in messages).
    public var templatePath: String
    public var area: String?
    /// The period to report (parsed where it was given, e.g. `--period`); nil: the latest complete one.
    public var period: Period?
    /// `de` or `en`; default: the template's language.
    public var language: String?
    /// `--param KEY=VALUE` pairs, as text; typed by the front matter.
    public var parameters: [String: String]
    /// `--pdf-standard` or the manifest's `pdf_standard`; overrides the template's front matter.
    public var pdfStandard: PDFStandard?

    public init(templatePath: String, area: String? = nil, period: Period? = nil, language: String? = nil,
                parameters: [String: String] = [:], pdfStandard: PDFStandard? = nil) {
        self.templatePath = templatePath; self.area = area; self.period = period
        self.language = language; self.parameters = parameters; self.pdfStandard = pdfStandard
    }
}

/// A rendered briefing: the document and what it is about (for file names and manifests).
public struct Briefing: Sendable {
    public var document: Document
    public var templateName: String
    public var areaCode: String
    public var period: Period
    public var language: Language
    /// The Markdown after Stencil, for debugging templates.
    public var markdown: String
    /// Every number and comparison word the briefing printed, with its data and rule (`render --explain`).
    public var audit: StatementAudit
    /// Milliseconds in `facts` (queries and fact computation), `charts` (reading the charts' data; they are drawn at layout) and
    /// `template` (the rest: front matter, Stencil, Markdown, blocks), for `--timings` and `make bench`.
    public var timings: [(name: String, milliseconds: Double)] = []
}

public enum BriefingRenderer {
    /// Largest Markdown a template may produce (a runaway loop stops here with a clear error).
    public static let maxOutputBytes = TemplateBudget.maxOutputBytes

    /// Reads only the front matter (for manifests: levels, granularity, parameters), without a store.
    public static func header(templatePath file: String) throws(TemplateFailure) -> TemplateHeader {
        let problems = ProblemCollector(file: file)
        guard let text = readTemplate(file, problems: problems) else { throw TemplateFailure(problems.problems) }
        let source = TemplateSource.parse(text: text, file: file, problems: problems)
        guard let header = source.header, problems.isEmpty else { throw TemplateFailure(problems.problems) }
        return header
    }

    /// Reads a template file: a missing file and a file that is not UTF-8 text are different mistakes.
    static func readTemplate(_ file: String, problems: ProblemCollector) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            problems.add(line: 1, column: 1, isDirectory.boolValue ? "is a folder, not a template — name a .md file"
                                                               : "template not found — check the path")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            problems.add(line: 1, column: 1, "cannot read the template — check its permissions")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.add(line: 1, column: 1, "the template is not UTF-8 text — save it as UTF-8")
            return nil
        }
        return text
    }

    /// Checks and renders the template into a document, asking `facts` for everything from the store.
    /// Throws every problem found, each with its position. The steps: read the front matter, resolve
    /// the language, area, period and parameters, check every expression statically, evaluate the
    /// template, convert the Markdown and its blocks, check the document's structure, assemble.
    public static func render(_ request: BriefingRequest, facts: FactsBuilder) throws(TemplateFailure) -> Briefing {
        let started = ContinuousClock.now
        let file = request.templatePath
        let problems = ProblemCollector(file: file)
        func fail() -> TemplateFailure { TemplateFailure(problems.problems) }
        let url = URL(fileURLWithPath: file)
        guard let text = readTemplate(file, problems: problems) else { throw fail() }
        let source = TemplateSource.parse(text: text, file: file, problems: problems)
        guard var header = source.header else { throw fail() }
        let templateName = url.deletingPathExtension().lastPathComponent
        header.language = resolveLanguage(request.language, header: header, problems: problems)
        let language = header.language

        let indicatorCodes = Set(facts.indicatorList.map(\.code))
        for m in header.mainIndicators where !indicatorCodes.contains(m.code) {
            problems.add(line: m.line, column: m.column, "unknown indicator \"\(m.code)\" — list the codes with `civicbrief inspect`")
        }
        guard let area = resolveArea(request.area, header: header, areas: facts.areaList, problems: problems),
              let period = resolvePeriod(request.period, header: header, facts: facts, indicatorCodes: indicatorCodes, problems: problems) else {
            throw fail()
        }
        let params = resolveParameters(request.parameters, header: header, areas: facts.areaList, indicatorCodes: indicatorCodes,
                                       problems: problems)

        let factSource = FactSource(facts: facts, language: language, period: period, problems: problems)
        let loader = SandboxLoader(root: url.deletingLastPathComponent(), displayRoot: (file as NSString).deletingLastPathComponent)
        let session = RenderSession(loader: loader)
        let evaluation = evaluate(source: source, header: header, file: file, mainName: url.lastPathComponent,
                                  session: session, factSource: factSource,
                                  context: makeContext(source: factSource, area: area, params: params, templateName: templateName),
                                  indicators: facts.indicatorList, problems: problems)

        var blocks: [Block] = []
        if let rendered = evaluation.body {
            blocks = convert(rendered, file: file, mainName: url.lastPathComponent, bodyOffset: source.bodyStartLine - 1,
                             session: session, factSource: factSource, area: area, problems: problems)
            checkStructure(blocks, source: source, file: file, problems: problems)
        }
        if !problems.isEmpty { throw fail() }

        // The city's words for itself (city.yaml, README "City profile"), the template's committee.
        let profile = facts.speaking(language).profileFact
        let committee = header.committee ?? (facts.profile.committee.isEmpty ? nil : profile.committee)
        let organisation = [profile.organisation, committee].compactMap { $0 }.joined(separator: " · ")
        var metadata = Metadata(title: evaluation.title ?? header.title, subtitle: evaluation.subtitle, language: language.tag,
                                author: header.author, organisation: header.organisation ?? organisation,
                                subject: evaluation.subtitle ?? evaluation.title ?? header.title, keywords: header.keywords, date: nil)
        if let logo = facts.profile.logo {
            metadata.logo = loadLogo(logo, problems: problems)
            if !problems.isEmpty { throw fail() }
        }
        let document = Document(metadata: metadata, settings: Settings(justify: false, hyphenate: !header.largeType, largeType: header.largeType,
                                                                       pdfStandard: request.pdfStandard ?? header.pdfStandard ?? .default),
                                blocks: blocks, data: factSource.briefingData(template: templateName, area: area, blocks: blocks))
        let total = (ContinuousClock.now - started).milliseconds
        let factsTime = factSource.factsTime.milliseconds, charts = factSource.chartsTime.milliseconds
        let audit = StatementAudit(template: file, area: area.code, period: period.description, language: language.tag,
                                   statements: session.audit.statements)
        return Briefing(document: document, templateName: templateName, areaCode: area.code, period: period,
                        language: language, markdown: evaluation.body ?? "", audit: audit,
                        timings: [("facts", factsTime), ("charts", charts), ("template", max(0, total - factsTime - charts))])
    }

    // MARK: - Steps

    /// The document language: the template's, or `--lang` when the template declares that language too.
    /// The profile's logo: a drawing in the document model's JSON.
    static func loadLogo(_ path: String, problems: ProblemCollector) -> Drawing? {
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.add(line: 1, column: 1, "the city logo cannot be read — check the path after `logo:` in city.yaml", file: path)
            return nil
        }
        do { return try JSONDecoder().decode(Drawing.self, from: data) } catch {
            problems.add(line: 1, column: 1, "the city logo is not a drawing (\(error)) — write it as the document model's "
                         + "`drawing` JSON (README \"Document model (JSON)\")", file: path)
            return nil
        }
    }

    static func resolveLanguage(_ requested: String?, header: TemplateHeader, problems: ProblemCollector) -> Language {
        guard let tag = requested else { return header.language }
        guard let l = Language(tag: tag) else {
            problems.add(line: 1, column: 1, "unknown language \"\(tag)\" (--lang) — use de or en")
            return header.language
        }
        if !header.languages.contains(l) {
            let written = header.languages.map { $0 == .de ? "de" : "en" }.joined(separator: ", ")
            problems.add(line: header.languageLine, column: 1,
                         "the template is written in \(written) and cannot be rendered with --lang \(l == .de ? "de" : "en") — its own sentences would stay in \(written); render a template written in that language, or declare `languages: [de, en]` after writing both")
        }
        return l
    }

    static func resolveArea(_ requested: String?, header: TemplateHeader, areas: [Area], problems: ProblemCollector) -> Area? {
        if let code = requested {
            guard let a = areas.first(where: { $0.code == code }) else {
                let hint = areas.filter { header.areaLevels.contains($0.level) }.prefix(12).map(\.code).joined(separator: ", ")
                problems.add(line: 1, column: 1, "unknown area \"\(code.prefix(40))\" (--area) — area codes are text with leading zeros, e.g. \(hint)")
                return nil
            }
            if !header.areaLevels.contains(a.level) {
                problems.add(line: 1, column: 1, "area \(code) is a \(a.level.rawValue), but this template is for \(header.areaLevels.map(\.rawValue).joined(separator: " or ")) — choose another area")
            }
            return a
        }
        guard let a = areas.first(where: { $0.level == header.areaLevels[0] }) else {
            problems.add(line: 1, column: 1, "the store has no area of level \(header.areaLevels[0].rawValue) — import areas first")
            return nil
        }
        return a
    }

    static func resolvePeriod(_ requested: Period?, header: TemplateHeader, facts: FactsBuilder, indicatorCodes: Set<String>,
                              problems: ProblemCollector) -> Period? {
        if let p = requested {
            if p.granularity != header.granularity {
                problems.add(line: 1, column: 1, "period \(p) is a \(p.granularity.rawValue), but this template reports by \(header.granularity.rawValue) — give e.g. \(Period.containing(year: p.year, month: p.firstMonth, day: 1, granularity: header.granularity)?.description ?? "")")
            }
            return p
        }
        let main = header.mainIndicators.map(\.code).filter(indicatorCodes.contains)
        guard let p = (try? facts.latestCompletePeriod(granularity: header.granularity, indicators: main)) ?? nil else {
            problems.add(line: 1, column: 1, "the store has no complete \(header.granularity.rawValue) yet — import data or give --period")
            return nil
        }
        return p
    }

    static func resolveParameters(_ given: [String: String], header: TemplateHeader, areas: [Area], indicatorCodes: Set<String>,
                                  problems: ProblemCollector) -> [String: Any] {
        var params: [String: Any] = [:]
        let declared = Dictionary(header.parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in given.keys.sorted() where declared[name] == nil {
            let known = header.parameters.map(\.name).sorted().joined(separator: ", ")
            problems.add(line: 1, column: 1, "unknown parameter \"\(name.prefix(40))\" (--param) — this template takes: \(known.isEmpty ? "no parameters" : known)")
        }
        for spec in header.parameters {
            guard let raw = given[spec.name] ?? spec.defaultValue else {
                problems.add(line: spec.line, column: spec.column, "parameter \(spec.name) has no default — give --param \(spec.name)=…")
                continue
            }
            switch ParameterValue.parse(raw, as: spec.type) {
            case .failure(let why):
                // A bad default was already reported at the default itself, while reading the front matter.
                if given[spec.name] != nil {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name) (\(spec.type.rawValue)) \(why)")
                }
            case .value(let v):
                if spec.type == .area, !areas.contains(where: { $0.code == raw }) {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name): unknown area \"\(raw.prefix(40))\"")
                } else if spec.type == .indicator, !indicatorCodes.contains(raw) {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name): unknown indicator \"\(raw.prefix(40))\"")
                } else {
                    params[spec.name] = v
                }
            }
        }
        return params
    }

    struct Evaluation { var body: String?; var title: String?; var subtitle: String? }

    /// Checks every expression of the template (and its partials) against the vocabulary, then runs
    /// Stencil on the body, the title and the subtitle. Nothing is evaluated when the check fails.
    static func evaluate(source: TemplateSource, header: TemplateHeader, file: String, mainName: String,
                         session: RenderSession, factSource: FactSource, context: [String: Any],
                         indicators: [Indicator], problems: ProblemCollector) -> Evaluation {
        let environment = Environment(loader: nil, extensions: [NarrativeExtension(language: factSource.language, session: session,
                                                                                          profile: factSource.builder.profile)])
        var checker = TemplateChecker(indicatorUnits: Dictionary(indicators.map { ($0.code, $0.unit.rawValue) }, uniquingKeysWith: { a, _ in a }),
                                      parameters: Dictionary(header.parameters.map { ($0.name, $0.type.templateType) }, uniquingKeysWith: { a, _ in a }),
                                      loader: session.loader)
        let body = session.stencilTokens(source.body, file: file, name: mainName, firstLine: source.bodyStartLine)
        let title = session.stencilTokens(header.title, file: file, name: mainName + "#title", firstLine: header.titleLine)
        let subtitle = header.subtitle.map { session.stencilTokens($0, file: file, name: mainName + "#subtitle", firstLine: header.subtitleLine) }
        for lexed in [body.lexed, title.lexed, subtitle?.lexed ?? []] { checker.check(lexed) }
        let lexing = session.problems
        lexing.forEach(problems.add)
        // An unclosed delimiter makes the rest of the text unreliable: nothing is evaluated then.
        guard lexing.isEmpty else { return Evaluation() }
        let statics = checker.problems.map {
            TemplateProblem(file: $0.position.file, line: $0.position.line, column: $0.position.column, message: $0.message)
        }
        statics.forEach(problems.add)
        // Still evaluated after static problems, so the problems of fenced blocks and of the data are
        // found in the same run; a render error on a line the check already reported is that problem again.
        let reported = Set(statics.map { "\($0.file):\($0.line)" })
        let runtime = ProblemCollector(file: file)
        defer {
            for p in runtime.problems where !reported.contains("\(p.file):\(p.line)") { problems.add(p) }
        }

        func run(_ tokens: [Token]) -> String? {
            do {
                let nodes = try TokenParser(tokens: tokens, environment: environment).parse()
                return try renderNodes(nodes, Context(dictionary: context, environment: environment))
            } catch {
                report(error, session: session, file: file, fallbackLine: source.bodyStartLine, problems: runtime,
                       placedOnly: !statics.isEmpty)
                return nil
            }
        }
        var evaluation = Evaluation()
        evaluation.body = run(body.tokens)
        // Titles are metadata, not Markdown: rendered the same way, then unescaped.
        evaluation.title = run(title.tokens).map(MarkdownEscaping.unescape)
        evaluation.subtitle = subtitle.flatMap { run($0.tokens) }.map(MarkdownEscaping.unescape)
        reportUnknownLookups(factSource, session: session, problems: runtime)
        session.printProblems.forEach(runtime.add)
        if let rendered = evaluation.body, rendered.utf8.count > TemplateBudget.maxOutputBytes {
            runtime.add(line: source.bodyStartLine, column: 1, "the template produced more than \(TemplateBudget.maxOutputBytes / 1_000_000) MB of text — check the loops")
            evaluation.body = nil
        }
        return evaluation
    }

    /// A render error at its place in the template (inside a partial: the partial, and where it was included).
    static func report(_ error: Error, session: RenderSession, file: String, fallbackLine: Int, problems: ProblemCollector,
                       placedOnly: Bool = false) {
        guard let e = error as? TemplateSyntaxError, let known = session.position(of: e.token) else {
            // Without a place it repeats a problem the static check found (e.g. an unknown filter).
            if !placedOnly { problems.add(line: fallbackLine, column: 1, "template error: \((error as? TemplateSyntaxError)?.reason ?? "\(error)")") }
            return
        }
        let place = known
        let message = "template error: " + (e.reason.isEmpty ? "\(e)" : e.reason) + session.includeNote(of: e.token)
        problems.add(line: place.line, column: place.column, message, file: place.file)
    }

    /// Codes looked up that the store does not have (the static check reports written ones; this
    /// catches those reached through a variable).
    static func reportUnknownLookups(_ factSource: FactSource, session: RenderSession, problems: ProblemCollector) {
        for unknown in factSource.unknownLookups {
            let needle = "\(unknown.lookup).\(unknown.code)"
            let place = session.printed.first { $0.expression.contains(needle) }?.position
            let what = unknown.lookup == "indicators" ? "indicator" : "fact"
            problems.add(line: place?.line ?? 1, column: place?.column ?? 1,
                         "unknown \(what) \"\(needle)\" — no indicator \"\(unknown.code)\" in the store; list the codes with `civicbrief inspect`",
                         file: place?.file)
        }
    }

    /// Markdown → document blocks; fenced blocks report problems at their lines in the template.
    static func convert(_ rendered: String, file: String, mainName: String, bodyOffset: Int, session: RenderSession,
                        factSource: FactSource, area: Area, problems: ProblemCollector) -> [Block] {
        let converter = MarkdownConverter(
            fencedBlock: { fenced in
                let (f, fenceLine): (String, Int)
                if let origin = fenced.file, origin != mainName {
                    (f, fenceLine) = (session.loader.displayPath(origin), fenced.fenceLine)
                } else {
                    (f, fenceLine) = (file, (fenced.fenceLine > 0 ? fenced.fenceLine : fenced.renderedLine) + bodyOffset)
                }
                let builder = BlockBuilder(source: factSource, area: area, session: session, place: "\(f):\(fenceLine)") { line, column, message in
                    problems.add(line: fenceLine + line, column: column, message, file: f)
                }
                return builder.build(kind: fenced.kind, yaml: fenced.yaml)
            },
            problem: { line, column, message in problems.add(line: line + bodyOffset, column: column, message) })
        return converter.convert(rendered)
    }

    /// What layout would refuse (skipped heading levels, duplicate heading ids, links to unknown
    /// headings) is reported by `check` too, at the heading in the template.
    static func checkStructure(_ blocks: [Block], source: TemplateSource, file: String, problems: ProblemCollector) {
        for problem in DocumentStructure.problems(blocks) {
            var line = source.bodyStartLine, column = 1
            if case .heading(let h) = blocks[problem.block], let found = source.headingLine(level: h.level, text: h.text) {
                line = found
            }
            if column < 1 { column = 1 }
            problems.add(line: line, column: column, problem.message)
        }
    }

    /// 1-based line and column of the first occurrence of `needle` in `text`.
    static func position(of needle: String, in text: String) -> (Int, Int)? {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: needle) {
                return (i + 1, line[line.startIndex..<r.lowerBound].unicodeScalars.count + 1)
            }
        }
        return nil
    }
}
