@_spi(Reflection) import Swift
import Facts

// What a template may name: the context's variables, the members of every object and the filters,
// each with a type and a description. `check` validates every `{{ … }}` and `{% … %}` against it (so a
// typo such as `current.formated` is an error with a suggestion, also in a branch the data does not
// take), and the template reference is printed from it. The members of the Facts module's values are
// read from the types themselves (Swift's field reflection), so they cannot drift from the code; a test
// makes sure each has a description.

/// The type of a template value.
indirect enum TemplateType: Sendable, Equatable, CustomStringConvertible {
    case text, integer, number, bool
    /// An object with named members (`TemplateVocabulary.objects[name]`).
    case object(String)
    case list(TemplateType)
    /// A lookup by indicator code: `facts.arm_sgb2`.
    case byIndicator(TemplateType)
    /// The template's own parameters (`params.top`), typed by its front matter.
    case params
    /// Anything (values the checker cannot know, e.g. a string literal's filters).
    case any

    var description: String {
        switch self {
        case .text: "text"
        case .integer: "whole number"
        case .number: "number"
        case .bool: "true/false"
        case .object(let name): name
        case .list(let element): "list of \(element)"
        case .byIndicator(let value): "\(value) by indicator code"
        case .params: "parameters"
        case .any: "any value"
        }
    }

    var isNumeric: Bool { self == .number || self == .integer }
}

struct TemplateMember: Sendable {
    var name: String
    var type: TemplateType
    /// The value may be absent (nil); printing it then is an error, so templates test it with `{% if %}`.
    var optional: Bool
    var description: String
}

struct TemplateObjectType: Sendable {
    var name: String
    var description: String
    var members: [TemplateMember]

    func member(_ name: String) -> TemplateMember? { members.first { $0.name == name } }
}

/// A filter as the checker sees it.
struct TemplateFilter: Sendable {
    enum Input: Sendable { case number, text, fact, factOrChange, list, integer, any }
    var name: String
    var input: Input
    var output: TemplateType
    var arguments: String
    var description: String
}

enum TemplateVocabulary {
    /// The context's variables.
    static let variables: [TemplateMember] = [
        .init(name: "area", type: .object("Area"), optional: false, description: "the briefing's area (for a city report: the city)"),
        .init(name: "city", type: .object("Area"), optional: true, description: "the city (absent when the store has no city area)"),
        .init(name: "profile", type: .object("ProfileFact"), optional: false, description: "the city's words for itself and its area levels (city.yaml, README \"City profile\")"),
        .init(name: "districts", type: .list(.object("Area")), optional: false, description: "every district (Stadtteil), by code"),
        .init(name: "period", type: .object("Period"), optional: false, description: "the briefing period"),
        .init(name: "lang", type: .text, optional: false, description: "the document language: de or en"),
        .init(name: "params", type: .params, optional: false, description: "the template's parameters (front matter `parameters:`)"),
        .init(name: "facts", type: .byIndicator(.object("IndicatorFact")), optional: false, description: "the area's fact for an indicator: facts.arm_sgb2"),
        .init(name: "cityfacts", type: .byIndicator(.object("IndicatorFact")), optional: true, description: "the city's fact for an indicator"),
        .init(name: "districtfacts", type: .byIndicator(.list(.object("IndicatorFact"))), optional: false, description: "one fact per district for an indicator, by area code"),
        .init(name: "indicators", type: .byIndicator(.object("IndicatorInfo")), optional: false, description: "an indicator's name, definition and source"),
        .init(name: "notable", type: .object("NotableChanges"), optional: true, description: "notable changes among districts against the previous period"),
        .init(name: "notable_year", type: .object("NotableChanges"), optional: true, description: "notable changes among districts against a year earlier"),
        .init(name: "domains", type: .list(.object("Domain")), optional: false, description: "each domain with the area's facts, in the store's order"),
        .init(name: "notable_here", type: .list(.object("IndicatorFact")), optional: false, description: "the area's facts with a notable change on the previous period or a year earlier, largest first"),
        .init(name: "synthetic", type: .bool, optional: false, description: "whether any indicator holds synthetic (demo) data"),
        .init(name: "legend", type: .text, optional: false, description: "the note explaining x, – and p in tables"),
        .init(name: "template", type: .text, optional: false, description: "the template's file name without extension"),
        .init(name: "socialindex", type: .object("SocialIndexReport"), optional: true, description: "the stored social index for the briefing period or earlier"),
        .init(name: "socialindex_area", type: .object("SocialIndexAreaFact"), optional: true, description: "the area's social-index fact, when the index covers its level"),
        .init(name: "socialindex_members", type: .list(.object("SocialIndexAreaFact")), optional: false, description: "the index facts of the area's sub-areas (a Stadtteil's Stadtbezirke)"),
        .init(name: "socialindex_summary", type: .text, optional: true, description: "one sentence on the area's classes (or its sub-areas'), absent when the index is stale"),
    ]

