import Document
import Facts
import Foundation
import IndicatorStore
import Stencil

// Template → document: front matter, parameters, Stencil (with escaping and sandboxed includes),
// Markdown via cmark-gfm, fenced blocks from the store. `check` and `render` run exactly this; render
// then hands the document to the PDF pipeline (module Publishing).

/// What to render.
public struct BriefingRequest: Sendable {
    /// Path of the template file as the user gave it (used in messages).
    public var templatePath: String
    public var area: String?
    public var period: String?
    /// `de` or `en`; default: the template's language.
    public var language: String?
    /// `--param KEY=VALUE` pairs, as text; typed by the front matter.
    public var parameters: [String: String]
    /// `--pdf-standard` or the manifest's `pdf_standard`; overrides the template's front matter.
    public var pdfStandard: PDFStandard?

    public init(templatePath: String, area: String? = nil, period: String? = nil, language: String? = nil,
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
    /// Milliseconds in `facts` (queries and fact computation), `charts` (chart data and drawing) and
    /// `template` (the rest: front matter, Stencil, Markdown, blocks), for `--timings` and `make bench`.
    public var timings: [(name: String, milliseconds: Double)] = []
}

public enum BriefingRenderer {
    /// Largest Markdown a template may produce (a runaway loop stops here with a clear error).
    public static let maxOutputBytes = 4_000_000

    /// The latest complete period of `granularity`: the latest period in which every district has a final
    /// or provisional value for each of `indicators` (default: every indicator of that granularity).
    /// Looks back at most three years; nil when no period is complete.
    public static func latestCompletePeriod(store: IndicatorStore, granularity: Granularity, indicators codes: [String]) throws -> Period? {
        let all = try store.indicators().filter { $0.granularity == granularity }
        let chosen = codes.isEmpty ? all.map(\.code) : codes.filter { c in all.contains { $0.code == c } }
        let districts = try store.areas(level: .district).map(\.code)
        guard !chosen.isEmpty, !districts.isEmpty else { return nil }
        guard let newest = try chosen.compactMap({ try store.latestPeriod(indicator: $0) }).max() else { return nil }
        var p = newest
        for _ in 0..<(3 * granularity.periodsPerYear) {
            var complete = true
            for code in chosen {
                let values = Set(try store.crossSection(indicator: code, level: .district, period: p)
                    .filter { $0.status.hasValue && $0.value != nil }.map(\.area))
                if !districts.allSatisfy(values.contains) { complete = false; break }
            }
            if complete { return p }
            p = p.previous()
        }
        return nil
    }

    /// Reads only the front matter (for manifests: levels, granularity, parameters), without a store.
    public static func header(templatePath file: String) throws(TemplateFailure) -> TemplateHeader {
        let problems = ProblemCollector(file: file)
        guard let text = try? String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8) else {
            throw TemplateFailure([TemplateProblem(file: file, line: 1, column: 1, message: "cannot read the template — check the path and that the file is UTF-8")])
        }
        let source = TemplateSource.parse(text: text, file: file, problems: problems)
        guard let header = source.header, problems.isEmpty else { throw TemplateFailure(problems.problems) }
        return header
    }

