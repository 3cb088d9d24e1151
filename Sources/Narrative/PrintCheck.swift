import Facts
import Foundation
import Stencil

/// What every `{{ … }}` goes through before it reaches the document (the `md` and `yaml` filters):
/// - a value that renders nothing is an error at the expression, saying which part is unknown (with
///   the nearest valid name) or absent here — never an empty gap in a sentence;
/// - a table symbol (`x` suppressed, `–` missing) printed into running text is an error: the sentence
///   would not read („beträgt x und …“); `value_phrase` says it in words;
/// - numbers and comparison words are recorded for the statement audit;
/// - the printed text counts against the render's budget.
struct PrintCheck {
    let session: RenderSession
    let printed: RenderSession.Printed?
    let context: Context

    init(session: RenderSession, args: [Any?], context: Context) {
        self.session = session
        self.context = context
        let id = args.first.flatMap(asInt)
        printed = id.flatMap { session.printed.indices.contains($0) ? session.printed[$0] : nil }
    }

    var expression: String { printed?.expression ?? "" }
    var place: String? { printed.map { "\($0.position.file):\($0.position.line):\($0.position.column)" } }

    /// The base variable path and the filters of the expression: `facts.x.current|percent:1` →
    /// (`facts.x.current`, [`percent`]).
    var parts: (path: String, filters: [(name: String, argument: String?)]) {
        let pieces = splitOutsideQuotes(expression, separator: "|")
        let filters = pieces.dropFirst().map { piece -> (String, String?) in
            let f = splitOutsideQuotes(piece, separator: ":")
            return (f[0].trimmingCharacters(in: .whitespaces), f.count > 1 ? f[1].trimmingCharacters(in: .whitespaces) : nil)
        }
        return (pieces.first?.trimmingCharacters(in: .whitespaces) ?? "", filters)
    }

    /// The value, unwrapped; nil (with the problem recorded at the expression) when it would print
    /// nothing or a table symbol. The render goes on, so every such problem is found in one run.
    func printable(_ value: Any?) -> Any? {
        guard let v = unwrapOptional(value) else {
            session.addPrintProblem(printed?.position, diagnoseNothing())
            return nil
        }
        if let symbol = tableSymbol(v) {
            session.addPrintProblem(printed?.position, symbol)
            return nil
        }
        return v
    }

    /// The chain of values along the base path: `facts`, `facts.x`, `facts.x.current`, …
    func chain() -> [(name: String, value: Any?)] {
        let path = parts.path
        guard !path.isEmpty, !path.contains("["), !path.hasPrefix("\""), !path.hasPrefix("'"),
              Double(path) == nil else { return [] }
        var out: [(String, Any?)] = []
        var prefix = ""
        for bit in path.split(separator: ".") {
            prefix = prefix.isEmpty ? String(bit) : prefix + "." + bit
            let value = try? Variable(prefix).resolve(context)
            out.append((String(bit), value.flatMap { unwrapOptional($0) }))
            if value == nil || unwrapOptional(value!) == nil { break }
        }
        return out
    }

    /// Why the expression renders nothing, for the author.
    func diagnoseNothing() -> String {
        let links = chain()
        let shown = "{{ \(expression) }}"
        guard let missing = links.firstIndex(where: { $0.value == nil }) else {
            return "\(shown) renders nothing here — a filter returned no value; test the value with {% if … %} first"
        }
        let name = links[missing].name
        let prefix = links[..<missing].map(\.name).joined(separator: ".")
        if missing == 0 {
            let known = TemplateVocabulary.variables.map(\.name) + contextNames()
            let hint = suggestion(for: name, among: known).map { " — did you mean \"\($0)\"?" } ?? " — see `civicbrief facts` for the variables a template has"
            return "unknown variable \"\(name)\" in \(shown)\(hint)"
        }
        let parent = links[missing - 1].value
        let members = memberNames(of: parent)
        if !members.isEmpty, !members.contains(name) {
            let hint = suggestion(for: name, among: members).map { " — did you mean \"\(prefix).\($0)\"?" }
                ?? " — it has: \(members.sorted().prefix(12).joined(separator: ", "))"
            return "unknown property \"\(name)\" of \(prefix) in \(shown)\(hint)"
        }
        if parent is FactLookup || parent is DistrictFactsLookup || parent is IndicatorLookup {
            return "no indicator \"\(name)\" in the store (\(shown)) — list the codes with `civicbrief inspect`"
        }
        return "\(prefix).\(name) is absent here (\(shown)) — print it only inside {% if \(prefix).\(name) %} … {% endif %}"
    }

    private func contextNames() -> [String] { ["forloop"] }

    func memberNames(of value: Any?) -> [String] {
        switch value {
        case let object as TemplateObject: return object.memberNames
        case let dictionary as [String: Any]: return Array(dictionary.keys)
        default: return []
        }
    }

