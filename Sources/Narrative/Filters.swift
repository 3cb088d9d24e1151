import Facts
import Foundation
import IndicatorStore
import Stencil

// Filters wrap the Facts module's formatting and phrases, so templates format numbers exactly as tables
// do and never depend on the process locale:
//   number[:decimals]  percent[:decimals]  pp[:decimals]  euro[:decimals]   → 1.234,5 · 9,3 % · 0,4 Prozentpunkte · 1.234 €
//   signed[:decimals]  (+0,4)             date  (2024-12-31 → 31. Dezember 2024)   period (2024-10 → Oktober 2024)
//   change_phrase[:"year"]   an IndicatorFact's change clause against the previous period (or a year earlier)
//   comparison_phrase        its comparison with the city
//   trend_phrase  rank_phrase   list[:"or"]   plural:"Stadtteil,Stadtteile"   quoted   capfirst
//   easy_number   easy_share[:"child"|"household"|"person"]  (Leichte Sprache)
//   raw (alias safe)   trusted template text, inserted without escaping
// `md` and `yaml` are appended by the lexer to every `{{ }}` (with the expression's number); templates do
// not write them. They refuse a value that renders nothing or a table symbol in running text (see
// `PrintCheck`), record the statement for the audit, and count it against the budget.

/// The value inside an optional or a `TemplateObject` (filters work on the Facts module's own types).
func unwrapOptional(_ value: Any?) -> Any? {
    guard let value else { return nil }
    switch value {
    case is String, is Double, is Int, is Bool, is TrustedMarkdown: return value  // `md` runs on every {{ }}
    case let object as TemplateObject: return object.value
    default: break
    }
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional { return mirror.children.first.flatMap { unwrapOptional($0.value) } }
    return value
}

func asDouble(_ value: Any?) -> Double? {
    switch unwrapOptional(value) {
    case let d as Double: return d
    case let f as Float: return Double(f)
    case let i as Int: return Double(i)
    case let s as String: return Double(s.trimmingCharacters(in: .whitespaces))
    case let t as TrustedMarkdown: return Double(t.text)
    default: return nil
    }
}

func asInt(_ value: Any?) -> Int? {
    switch unwrapOptional(value) {
    case let i as Int: return i
    case let d as Double where d == d.rounded(): return Int(d)
    case let f as Float where f == f.rounded(): return Int(f)
    case let s as String: return Int(s)
    default: return nil
    }
}

func asString(_ value: Any?) -> String? {
    switch unwrapOptional(value) {
    case nil: return nil
    case let s as String: return s
    case let t as TrustedMarkdown: return t.text
    case let c as CustomStringConvertible: return c.description
    default: return nil
    }
}

final class NarrativeExtension: Extension, @unchecked Sendable {
    init(language: Language, session: RenderSession, profile: CityProfile = .general) {
        super.init()
        let phrases = Phrases(language)
        registerNumberFilters(phrases.format)
        registerFactFilters(phrases, profile: profile)
        registerTextFilters(phrases)
        registerEasyReadFilters(phrases)
        registerPrintFilters(phrases.format, session: session)
        registerSandboxedTags(session)
    }