    /// Checks and renders the template into a document. Throws every problem found, each with its position.
    public static func render(_ request: BriefingRequest, store: IndicatorStore) throws(TemplateFailure) -> Briefing {
        let started = ContinuousClock.now
        let file = request.templatePath
        let problems = ProblemCollector(file: file)
        func fail() -> TemplateFailure { TemplateFailure(problems.problems) }
        let url = URL(fileURLWithPath: file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            problems.add(line: 1, column: 1, "cannot read the template — check the path and that the file is UTF-8")
            throw fail()
        }
        let source = TemplateSource.parse(text: text, file: file, problems: problems)
        guard var header = source.header else { throw fail() }
        let templateName = url.deletingPathExtension().lastPathComponent

        if let tag = request.language {
            if let l = Language(tag: tag) { header.language = l } else {
                problems.add(line: 1, column: 1, "unknown language \"\(tag)\" — use de or en")
            }
        }
        let language = header.language

        // Store-dependent checks of the front matter.
        let indicators: [Indicator], areas: [Area]
        do {
            indicators = try store.indicators()
            areas = try store.areas()
        } catch {
            problems.add(line: 1, column: 1, "cannot read the indicator store: \(error)")
            throw fail()
        }
        let indicatorCodes = Set(indicators.map(\.code))
        for m in header.mainIndicators where !indicatorCodes.contains(m.code) {
            problems.add(line: m.line, column: m.column, "unknown indicator \"\(m.code)\" — list the codes with `civicbrief inspect`")
        }

        // Area.
        let area: Area
        if let code = request.area {
            guard let a = areas.first(where: { $0.code == code }) else {
                let hint = areas.filter { header.areaLevels.contains($0.level) }.prefix(12).map(\.code).joined(separator: ", ")
                problems.add(line: 1, column: 1, "unknown area \"\(code)\" (--area) — area codes are text with leading zeros, e.g. \(hint)")
                throw fail()
            }
            if !header.areaLevels.contains(a.level) {
                problems.add(line: 1, column: 1, "area \(code) is a \(a.level.rawValue), but this template is for \(header.areaLevels.map(\.rawValue).joined(separator: " or ")) — choose another area")
            }
            area = a
        } else {
            guard let a = areas.first(where: { $0.level == header.areaLevels[0] }) else {
                problems.add(line: 1, column: 1, "the store has no area of level \(header.areaLevels[0].rawValue) — import areas first")
                throw fail()
            }
            area = a
        }

        // Period.
        let period: Period
        if let text = request.period {
            guard let p = Period(text) else {
                problems.add(line: 1, column: 1, "cannot read period \"\(text)\" (--period) — write 2024-10 (month), 2024-Q3 (quarter) or 2024 (year)")
                throw fail()
            }
            if p.granularity != header.granularity {
                problems.add(line: 1, column: 1, "period \(text) is a \(p.granularity.rawValue), but this template reports by \(header.granularity.rawValue) — give e.g. \(Period.containing(year: p.year, month: p.firstMonth, day: 1, granularity: header.granularity)?.description ?? "")")
            }
            period = p
        } else {
            let main = header.mainIndicators.map(\.code).filter(indicatorCodes.contains)
            guard let p = (try? latestCompletePeriod(store: store, granularity: header.granularity, indicators: main)) ?? nil else {
                problems.add(line: 1, column: 1, "the store has no complete \(header.granularity.rawValue) yet — import data or give --period")
                throw fail()
            }
            period = p
        }

        // Parameters.
        var params: [String: Any] = [:]
        let declared = Dictionary(header.parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in request.parameters.keys.sorted() where declared[name] == nil {
            let known = header.parameters.map(\.name).sorted().joined(separator: ", ")
            problems.add(line: 1, column: 1, "unknown parameter \"\(name)\" (--param) — this template takes: \(known.isEmpty ? "no parameters" : known)")
        }
        for spec in header.parameters {
            guard let raw = request.parameters[spec.name] ?? spec.defaultValue else {
                problems.add(line: spec.line, column: spec.column, "parameter \(spec.name) has no default — give --param \(spec.name)=…")
                continue
            }
            switch ParameterValue.parse(raw, as: spec.type) {
            case .failure(let why):
                // A bad default was already reported at the default itself, while reading the front matter.
                if request.parameters[spec.name] != nil {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name) (\(spec.type.rawValue)) \(why)")
                }
            case .value(let v):
                if spec.type == .area, !areas.contains(where: { $0.code == raw }) {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name): unknown area \"\(raw)\"")
                } else if spec.type == .indicator, !indicatorCodes.contains(raw) {
                    problems.add(line: spec.line, column: spec.column, "parameter \(spec.name): unknown indicator \"\(raw)\"")
                } else {
                    params[spec.name] = v
                }
            }
        }

        // Stencil.
        let factSource: FactSource
        do {
            factSource = try FactSource(store: store, language: language, period: period, problems: problems)
        } catch {
            problems.add(line: 1, column: 1, "cannot read the indicator store: \(error)")
            throw fail()
        }
        let root = url.deletingLastPathComponent()
        let displayRoot = (file as NSString).deletingLastPathComponent
        let loader = SandboxLoader(root: root, displayRoot: displayRoot)
        let environment = Environment(loader: loader, extensions: [NarrativeExtension(language: language)])
        let context = makeContext(source: factSource, area: area, params: params, templateName: templateName)
        let mainName = url.lastPathComponent
        let bodyOffset = source.bodyStartLine - 1

        func report(_ error: Error, name: String, lineOffset: Int, prepared: PreparedSource?) {
            if let e = error as? TemplateSyntaxError {
                // The innermost token is where the mistake is (inside a partial, the include is in the stack).
                let chain = e.stackTrace + (e.token.map { [$0] } ?? [])
                func place(_ token: Token?) -> (file: String, line: Int, column: Int) {
                    let origin = token?.sourceMap.filename ?? name
                    let loc = token?.sourceMap.location
                    let line = Int(loc?.lineNumber ?? 0)
                    let column = (loc?.lineOffset ?? 0) + 1
                    let (f, offset, prep): (String, Int, PreparedSource?) = origin == name
                        ? (file, lineOffset, prepared) : (loader.displayPath(origin), 0, loader.prepared[origin])
                    return (f, line == 0 ? 1 + offset : line + offset, prep?.originalColumn(line: line, column: column) ?? column)
                }
                let inner = place(chain.first)
                var message = "template error: " + (e.reason.isEmpty ? "\(e)" : e.reason)
                if chain.count > 1 {
                    let outer = place(chain.last)
                    message += " (included from \(outer.file):\(outer.line):\(outer.column))"
                }
                problems.add(line: inner.line, column: inner.column, message, file: inner.file)
            } else if let e = error as? TemplateDoesNotExist {
                problems.add(line: 1 + lineOffset, column: 1, "\(e)")
            } else {
                problems.add(line: 1 + lineOffset, column: 1, "template error: \(error)")
            }
        }
        func renderStencil(_ text: String, name: String, lineOffset: Int) -> String? {
            let prep = PreparedSource(text, name: name)
            for p in prep.problems { problems.add(line: p.line + lineOffset, column: p.column, p.message) }
            loader.registerPrepared(prep, name: name)
            let template = Template(templateString: prep.text, environment: environment, name: name)
            do {
                return try template.render(context)
            } catch {
                report(error, name: name, lineOffset: lineOffset, prepared: prep)
                return nil
            }
        }
        let rendered = renderStencil(source.body, name: mainName, lineOffset: bodyOffset)
        // Titles are metadata, not Markdown: rendered the same way, then unescaped.
        let title = renderStencil(header.title, name: mainName + "#title", lineOffset: 0).map(MarkdownEscaping.unescape) ?? header.title
        let subtitle = header.subtitle.flatMap { renderStencil($0, name: mainName + "#subtitle", lineOffset: 0) }.map(MarkdownEscaping.unescape)
        loader.preparationProblems.forEach(problems.add)
        if let rendered, rendered.utf8.count > maxOutputBytes {
            problems.add(line: 1 + bodyOffset, column: 1, "the template produced more than \(maxOutputBytes / 1_000_000) MB of text — check the loops")
        }
        for unknown in factSource.unknownLookups {
            let needle = "\(unknown.lookup).\(unknown.code)"
            // Where the lookup is written: the template itself, else one of the partials it included.
            var place = position(of: needle, in: text).map { (file, $0.0, $0.1) }
            if place == nil {
                for (name, prep) in loader.prepared.sorted(by: { $0.key < $1.key }) where !name.hasPrefix(mainName) {
                    if let (line, column) = position(of: needle, in: prep.text) {
                        place = (loader.displayPath(name), line, prep.originalColumn(line: line, column: column))
                        break
                    }
                }
            }
            let (where_, line, column) = place ?? (file, 1, 1)
            let what = unknown.lookup == "indicators" ? "indicator" : "fact"
            problems.add(line: line, column: column, "unknown \(what) \"\(needle)\" — no indicator \"\(unknown.code)\" in the store; list the codes with `civicbrief inspect`", file: where_)
        }

        // Markdown → document.
        var blocks: [Block] = []
        if let rendered, rendered.utf8.count <= maxOutputBytes {
            let builder = BlockBuilder(source: factSource, area: area) { _, _, _ in }
            let converter = MarkdownConverter(
                fencedBlock: { fenced in
                    let (f, fenceLine): (String, Int)
                    if let origin = fenced.file, origin != mainName {
                        (f, fenceLine) = (loader.displayPath(origin), fenced.fenceLine)
                    } else {
                        (f, fenceLine) = (file, (fenced.fenceLine > 0 ? fenced.fenceLine : fenced.renderedLine) + bodyOffset)
                    }
                    let scoped = BlockBuilder(source: factSource, area: area) { line, column, message in
                        problems.add(line: fenceLine + line, column: column, message, file: f)
                    }
                    _ = builder
                    return scoped.build(kind: fenced.kind, yaml: fenced.yaml)
                },
                problem: { line, column, message in problems.add(line: line + bodyOffset, column: column, message) })
            blocks = converter.convert(rendered)
        }
        if !problems.isEmpty { throw fail() }

        let organisation = ["Hansestadt Lübeck", header.committee].compactMap { $0 }.joined(separator: " · ")
        let metadata = Metadata(title: title, subtitle: subtitle, language: language.tag, author: header.author,
                                organisation: header.organisation ?? organisation,
                                subject: subtitle ?? title, keywords: header.keywords, date: nil)
        let document = Document(metadata: metadata, settings: Settings(justify: false, hyphenate: !header.largeType, largeType: header.largeType,
                                                                       pdfStandard: request.pdfStandard ?? header.pdfStandard ?? .default),
                                blocks: blocks, data: factSource.briefingData(template: templateName, area: area, blocks: blocks))
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        let total = ms(ContinuousClock.now - started), facts = ms(factSource.factsTime), charts = ms(factSource.chartsTime)
        return Briefing(document: document, templateName: templateName, areaCode: area.code, period: period,
                        language: language, markdown: rendered ?? "",
                        timings: [("facts", facts), ("charts", charts), ("template", max(0, total - facts - charts))])
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
