import Facts
import Foundation
import IndicatorStore
import Stencil

/// The template reference: every variable, fact path, property and filter a template can use, with
/// its type, description and — for a given area and period — its value. `civicbrief facts` prints it
/// and the README's template reference is this list as Markdown (a test keeps them equal), both made
/// from `TemplateVocabulary`, which `check` validates templates against.
public struct TemplateReferenceEntry: Sendable, Codable, Equatable {
    /// `area.name`, `facts.<code>.current.formatted`, `districts[].name`, `|percent`.
    public var path: String
    public var type: String
    public var description: String
    /// The value for the area and period asked for (absent in the plain reference).
    public var value: String?
}

public enum TemplateReference {
    /// The vocabulary without values, in the order templates meet it.
    public static func entries() -> [TemplateReferenceEntry] {
        var out: [TemplateReferenceEntry] = []
        for v in TemplateVocabulary.variables { walk(v.name, v.type, description: v.description, optional: v.optional, into: &out, depth: 0) }
        for f in TemplateVocabulary.filters {
            out.append(TemplateReferenceEntry(path: "|" + f.name + (f.arguments.isEmpty ? "" : ":" + f.arguments),
                                              type: "filter on \(describe(f.input))", description: f.description))
        }
        return out
    }

    private static func describe(_ input: TemplateFilter.Input) -> String {
        switch input {
        case .number: "a number"
        case .integer: "a whole number"
        case .text: "text"
        case .fact: "a fact"
        case .factOrChange: "a fact or change"
        case .list: "a list"
        case .any: "any value"
        }
    }

    private static func walk(_ path: String, _ type: TemplateType, description: String, optional: Bool,
                             into out: inout [TemplateReferenceEntry], depth: Int) {
        out.append(TemplateReferenceEntry(path: path, type: type.description + (optional ? " (may be absent)" : ""), description: description))
        guard depth < 6 else { return }
        switch type {
        case .object(let name):
            for m in TemplateVocabulary.objects[name]?.members ?? [] {
                walk(path + "." + m.name, m.type, description: m.description, optional: m.optional, into: &out, depth: depth + 1)
            }
        case .list(let element):
            if case .object = element { walk(path + "[]", element, description: "each item", optional: false, into: &out, depth: depth + 1) }
        case .byIndicator(let value):
            walk(path + ".<code>", value, description: "for the indicator <code>", optional: false, into: &out, depth: depth + 1)
        case .params, .text, .integer, .number, .bool, .any: break
        }
    }

    /// The reference with each path's value for `request` (its area, period and parameters; the
    /// template's front matter when it names one), `<code>` standing for `indicator`.
    public static func entries(for request: BriefingRequest, templateHeader: TemplateHeader?, indicator: String,
                               facts: FactsBuilder) throws(TemplateFailure) -> [TemplateReferenceEntry] {
        let problems = ProblemCollector(file: request.templatePath)
        func fail() -> TemplateFailure { TemplateFailure(problems.problems) }
        let header = templateHeader ?? TemplateHeader.standard
        let areas = facts.areaList
        let codes = Set(facts.indicatorList.map(\.code))
        guard codes.contains(indicator) else {
            let hint = suggestion(for: indicator, among: Array(codes)).map { " — did you mean \"\($0)\"?" } ?? ""
            problems.add(line: 1, column: 1, "no indicator \"\(indicator)\" in the store (--indicator)\(hint)")
            throw fail()
        }
        guard let area = BriefingRenderer.resolveArea(request.area, header: header, areas: areas, problems: problems),
              let period = BriefingRenderer.resolvePeriod(request.period, header: header, facts: facts, indicatorCodes: codes, problems: problems) else {
            throw fail()
        }
        let params = BriefingRenderer.resolveParameters(request.parameters, header: header, areas: areas, indicatorCodes: codes, problems: problems)
        let source = FactSource(facts: facts, language: header.language, period: period, problems: problems)
        let context = Context(dictionary: makeContext(source: source, area: area, params: params, templateName: "facts"))
        var out = entries()
        for i in out.indices where !out[i].path.hasPrefix("|") {
            let concrete = out[i].path.replacingOccurrences(of: "<code>", with: indicator).replacingOccurrences(of: "[]", with: ".0")
            out[i].path = out[i].path.replacingOccurrences(of: "<code>", with: indicator)
            out[i].value = show(try? Variable(concrete).resolve(context))
        }
        // The template's own parameters, with their values.
        for p in header.parameters {
            out.append(TemplateReferenceEntry(path: "params.\(p.name)", type: p.type.rawValue, description: p.description ?? "",
                                              value: show(params[p.name])))
        }
        return out
    }

    static func show(_ value: Any?) -> String {
        switch unwrapOptional(value) {
        case nil: return "(absent)"
        case let s as String: return s
        case let d as Double: return String(d)
        case let i as Int: return String(i)
        case let b as Bool: return b ? "true" : "false"
        case let list as [Any]: return "(\(list.count) items)"
        default: return "(…)"
        }
    }

    /// The README's template reference in Markdown: the variables, then each kind of object once with
    /// its members (the paths of `entries()` repeat the fact's members under facts, cityfacts, …), then
    /// the filters.
    public static func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        func type(_ t: TemplateType, _ optional: Bool) -> String { t.description + (optional ? " (may be absent)" : "") }
        var out = "| variable | type | what it is |\n|---|---|---|\n"
        for v in TemplateVocabulary.variables {
            out += "| `\(v.name)` | \(type(v.type, v.optional)) | \(cell(v.description)) |\n"
        }
        // Object types in the order templates meet them.
        var order: [String] = []
        func visit(_ t: TemplateType) {
            switch t {
            case .object(let name):
                guard !order.contains(name), let o = TemplateVocabulary.objects[name] else { return }
                order.append(name)
                o.members.forEach { visit($0.type) }
            case .list(let e), .byIndicator(let e): visit(e)
            default: break
            }
        }
        TemplateVocabulary.variables.forEach { visit($0.type) }
        visit(.object("ForLoop"))
        for name in order {
            guard let o = TemplateVocabulary.objects[name] else { continue }
            out += "\n**\(name)** — \(cell(o.description))\n\n| member | type | what it is |\n|---|---|---|\n"
            for m in o.members { out += "| `\(m.name)` | \(type(m.type, m.optional)) | \(cell(m.description)) |\n" }
        }
        out += "\n| filter | applies to | what it gives |\n|---|---|---|\n"
        for f in TemplateVocabulary.filters {
            out += "| `\(cell(f.name + (f.arguments.isEmpty ? "" : ":" + f.arguments)))` | \(describe(f.input)) | \(cell(f.description)) |\n"
        }
        return out
    }
}

extension TemplateHeader {
    /// What `civicbrief facts` assumes without a template: a monthly briefing about a district, in German.
    static let standard = TemplateHeader(
        title: "", subtitle: nil, language: .de, languages: [.de], languageLine: 1, titleLine: 1, subtitleLine: 1,
        committee: nil, organisation: nil, author: nil, keywords: [], areaLevels: [.district], granularity: .month,
        mainIndicators: [], parameters: [], largeType: false, bodyStartLine: 1)
}