    /// Numbers, dates and periods in the document's language. A missing number stays missing (nil):
    /// printing it is then an error at the expression, never „–“ in a sentence.
    private func registerNumberFilters(_ format: Formatting) {
        registerFilter("number") { value, args in
            try number(value, "number").map { format.number($0, decimals: try decimals(args, 0, "number")) }
        }
        registerFilter("signed") { value, args in
            try number(value, "signed").map { format.signedNumber($0, decimals: try decimals(args, 0, "signed")) }
        }
        registerFilter("percent") { value, args in
            try number(value, "percent").map { format.percent($0, decimals: try decimals(args, 1, "percent")) }
        }
        registerFilter("pp") { value, args in
            try number(value, "pp").map { format.percentagePoints($0, decimals: try decimals(args, 1, "pp")) }
        }
        registerFilter("euro") { value, args in
            try number(value, "euro").map { format.euro($0, decimals: try decimals(args, 0, "euro")) }
        }
        registerFilter("date") { value in
            guard let s = asString(value), let day = CalendarDay(s) else {
                throw TemplateSyntaxError("filter date needs a date written as 2024-12-31, got \(describe(value))")
            }
            return format.longDate(day)
        }
        // Counts as German and English style write them in running text: two to twelve in words.
        registerFilter("count_words") { value in
            guard let n = asInt(value) else { throw TemplateSyntaxError("filter count_words needs a whole number, got \(describe(value))") }
            let de = ["zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
            let en = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
            guard (2...12).contains(n) else { return format.integer(n) }
            return (format.language == .de ? de : en)[n - 2]
        }
        registerFilter("period") { value in
            guard let s = asString(value), let p = Period(s) else {
                throw TemplateSyntaxError("filter period needs a period like 2024-10, 2024-Q3 or 2024, got \(describe(value))")
            }
            return format.period(p)
        }
    }

    /// The Facts module's phrases for an indicator's fact.
    private func registerFactFilters(_ phrases: Phrases, profile: CityProfile) {
        registerFilter("value_phrase") { value in try fact(value, "value_phrase").current.phrase }
        registerFilter("change_phrase") { value, args in
            if let change = unwrapOptional(value) as? ChangeFact { return change.phrase }
            let f = try fact(value, "change_phrase")
            switch args.first.flatMap(asString) {
            case nil, "previous": return f.previous.phrase
            case "year": return f.yearEarlier.phrase
            case let other?: throw TemplateSyntaxError("change_phrase takes \"previous\" or \"year\", got \"\(other)\"")
            }
        }
        registerFilter("comparison_phrase") { value in
            let f = try fact(value, "comparison_phrase")
            return f.city?.phrase ?? phrases.cityComparisonUnavailable(.noCity, cityValue: nil)
        }
        registerFilter("trend_phrase") { value in try fact(value, "trend_phrase").trend.phrase }
        registerFilter("rank_phrase") { value in
            let f = try fact(value, "rank_phrase")
            return f.rank?.phrase ?? phrases.rankUnavailable(among: profile.noun(AreaLevel(rawValue: f.area.level) ?? .district))
        }
    }

    /// Lists, plurals, quotes and the trusted-text filters.
    private func registerTextFilters(_ phrases: Phrases) {
        let format = phrases.format
        registerFilter("list") { value, args in
            guard let items = unwrapOptional(value) as? [Any] else {
                throw TemplateSyntaxError("filter list needs a list, got \(describe(value))")
            }
            let conjunction: Conjunction = args.first.flatMap(asString) == "or" ? .or : .and
            return phrases.list(items.compactMap(asString), conjunction: conjunction)
        }
        registerFilter("plural") { value, args in
            guard let n = asInt(value) else { throw TemplateSyntaxError("filter plural needs a whole number, got \(describe(value))") }
            guard let forms = args.first.flatMap(asString)?.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }),
                  forms.count == 2 else {
                throw TemplateSyntaxError("filter plural needs both forms, e.g. `|plural:\"Stadtteil,Stadtteile\"`")
            }
            return format.integer(n) + " " + (n == 1 ? forms[0] : forms[1])
        }
        registerFilter("quoted") { value in asString(value).map(format.quoted) }
        registerFilter("capfirst") { value in
            asString(value).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        }
        registerFilter("raw") { value in asString(value).map { TrustedMarkdown(text: $0) } }
        registerFilter("safe") { value in asString(value).map { TrustedMarkdown(text: $0) } }
        // Stencil's `indent` allocates whatever width it is given (1,000,000,000 aborted the process).
        registerFilter("indent") { value, args in
            guard let text = asString(value) else { return nil }
            let width = args.first.flatMap(asInt) ?? 4
            guard (0...TemplateBudget.maxIndent).contains(width) else {
                throw TemplateSyntaxError("indent takes a width from 0 to \(TemplateBudget.maxIndent), got \(args.first.flatMap(asString) ?? "?")")
            }
            let character = args.count > 1 ? (args[1].flatMap(asString) ?? " ") : " "
            guard character.count <= 4 else { throw TemplateSyntaxError("indent's second argument is the indentation character, e.g. \" \"") }
            let first = args.count > 2 ? (unwrapOptional(args[2]) as? Bool ?? false) : false
            let pad = String(repeating: character, count: width)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard (lines.count * pad.utf8.count + text.utf8.count) <= TemplateBudget.maxOutputBytes else {
                throw TemplateSyntaxError("indent would produce more than \(TemplateBudget.maxOutputBytes / 1_000_000) MB of text")
            }
            return lines.enumerated().map { i, line in (i > 0 || first) && !line.isEmpty ? pad + line : String(line) }.joined(separator: "\n")
        }
    }

    /// Leichte Sprache: numbers and shares in words an easy-read reader can compare.
    private func registerEasyReadFilters(_ phrases: Phrases) {
        let format = phrases.format
        registerFilter("easy_number") { value in
            try number(value, "easy_number").flatMap { phrases.easyNumber($0) }
        }
        registerFilter("easy_share") { value, args in
            guard let d = try number(value, "easy_share") else { return nil }
            guard let text = phrases.easyShare(d, of: try noun(args, "easy_share")) else {
                throw TemplateSyntaxError("easy_share needs a share between 0 and 100, got \(format.number(d, decimals: 1))")
            }
            return text
        }
        registerFilter("easy_share_100") { value, args in
            guard let d = try number(value, "easy_share_100") else { return nil }
            guard let text = phrases.easyShareOf100(d, of: try noun(args, "easy_share_100")) else {
                throw TemplateSyntaxError("easy_share_100 needs a share between 0 and 100, got \(format.number(d, decimals: 1))")
            }
            return text
        }
        registerFilter("easy_compare") { value in
            let f = try fact(value, "easy_compare")
            return phrases.easyComparison(areaName: f.area.name, cityName: f.city?.area.name, category: f.city?.category)
        }
    }

    /// `md` and `yaml`, which the lexer appends to every `{{ }}`: refuse what would print nothing or a
    /// table symbol, record the statement for the audit, escape for Markdown or hand YAML a placeholder.
    private func registerPrintFilters(_ format: Formatting, session: RenderSession) {
        registerFilter("md") { value, args, context in
            let check = PrintCheck(session: session, args: args, context: context)
            guard let printable = check.printable(value) else { return "" }
            let plain: String
            switch printable {
            case let t as TrustedMarkdown:
                try check.record(value, printed: t.text)
                return t.text
            case let s as String: plain = s
            case let b as Bool: plain = b ? "true" : "false"
            case let i as Int: plain = format.integer(i)
            case let d as Double:
                // As many decimals as the value has (up to 6), in the document's number format.
                let fraction = String(d).split(separator: ".").dropFirst().first.map { $0 == "0" ? 0 : $0.count } ?? 0
                plain = format.number(d, decimals: min(6, fraction))
            case let other:
                throw TemplateSyntaxError("cannot print \(describe(other)) as text — pick a field (e.g. .current.phrase or .name)")
            }
            try check.record(value, printed: plain)
            return MarkdownEscaping.escape(plain)
        }
        registerFilter("yaml") { value, args, context in
            let check = PrintCheck(session: session, args: args, context: context)
            let text: String
            guard let printable = check.printable(value) else { return session.placeholder(for: "") }
            switch printable {
            case let t as TrustedMarkdown: return t.text  // the author's own YAML
            case let s as String: text = s
            case let b as Bool: text = b ? "true" : "false"
            case let i as Int: text = String(i)
            case let d as Double: text = String(d)
            case let other:
                throw TemplateSyntaxError("cannot insert \(describe(other)) into a block — pick a field (e.g. .code)")
            }
            try check.record(value, printed: text)
            return session.placeholder(for: text)
        }
    }

    private func registerSandboxedTags(_ session: RenderSession) {
        // Loops and includes that count against the render's budget and stay inside the templates folder.
        registerTag("for") { parser, token in try BudgetedForNode(parser: parser, token: token, budget: session.budget) }
        registerTag("include") { parser, token in try SandboxedIncludeNode(parser: parser, token: token, session: session) }
        registerTag("extends", parser: unsupportedTag("extends", "include partials instead"))
        registerTag("block", parser: unsupportedTag("block", "include partials instead"))
        // No wall-clock dates in briefings: the same store gives the same document.
        registerTag("now", parser: unsupportedTag("now", "briefings must not depend on the clock; use {{ period.label }}"))
    }
}

