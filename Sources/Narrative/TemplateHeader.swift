import Document
import Foundation
import Facts
import IndicatorStore

// The front matter: what a template is (title, language, committee), what it is about (area level,
// period granularity, main indicators) and which parameters it takes, with their types and defaults.
//
//     ---
//     title: "Stadtteilprofil {{ area.name }}"
//     language: de
//     committee: Sozialausschuss
//     area_level: district          # or a list: [city, district]
//     granularity: month
//     indicators: [arm_sgb2, arb_alq]
//     parameters:
//       top: {type: int, default: 5, description: "how many notable changes to list"}
//     ---

/// A parameter type. `area` and `indicator` values must exist in the store.
public enum ParameterType: String, Sendable, CaseIterable {
    case string, int, number, bool, area, indicator

    /// How `check` sees `params.NAME`.
    var templateType: TemplateType {
        switch self {
        case .string, .area, .indicator: .text
        case .int: .integer
        case .number: .number
        case .bool: .bool
        }
    }
}

public struct ParameterSpec: Sendable {
    public var name: String
    public var type: ParameterType
    public var defaultValue: String?
    public var description: String?
    /// Position of the declaration in the template file.
    public var line: Int
    public var column: Int
}

public struct TemplateHeader: Sendable {
    public var title: String
    public var subtitle: String?
    public var language: Language
    /// The languages the template is written in (front matter `languages:`; default: `language`).
    /// `--lang` may only choose one of them: a template's own sentences are in its language.
    public var languages: [Language]
    /// File lines of `language:`, `title:` and `subtitle:` (for messages and positions inside the title).
    public var languageLine: Int
    public var titleLine: Int
    public var subtitleLine: Int
    public var committee: String?
    public var organisation: String?
    public var author: String?
    public var keywords: [String]
    public var areaLevels: [AreaLevel]
    public var granularity: Granularity
    /// The indicators that define the latest complete period; empty: every indicator of the granularity.
    public var mainIndicators: [(code: String, line: Int, column: Int)]
    public var parameters: [ParameterSpec]
    /// Easy-read layout wanted: larger type (document setting `largeType`) and no hyphenation,
    /// since Leichte Sprache does not split words.
    public var largeType: Bool
    /// `pdf_standard: a-2a` (no attachments) or `a-3a`; nil: the default, PDF/A-3a.
    public var pdfStandard: PDFStandard? = nil
    /// File line of the first body line (1-based).
    public var bodyStartLine: Int
}

/// Splits a template file into front matter and body.
struct TemplateSource {
    var file: String
    var header: TemplateHeader?
    var body: String
    var bodyStartLine: Int

    /// Reads the header; problems are added to `problems`, and defaults used where possible.
    static func parse(text: String, file: String, problems: ProblemCollector) -> TemplateSource {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines = normalised.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            problems.add(line: 1, column: 1, "a template starts with YAML front matter between two `---` lines — add at least `---`, `title: …`, `language: de`, `---`")
            return TemplateSource(file: file, header: nil, body: normalised, bodyStartLine: 1)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        let bodyStart = end + 2
        let header = TemplateHeader.read(yaml: yaml, lineOffset: 1, problems: problems)
        return TemplateSource(file: file, header: header.map { var h = $0; h.bodyStartLine = bodyStart; return h },
                              body: body, bodyStartLine: bodyStart)
    }
}

extension TemplateSource {
    /// The file line of the Markdown heading that renders as `text` at `level` (`{{ … }}` and `{% … %}`
    /// match anything), for problems found in the rendered document.
    func headingLine(level: Int, text: String) -> Int? {
        let marker = String(repeating: "#", count: level) + " "
        for (i, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix(marker) else { continue }
            if Self.matches(pattern: String(trimmed.dropFirst(marker.count)), text) { return bodyStartLine + i }
        }
        return nil
    }