    /// An error message when `value` is the table symbol of a suppressed or missing value headed for
    /// running text (its source is a ValueFact's `formatted`).
    func tableSymbol(_ value: Any) -> String? {
        guard let text = value as? String, text == StatusSymbols.suppressed || text == StatusSymbols.missing else { return nil }
        let links = chain()
        guard links.last?.name == "formatted", links.count >= 2,
              let owner = links[links.count - 2].value as? TemplateObject, let cell = owner.value as? ValueFact,
              !cell.hasValue else { return nil }
        let base = links.dropLast().map(\.name).joined(separator: ".")
        let factPath = links.count >= 3 ? links.dropLast(2).map(\.name).joined(separator: ".") : base
        let why = cell.status == "suppressed" ? "suppressed" : "missing"
        return "{{ \(expression) }} would print „\(text)“ (the table symbol for a \(why) value, \(cell.periodLabel)) into running text — "
            + "say it in words with {{ \(factPath)|value_phrase }}, or test {% if \(base).hasValue %}"
    }

    // MARK: - Audit and budget

    func record(_ value: Any?, printed text: String) throws {
        try session.budget.printed(text.utf8.count)
        guard let statement = statement(for: value, text: text) else { return }
        session.audit.add(statement)
    }

    /// The statement an expression makes, from the fact along its path, or nil for plain text (names, labels).
    func statement(for value: Any?, text: String) -> AuditedStatement? {
        let links = chain()
        let filterNames = parts.filters.map(\.name)
        // The innermost fact along the path, and the members read after it.
        var fact: IndicatorFact?, notable: NotableChange?, index: SocialIndexAreaFact?
        var after: [String] = []
        for link in links {
            switch (link.value as? TemplateObject)?.value {
            case let f as IndicatorFact: fact = f; notable = nil; index = nil; after = []
            case let n as NotableChange: notable = n; fact = nil; after = []
            case let i as SocialIndexAreaFact: index = i; fact = nil; after = []
            default: after.append(link.name)
            }
        }
        if let fact {
            let kind: String
            if filterNames.contains("value_phrase") { kind = "value" }
            else if filterNames.contains("change_phrase") {
                kind = parts.filters.first { $0.name == "change_phrase" }?.argument?.contains("year") == true || after.first == "yearEarlier" ? "changeYear" : "change"
            }
            else if filterNames.contains("comparison_phrase") { kind = "comparison" }
            else if filterNames.contains("rank_phrase") { kind = "rank" }
            else if filterNames.contains("trend_phrase") { kind = "trend" }
            else if filterNames.contains("easy_compare") { kind = "comparison" }
            else {
                switch after.first {
                case "current": kind = "value"
                case "previous": kind = "change"
                case "yearEarlier": kind = "changeYear"
                case "city": kind = after.dropFirst().first == "city" ? "cityValue" : "comparison"
                case "rank": kind = "rank"
                case "trend": kind = "trend"
                default: return nil  // the indicator's name, definition, source
                }
            }
            // Only what states a number or a word about one: not the period label or the status key.
            if kind == "value", let member = after.dropFirst().first, !["formatted", "phrase", "value"].contains(member) { return nil }
            return StatementRecorder.statement(kind: kind, text: text, place: place, expression: expression, fact: fact)
        }
        if let notable {
            var s = AuditedStatement(kind: "notable", text: text, place: place, expression: expression)
            s.indicator = notable.indicatorCode; s.area = notable.area.code
            s.period = notable.current.period; s.status = notable.current.status; s.value = notable.current.value
            s.compared = ComparedValue(role: "compared", area: notable.area.code, period: notable.compared.period,
                                       status: notable.compared.status, value: notable.compared.value)
            s.word = notable.direction
            s.rule = AppliedRule(measure: "notable", difference: notable.absolute, relativePercent: notable.relativePercent,
                                 explanation: "score \(notable.score) ≥ 1 (change against its threshold, README \"Changes\")")
            return s
        }
        if let index {
            var s = AuditedStatement(kind: "socialIndex", text: text, place: place, expression: expression)
            s.area = index.area.code
            s.word = index.combinedClass ?? index.state
            s.value = index.statusIndex
            return s
        }
        if value is Int || value is Double {
            return AuditedStatement(kind: "number", text: text, place: place, expression: expression)
        }
        return nil
    }
}

/// Splits at `separator` outside double or single quotes.
func splitOutsideQuotes(_ text: String, separator: Character) -> [String] {
    var parts: [String] = [], current = "", quote: Character?
    for ch in text {
        if let q = quote { if ch == q { quote = nil } }
        else if ch == "\"" || ch == "'" { quote = ch }
        else if ch == separator { parts.append(current); current = ""; continue }
        current.append(ch)
    }
    parts.append(current)
    return parts
}