    /// Objects the context builds itself (dictionaries), described by hand.
    static let contextObjects: [TemplateObjectType] = [
        TemplateObjectType(name: "Area", description: "an area of the store", members: [
            .init(name: "code", type: .text, optional: false, description: "official code, text with leading zeros (\"03\")"),
            .init(name: "name", type: .text, optional: false, description: "the area's name"),
            .init(name: "level", type: .text, optional: false, description: "city, district or subdistrict"),
            .init(name: "is_city", type: .bool, optional: false, description: "whether the area is the city"),
            .init(name: "population", type: .integer, optional: true, description: "residents in the area table (with population_date); prefer the residents indicator's fact, so a briefing states one figure"),
            .init(name: "population_date", type: .text, optional: true, description: "the reference date of population (31.12.2024)"),
            .init(name: "parent", type: .object("ParentArea"), optional: true, description: "the area one level up"),
        ]),
        TemplateObjectType(name: "ParentArea", description: "the area one level up", members: [
            .init(name: "code", type: .text, optional: false, description: "its code"),
            .init(name: "name", type: .text, optional: false, description: "its name"),
        ]),
        TemplateObjectType(name: "Period", description: "the briefing period", members: [
            .init(name: "code", type: .text, optional: false, description: "2026-10, 2026-Q3 or 2026"),
            .init(name: "label", type: .text, optional: false, description: "Oktober 2026 · October 2026"),
            .init(name: "granularity", type: .text, optional: false, description: "month, quarter or year"),
            .init(name: "previous", type: .text, optional: false, description: "the previous period, as a label"),
            .init(name: "year_earlier", type: .text, optional: false, description: "the same period a year earlier, as a label"),
            .init(name: "last_day", type: .text, optional: false, description: "the period's last day: 31. Oktober 2026"),
        ]),
        TemplateObjectType(name: "Domain", description: "a subject area with the briefing area's facts", members: [
            .init(name: "code", type: .text, optional: false, description: "demography, education, income_poverty, labour, health, digital_participation, social_services"),
            .init(name: "name", type: .text, optional: false, description: "the domain's name in the document language"),
            .init(name: "facts", type: .list(.object("IndicatorFact")), optional: false, description: "the area's fact for each indicator of the domain that has data"),
            .init(name: "indicators", type: .list(.text), optional: false, description: "the domain's indicator codes"),
        ]),
        TemplateObjectType(name: "ForLoop", description: "inside {% for %}", members: [
            .init(name: "counter", type: .integer, optional: false, description: "1, 2, 3 …"),
            .init(name: "counter0", type: .integer, optional: false, description: "0, 1, 2 …"),
            .init(name: "first", type: .bool, optional: false, description: "the first pass"),
            .init(name: "last", type: .bool, optional: false, description: "the last pass"),
            .init(name: "length", type: .integer, optional: false, description: "the number of passes"),
        ]),
    ]

    /// Facts values, read from their types.
    static let factTypes: [Any.Type] = [
        IndicatorFact.self, IndicatorInfo.self, AreaInfo.self, ValueFact.self, ChangeFact.self, TrendFact.self,
        CityFact.self, RankFact.self, ComparisonRule.self, NotableChanges.self, NotableChange.self,
        SocialIndexReport.self, SocialIndexAreaFact.self, SocialIndexMatrixRow.self, SocialIndexMatrixCell.self,
        ProfileFact.self, LevelWords.self,
    ]

    /// Every object type by name.
    static let objects: [String: TemplateObjectType] = {
        var all: [String: TemplateObjectType] = [:]
        for o in contextObjects { all[o.name] = o }
        for t in factTypes {
            let name = typeName(t)
            all[name] = TemplateObjectType(name: name, description: FactDescriptions.types[name] ?? "",
                                           members: reflectedMembers(of: t, owner: name))
        }
        return all
    }()

    static func typeName(_ t: Any.Type) -> String {
        String(describing: t).split(separator: ".").last.map(String.init) ?? "\(t)"
    }

    /// Stored properties of a struct, with their template types (optionals and arrays unwrapped).
    static func reflectedMembers(of type: Any.Type, owner: String) -> [TemplateMember] {
        var members: [TemplateMember] = []
        _ = _forEachField(of: type, options: []) { name, _, fieldType, _ in
            let field = String(cString: name)
            var t: Any.Type = fieldType
            var optional = false
            if let o = t as? OptionalMarker.Type { t = o.wrappedType; optional = true }
            members.append(TemplateMember(name: field, type: templateType(of: t), optional: optional,
                                          description: FactDescriptions.members["\(owner).\(field)"] ?? ""))
            return true
        }
        return members
    }

    static func templateType(of t: Any.Type) -> TemplateType {
        if t == String.self { return .text }
        if t == Int.self { return .integer }
        if t == Double.self { return .number }
        if t == Bool.self { return .bool }
        if let a = t as? ArrayMarker.Type { return .list(templateType(of: a.elementType)) }
        if t is any RawRepresentable.Type { return .text }  // enums reach templates as their raw text
        if factTypes.contains(where: { $0 == t }) { return .object(typeName(t)) }
        return .any
    }