    /// Whether `text` could be what `pattern` renders: its literal parts in order, tags as wildcards.
    static func matches(pattern: String, _ text: String) -> Bool {
        var literals: [String] = []
        var rest = Substring(pattern)
        while let open = rest.firstRange(of: "{") , rest[open.upperBound...].first == "{" || rest[open.upperBound...].first == "%" {
            literals.append(String(rest[..<open.lowerBound]))
            guard let close = rest[open.upperBound...].firstRange(of: "}") else { break }
            rest = rest[rest.index(after: close.lowerBound)...].drop(while: { $0 == "}" })
        }
        literals.append(String(rest))
        var remaining = Substring(text)
        for (i, literal) in literals.enumerated() where !literal.isEmpty {
            if i == 0 { guard remaining.hasPrefix(literal) else { return false }; remaining = remaining.dropFirst(literal.count); continue }
            guard let r = remaining.firstRange(of: literal) else { return false }
            remaining = remaining[r.upperBound...]
        }
        return true
    }
}

extension TemplateHeader {
    static let knownKeys: Set<String> = ["title", "subtitle", "language", "languages", "committee", "organisation", "author",
                                         "keywords", "area_level", "granularity", "indicators", "parameters", "large_type",
                                         "pdf_standard"]

    /// `lineOffset`: file lines before the YAML text (the opening `---`).
    static func read(yaml: String, lineOffset: Int, problems: ProblemCollector) -> TemplateHeader? {
        let root: YAMLValue
        switch YAMLValue.parse(yaml) {
        case .failure(let e):
            problems.add(line: e.line + lineOffset, column: e.column, "front matter is not valid YAML: \(e.message) — fix the YAML between the `---` lines")
            return nil
        case .success(let v):
            root = v
        }
        guard let entries = root.entries else {
            problems.add(line: 1 + lineOffset, column: 1, "front matter must be a YAML mapping (key: value lines)")
            return nil
        }
        for e in entries where !knownKeys.contains(e.key) {
            problems.add(line: e.keyLine + lineOffset, column: e.keyColumn,
                         "unknown front matter key \"\(e.key)\" — known keys: \(knownKeys.sorted().joined(separator: ", "))")
        }
        let reader = HeaderReader(root: root, entries: entries, lineOffset: lineOffset, problems: problems)
        let language = reader.language()
        return TemplateHeader(title: reader.title(), subtitle: reader.text("subtitle"), language: language,
                              languages: reader.languages(including: language),
                              languageLine: reader.keyLine("language"), titleLine: reader.keyLine("title"),
                              subtitleLine: reader.keyLine("subtitle"), committee: reader.text("committee"),
                              organisation: reader.text("organisation"), author: reader.text("author"),
                              keywords: root["keywords"]?.strings ?? [], areaLevels: reader.areaLevels(),
                              granularity: reader.granularity(), mainIndicators: reader.indicators(),
                              parameters: reader.parameters(), largeType: reader.largeType(),
                              pdfStandard: reader.pdfStandard(), bodyStartLine: 1)
    }
}

/// Reads one front-matter key at a time, reporting each problem at its value's position and
/// falling back to the default so that every problem of the header is reported at once.
private struct HeaderReader {
    let root: YAMLValue
    typealias Entry = (key: String, keyLine: Int, keyColumn: Int, value: YAMLValue)
    let entries: [Entry]
    let lineOffset: Int
    let problems: ProblemCollector

    func at(_ v: YAMLValue, _ message: String) { problems.add(line: v.line + lineOffset, column: v.column, message) }

    func keyLine(_ key: String) -> Int { (entries.first { $0.key == key }?.keyLine ?? 1) + lineOffset }

    func text(_ key: String) -> String? {
        guard let v = root[key] else { return nil }
        if case .null = v.kind { return nil }
        guard let s = v.string else { at(v, "\(key) must be a text, found \(v.typeName)"); return nil }
        return s
    }

    func title() -> String {
        guard root["title"] != nil else {
            problems.add(line: 1 + lineOffset, column: 1, "front matter needs a title — add `title: …`")
            return "Briefing"
        }
        return text("title") ?? ""
    }

    func language() -> Language {
        guard let v = root["language"], let s = v.string else { return .de }
        if let l = Language(tag: s) { return l }
        at(v, "unknown language \"\(s)\" — use de or en")
        return .de
    }