private func decimals(_ args: [Any?], _ fallback: Int, _ filter: String) throws -> Int {
    guard let first = args.first else { return fallback }
    guard let d = asInt(first), (0...6).contains(d) else {
        throw TemplateSyntaxError("filter \(filter) takes the number of decimals (0 to 6), e.g. `|\(filter):1`")
    }
    return d
}

private func number(_ value: Any?, _ filter: String) throws -> Double? {
    if unwrapOptional(value) == nil { return nil }
    guard let d = asDouble(value), d.isFinite else {
        throw TemplateSyntaxError("filter \(filter) needs a number, got \(describe(value))")
    }
    return d
}

private func describe(_ value: Any?) -> String { describeTemplateValue(value) }

private func fact(_ value: Any?, _ filter: String) throws -> IndicatorFact {
    guard let f = unwrapOptional(value) as? IndicatorFact else {
        throw TemplateSyntaxError("filter \(filter) needs a fact such as facts.arm_sgb2, got \(describe(value)) — check the indicator code")
    }
    return f
}

private func noun(_ args: [Any?], _ filter: String) throws -> Noun {
    switch args.first.flatMap(asString) ?? "person" {
    case "person": return .person
    case "child": return .child
    case "household": return .household
    case let other: throw TemplateSyntaxError("\(filter) counts person, child or household, got \"\(other)\"")
    }
}

func describeTemplateValue(_ value: Any?) -> String {
    guard let v = unwrapOptional(value) else { return "nothing" }
    if let s = v as? String { return "the text \"\(s.prefix(60))\"" }
    if v is Int || v is Double { return "the number \(v)" }
    if v is [Any] { return "a list" }
    return "a value of type \(TemplateVocabulary.typeName(type(of: v)))"
}