    static func variable(_ name: String) -> TemplateMember? { variables.first { $0.name == name } }

    // MARK: - Filters

    static let filters: [TemplateFilter] = [
        .init(name: "number", input: .number, output: .text, arguments: "[decimals]", description: "a number in the document's format: 1.234,5"),
        .init(name: "signed", input: .number, output: .text, arguments: "[decimals]", description: "with a sign: +0,4"),
        .init(name: "percent", input: .number, output: .text, arguments: "[decimals]", description: "a share: 9,3 %"),
        .init(name: "pp", input: .number, output: .text, arguments: "[decimals]", description: "percentage points: 0,4 Prozentpunkte"),
        .init(name: "euro", input: .number, output: .text, arguments: "[decimals]", description: "euros: 1.234 €"),
        .init(name: "date", input: .text, output: .text, arguments: "", description: "2024-12-31 → 31. Dezember 2024"),
        .init(name: "period", input: .text, output: .text, arguments: "", description: "2024-10 → Oktober 2024"),
        .init(name: "value_phrase", input: .fact, output: .text, arguments: "", description: "the value as a predicate in every state: „beträgt 9,3 %“, „ist … gesperrt“"),
        .init(name: "change_phrase", input: .factOrChange, output: .text, arguments: "[\"year\"]", description: "the change clause against the previous period (or a year earlier)"),
        .init(name: "comparison_phrase", input: .fact, output: .text, arguments: "", description: "the comparison with the city, with the city value"),
        .init(name: "trend_phrase", input: .fact, output: .text, arguments: "", description: "the latest run of changes: „ist 3 Monate in Folge gestiegen“"),
        .init(name: "rank_phrase", input: .fact, output: .text, arguments: "", description: "the rank with its direction: „liegt auf Rang 3 von 10 Stadtteilen (…)“"),
        .init(name: "list", input: .list, output: .text, arguments: "[\"or\"]", description: "Moisling, Buntekuh und Kücknitz"),
        .init(name: "count_words", input: .integer, output: .text, arguments: "", description: "2 to 12 in words (zehn, ten), other numbers in figures"),
        .init(name: "plural", input: .integer, output: .text, arguments: "\"singular,plural\"", description: "1 Stadtteil, 3 Stadtteile"),
        .init(name: "quoted", input: .text, output: .text, arguments: "", description: "„…“ · “…”"),
        .init(name: "capfirst", input: .text, output: .text, arguments: "", description: "the first letter upper-case"),
        .init(name: "easy_number", input: .number, output: .text, arguments: "", description: "Leichte Sprache: etwa 12.000"),
        .init(name: "easy_share", input: .number, output: .text, arguments: "[\"child\"|\"household\"|\"person\"]", description: "Leichte Sprache: fast jede 10. Person"),
        .init(name: "easy_share_100", input: .number, output: .text, arguments: "[\"child\"|\"household\"|\"person\"]", description: "Leichte Sprache: 44 von 100 Kindern — the form in which two shares compare"),
        .init(name: "easy_compare", input: .fact, output: .text, arguments: "", description: "Leichte Sprache: „In Moisling sind es also viel mehr als in ganz Lübeck.“ (the comparison word of the facts)"),
        .init(name: "raw", input: .any, output: .text, arguments: "", description: "trusted template text, inserted as Markdown (alias safe)"),
        .init(name: "safe", input: .any, output: .text, arguments: "", description: "alias of raw"),
        // Stencil's own filters that templates may use.
        .init(name: "default", input: .any, output: .any, arguments: "value", description: "a value for when this one is absent"),
        .init(name: "join", input: .list, output: .text, arguments: "[separator]", description: "a list's items joined"),
        .init(name: "split", input: .text, output: .list(.text), arguments: "[separator]", description: "text split into a list"),
        .init(name: "uppercase", input: .text, output: .text, arguments: "", description: "UPPER CASE"),
        .init(name: "lowercase", input: .text, output: .text, arguments: "", description: "lower case"),
        .init(name: "capitalize", input: .text, output: .text, arguments: "", description: "First letter upper, rest lower"),
        .init(name: "indent", input: .text, output: .text, arguments: "[width][, character][, first line]", description: "indents every line (width at most \(TemplateBudget.maxIndent))"),
    ]

    static func filter(_ name: String) -> TemplateFilter? { filters.first { $0.name == name } }
}

protocol OptionalMarker { static var wrappedType: Any.Type { get } }
extension Optional: OptionalMarker { static var wrappedType: Any.Type { Wrapped.self } }
protocol ArrayMarker { static var elementType: Any.Type { get } }
extension Array: ArrayMarker { static var elementType: Any.Type { Element.self } }

/// Levenshtein distance, for "did you mean …" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest of `candidates` to `name`, if it is close enough to be what was meant.
func suggestion(for name: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
    return best.1 <= max(2, name.count / 2) && best.1 < name.count ? best.0 : nil
}