    func languages(including language: Language) -> [Language] {
        guard let v = root["languages"] else { return [language] }
        var parsed: [Language] = []
        for item in v.sequence ?? [v] {
            if let s = item.string, let l = Language(tag: s) { if !parsed.contains(l) { parsed.append(l) } }
            else { at(item, "unknown language \"\(item.string ?? "")\" in languages — use de and en") }
        }
        guard !parsed.isEmpty else { return [language] }
        if !parsed.contains(language) { at(v, "languages must include the template's language (\(language == .de ? "de" : "en"))") }
        return parsed
    }

    func areaLevels() -> [AreaLevel] {
        guard let v = root["area_level"] else { return [.district] }
        var parsed: [AreaLevel] = []
        for (i, name) in (v.strings ?? []).enumerated() {
            if let level = AreaLevel(lenient: name) { parsed.append(level) } else {
                at(v.sequence?[i] ?? v, "unknown area level \"\(name)\" — use city, district or subdistrict")
            }
        }
        return parsed.isEmpty ? [.district] : parsed
    }

    func granularity() -> Granularity {
        guard let v = root["granularity"], let s = v.string else { return .month }
        if let g = Granularity(rawValue: s) { return g }
        at(v, "unknown granularity \"\(s)\" — use month, quarter or year")
        return .month
    }

    func indicators() -> [(String, Int, Int)] {
        guard let v = root["indicators"] else { return [] }
        var main: [(String, Int, Int)] = []
        for item in v.sequence ?? [v] {
            if let s = item.string { main.append((s, item.line + lineOffset, item.column)) } else {
                at(item, "indicators must be a list of indicator codes")
            }
        }
        return main
    }

    func parameters() -> [ParameterSpec] {
        guard let v = root["parameters"] else { return [] }
        guard let pairs = v.entries else {
            at(v, "parameters must be a mapping of name: {type: …, default: …}")
            return []
        }
        return pairs.map(parameter)
    }

    private func parameter(_ p: Entry) -> ParameterSpec {
        var spec = ParameterSpec(name: p.key, type: .string, defaultValue: nil, description: nil,
                                 line: p.keyLine + lineOffset, column: p.keyColumn)
        if let typeValue = p.value["type"] {
            if let t = typeValue.string.flatMap(ParameterType.init(rawValue:)) { spec.type = t } else {
                at(typeValue, "unknown parameter type \"\(typeValue.string ?? "")\" — use \(ParameterType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        } else if p.value.entries == nil {
            at(p.value, "parameter \(p.key) needs a mapping like `{type: int, default: 5}`")
        }
        if let d = p.value["default"] {
            spec.defaultValue = d.string
            if let s = d.string, let why = ParameterValue.parse(s, as: spec.type).failure {
                at(d, "default of parameter \(p.key) \(why)")
            }
        }
        spec.description = p.value["description"]?.string
        return spec
    }

    func largeType() -> Bool {
        guard let v = root["large_type"], let s = v.string else { return false }
        if let b = ParameterValue.bool(s) { return b }
        at(v, "large_type must be true or false")
        return false
    }

    func pdfStandard() -> PDFStandard? {
        guard let v = root["pdf_standard"] else { return nil }
        if let s = v.string, let standard = PDFStandard(rawValue: s.lowercased()) { return standard }
        at(v, "pdf_standard must be a-3a (PDF/A-3a with the data embedded, the default) or a-2a (PDF/A-2a, no attachments)")
        return nil
    }
}

/// A typed parameter value as templates see it (`params.top`).
enum ParameterValue {
    case value(Any)
    case failure(String)

    var failure: String? {
        if case .failure(let why) = self { return why }
        return nil
    }

    static func bool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "yes", "ja", "1": true
        case "false", "no", "nein", "0": false
        default: nil
        }
    }

    /// Type check only; `area` and `indicator` are checked against the store by the renderer.
    static func parse(_ text: String, as type: ParameterType) -> ParameterValue {
        switch type {
        case .string, .area, .indicator: return .value(text)
        case .int:
            guard let i = Int(text.trimmingCharacters(in: .whitespaces)) else { return .failure("must be a whole number, found \"\(text)\"") }
            return .value(i)
        case .number:
            guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else {
                return .failure("must be a number written with a decimal point (e.g. 2.5), found \"\(text)\"")
            }
            return .value(d)
        case .bool:
            guard let b = bool(text) else { return .failure("must be true or false, found \"\(text)\"") }
            return .value(b)
        }
    }
}
