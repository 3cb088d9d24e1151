import Stencil

// The static half of `check`: every `{{ … }}` and `{% … %}` of a template and its partials is checked
// against `TemplateVocabulary` before anything renders — unknown variables, properties, indicator codes,
// parameters, filters and tags, a filter given the wrong kind of value, unbalanced tags — each at its
// line and column with the nearest valid name. Unlike a render, it also sees branches the data does
// not take this month.

struct TemplateChecker {
    struct Problem: Sendable, Equatable { var position: TemplatePosition; var message: String }

    /// Indicator codes in the store, and their units (for filters that only fit some units).
    let indicatorUnits: [String: String]
    /// The template's parameters and their types.
    let parameters: [String: TemplateType]
    let loader: SandboxLoader
    private(set) var problems: [Problem] = []
    private var checkedPartials: Set<String> = []
    /// Where the partial being checked was included (innermost last), for the messages.
    private var includedFrom: [TemplatePosition] = []

    init(indicatorUnits: [String: String], parameters: [String: TemplateType], loader: SandboxLoader) {
        self.indicatorUnits = indicatorUnits; self.parameters = parameters; self.loader = loader
    }

    static let knownTags: Set<String> = ["for", "endfor", "empty", "if", "elif", "else", "endif", "ifnot",
                                         "include", "filter", "endfilter", "break", "continue"]

    private struct Open { var tag: String; var position: TemplatePosition }

    /// Checks `tokens` in a scope of loop variables (outermost first).
    mutating func check(_ tokens: [LexedToken], scope: [[String: TemplateType]] = [], depth: Int = 0) {
        var scopes = scope.isEmpty ? [[:]] : scope
        var open: [Open] = []
        for token in tokens {
            switch token.kind {
            case .text, .comment: continue
            case .variable:
                _ = typeOfFilterExpression(token.contents, token: token, offset: 0, scopes: scopes)
            case .block:
                var words = smartWords(token.contents)
                if words.first?.hasSuffix(":") == true, words.count > 1, words[1] == "for" { words.removeFirst() }
                guard let tag = words.first else { continue }
                switch tag {
                case "for":
                    open.append(Open(tag: "for", position: token.position))
                    scopes.append(checkFor(words, token: token, scopes: scopes))
                case "endfor":
                    if open.last?.tag == "for" { open.removeLast(); if scopes.count > 1 { scopes.removeLast() } }
                    else { problem(token, 0, "`{% endfor %}` without an open `{% for %}`") }
                case "empty":
                    if open.last?.tag != "for" { problem(token, 0, "`{% empty %}` belongs inside a `{% for %}`") }
                case "if", "ifnot":
                    open.append(Open(tag: "if", position: token.position))
                    checkCondition(Array(words.dropFirst()), token: token, scopes: scopes)
                case "elif":
                    if open.last?.tag != "if" { problem(token, 0, "`{% elif %}` without an open `{% if %}`") }
                    checkCondition(Array(words.dropFirst()), token: token, scopes: scopes)
                case "else":
                    if open.last?.tag != "if" { problem(token, 0, "`{% else %}` without an open `{% if %}`") }
                case "endif":
                    if open.last?.tag == "if" { open.removeLast() } else { problem(token, 0, "`{% endif %}` without an open `{% if %}`") }
                case "filter":
                    open.append(Open(tag: "filter", position: token.position))
                    for name in words.dropFirst().joined(separator: " ").split(separator: "|") {
                        checkFilterName(String(name.split(separator: ":").first ?? ""), token: token)
                    }
                case "endfilter":
                    if open.last?.tag == "filter" { open.removeLast() } else { problem(token, 0, "`{% endfilter %}` without an open `{% filter %}`") }
                case "break", "continue":
                    if !open.contains(where: { $0.tag == "for" }) { problem(token, 0, "`{% \(tag) %}` only works inside a `{% for %}` loop") }
                case "include":
                    guard words.count == 2 || words.count == 3 else {
                        problem(token, 0, "`include` takes the partial's name: {% include \"partials/hinweis-synthetisch.md\" %}"); continue
                    }
                    let name = words[1]
                    guard name.count >= 2, name.hasPrefix("\"") || name.hasPrefix("'") else { continue }  // a variable: checked when it renders
                    checkPartial(String(name.dropFirst().dropLast()), token: token, scopes: scopes, depth: depth)
                case "now":
                    problem(token, 0, "the `now` tag is not available — briefings must not depend on the clock; use {{ period.label }}")
                case "extends", "block", "endblock":
                    problem(token, 0, "the `\(tag)` tag is not available in briefings — include partials instead")
                default:
                    let hint = suggestion(for: tag, among: Array(Self.knownTags)).map { " — did you mean `\($0)`?" } ?? ""
                    problem(token, 0, "unknown tag `\(tag)`\(hint)")
                }
            }
        }
        for o in open.reversed() {
            problems.append(Problem(position: o.position, message: "`{% \(o.tag) %}` is never closed — add `{% end\(o.tag) %}`" + includeNote))
        }
    }

    /// A `for` tag: its source is a list (or a short range), its `where` condition checks; returns the
    /// loop variables' scope for the loop body.
    private mutating func checkFor(_ words: [String], token: LexedToken, scopes: [[String: TemplateType]]) -> [String: TemplateType] {
        guard words.count >= 4, words[2] == "in", words.count == 4 || (words.count > 5 && words[4] == "where") else {
            problem(token, 0, "`for` is written `{% for x in list %}` (optionally `… where condition`)")
            return [:]
        }
        let source = words[3]
        var element: TemplateType = .any
        if let dots = source.firstRange(of: "..."), !source.hasPrefix("\"") {
            let sides = [String(source[..<dots.lowerBound]), String(source[dots.upperBound...])]
            for side in sides where !side.isEmpty {
                _ = typeOfFilterExpression(side, token: token, offset: offsetOf(side, in: token), scopes: scopes)
            }
            if let a = Int(sides[0]), let b = Int(sides[1]), abs(b - a) >= TemplateBudget.maxRangeItems {
                problem(token, offsetOf(source, in: token), "range \(a)...\(b) is too long for a template loop (at most \(TemplateBudget.maxRangeItems) items) — loop over the data instead")
            }
            element = .integer
        } else {
            switch typeOfFilterExpression(source, token: token, offset: offsetOf(source, in: token), scopes: scopes) {
            case .list(let e): element = e
            case .byIndicator(let e): element = e
            case .any, .params: element = .any
            case let other:
                problem(token, offsetOf(source, in: token), "`for` needs a list to loop over, but \(source) is \(other)")
            }
        }
        var frame: [String: TemplateType] = ["forloop": .object("ForLoop")]
        let names = words[1].split(separator: ",").map { String($0).trimming([" "]) }
        if names.count == 2 { frame[names[0]] = .text; frame[names[1]] = .any } else { frame[names[0]] = element }
        if words.count > 5 { checkCondition(Array(words.dropFirst(5)), token: token, scopes: scopes + [frame]) }
        return frame
    }

    private mutating func checkPartial(_ name: String, token: LexedToken, scopes: [[String: TemplateType]], depth: Int) {
        guard depth < TemplateBudget.maxIncludeDepth else { return }
        // Each partial once per check: its names do not depend on where it is included, except loop
        // variables, which a partial rarely uses.
        guard checkedPartials.insert(name).inserted else { return }
        let text: String
        do { text = try loader.read(name) } catch {
            problem(token, 0, (error as? TemplateSyntaxError)?.reason ?? "cannot read \(name): \(error)")
            return
        }
        let fences = FenceScan(text, name: name)
        let (tokens, lexProblems) = TemplateLexer.tokenize(fences.text, file: loader.displayPath(name))
        includedFrom.append(token.position)
        defer { includedFrom.removeLast() }
        for p in lexProblems { problems.append(Problem(position: p.position, message: p.message + includeNote)) }
        check(tokens, scope: scopes, depth: depth + 1)
    }

    /// „ (included from FILE:LINE:COLUMN)“ inside a partial, else nothing.
    private var includeNote: String {
        guard !includedFrom.isEmpty else { return "" }
        return " (included from " + includedFrom.reversed().map { "\($0.file):\($0.line):\($0.column)" }.joined(separator: ", from ") + ")"
    }

    // MARK: - Expressions

    /// The type of `path|filter:arg|…`, reporting unknown names and mismatched filters.
    @discardableResult
    private mutating func typeOfFilterExpression(_ expression: String, token: LexedToken, offset: Int,
                                                 scopes: [[String: TemplateType]]) -> TemplateType {
        let pieces = splitOutsideQuotes(expression, separator: "|")
        let path = pieces[0].trimming([" "])
        var type = typeOfPath(path, token: token, offset: offset, scopes: scopes)
        var code = directIndicatorCode(path)
        var position = offset + pieces[0].count + 1
        for piece in pieces.dropFirst() {
            let name = String(piece.split(separator: ":", maxSplits: 1).first ?? "").trimming([" "])
            let argument = piece.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init)
            if let argument {
                for arg in splitOutsideQuotes(argument, separator: ",") {
                    let a = arg.trimming([" "])
                    if !a.isEmpty { _ = typeOfPath(a, token: token, offset: position + name.count + 1, scopes: scopes) }
                }
            }
            guard let filter = TemplateVocabulary.filter(name) else {
                checkFilterName(name, token: token, offset: position)
                return .any
            }
            if let mismatch = mismatch(filter, type) {
                problem(token, position, "filter \(name) needs \(mismatch), but \(path) is \(type)")
            } else if let code, let unit = indicatorUnits[code] {
                if name == "easy_compare" && unit != "percent" {
                    problem(token, position, "filter \(name) is for shares, but \(code) is measured in \(unit)")
                }
                if name == "comparison_phrase" && unit == "count" {
                    problem(token, position, "\(code) is a count: a district's count is part of the city's, so it is not compared in words — print the city's value instead")
                }
            }
            type = filter.output == .any ? type : filter.output
            code = nil
            position += piece.count + 1
        }
        return type
    }

    /// `facts.CODE` (or `cityfacts.`) written directly, for unit-aware checks.
    private func directIndicatorCode(_ path: String) -> String? {
        let bits = path.split(separator: ".")
        guard bits.count == 2, ["facts", "cityfacts"].contains(bits[0]) else { return nil }
        return String(bits[1])
    }

    private func mismatch(_ filter: TemplateFilter, _ type: TemplateType) -> String? {
        if type == .any { return nil }
        switch filter.input {
        case .any: return nil
        case .number: return type.isNumeric ? nil : "a number"
        case .integer: return type.isNumeric ? nil : "a whole number"
        case .text: return type == .text || type.isNumeric ? nil : "text"
        case .list: if case .list = type { return nil }; return "a list"
        case .fact: return type == .object("IndicatorFact") ? nil : "a fact such as facts.arm_sgb2"
        case .factOrChange: return type == .object("IndicatorFact") || type == .object("ChangeFact") ? nil : "a fact such as facts.arm_sgb2"
        }
    }

    private mutating func checkFilterName(_ name: String, token: LexedToken, offset: Int = 0) {
        let trimmed = name.trimming([" "])
        guard TemplateVocabulary.filter(trimmed) == nil else { return }
        let hint = suggestion(for: trimmed, among: TemplateVocabulary.filters.map(\.name)).map { " — did you mean \"\($0)\"?" }
            ?? " — the filters are listed by `civicbrief facts`"
        problem(token, offset, "unknown filter \"\(trimmed)\"\(hint)")
    }

    /// The type of a variable path or literal.
    private mutating func typeOfPath(_ path: String, token: LexedToken, offset: Int, scopes: [[String: TemplateType]]) -> TemplateType {
        if path.isEmpty { return .any }
        if path.hasPrefix("\"") || path.hasPrefix("'") { return .text }
        if Int(path) != nil { return .integer }
        if Double(path) != nil { return .number }
        if path == "true" || path == "false" { return .bool }
        if path.contains("[") { return .any }  // subscripts: resolved at render time
        let bits = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if bits.contains(where: \.isEmpty) {
            problem(token, offset, "\(path) is not a valid name — check the dots")
            return .any
        }
        let root = bits[0]
        var type: TemplateType
        if let local = scopes.reversed().lazy.compactMap({ $0[root] }).first {
            type = local
        } else if let v = TemplateVocabulary.variable(root) {
            type = v.type
        } else {
            let known = TemplateVocabulary.variables.map(\.name) + scopes.flatMap(\.keys)
            let hint = suggestion(for: root, among: known).map { " — did you mean \"\($0)\"?" } ?? " — the variables are listed by `civicbrief facts`"
            problem(token, offset, "unknown variable \"\(root)\"\(hint)")
            return .any
        }
        var column = offset + root.count + 1
        var walked = root
        for bit in bits.dropFirst() {
            defer { walked += "." + bit; column += bit.count + 1 }
            switch type {
            case .any: return .any
            case .object(let name):
                guard let object = TemplateVocabulary.objects[name] else { return .any }
                guard let member = object.member(bit) else {
                    let hint = suggestion(for: bit, among: object.members.map(\.name)).map { " — did you mean \"\(walked).\($0)\"?" }
                        ?? " — \(walked) has: \(object.members.map(\.name).joined(separator: ", "))"
                    problem(token, column, "unknown property \"\(bit)\" of \(walked) (\(name))\(hint)")
                    return .any
                }
                type = member.type
            case .list(let element):
                switch bit {
                case "count": type = .integer
                case "first", "last": type = element
                default:
                    guard Int(bit) != nil else {
                        problem(token, column, "\(walked) is a list: use .first, .last, .count or an index, or loop over it with {% for %}")
                        return .any
                    }
                    type = element
                }
            case .text:
                guard ["count", "first", "last"].contains(bit) else {
                    problem(token, column, "\(walked) is text and has no property \"\(bit)\"")
                    return .any
                }
                type = bit == "count" ? .integer : .text
            case .byIndicator(let value):
                guard indicatorUnits[bit] != nil else {
                    let hint = suggestion(for: bit, among: Array(indicatorUnits.keys)).map { " — did you mean \"\($0)\"?" } ?? " — list the codes with `civicbrief inspect`"
                    problem(token, column, "no indicator \"\(bit)\" in the store (\(walked).\(bit))\(hint)")
                    return .any
                }
                type = value
            case .params:
                guard let declared = parameters[bit] else {
                    let names = parameters.keys.sorted()
                    let hint = suggestion(for: bit, among: names).map { " — did you mean \"params.\($0)\"?" }
                        ?? (names.isEmpty ? " — the template declares no parameters (front matter `parameters:`)" : " — it declares: \(names.joined(separator: ", "))")
                    problem(token, column, "unknown parameter \"\(bit)\"\(hint)")
                    return .any
                }
                type = declared
            case .integer, .number, .bool:
                problem(token, column, "\(walked) is \(type) and has no property \"\(bit)\"")
                return .any
            }
        }
        return type
    }

    private mutating func checkCondition(_ words: [String], token: LexedToken, scopes: [[String: TemplateType]]) {
        let operators: Set<String> = ["and", "or", "not", "==", "!=", "<", ">", "<=", ">=", "in"]
        if words.isEmpty { problem(token, 0, "the condition is empty"); return }
        for word in words where !operators.contains(word) {
            _ = typeOfFilterExpression(word, token: token, offset: offsetOf(word, in: token), scopes: scopes)
        }
    }

    private func offsetOf(_ part: String, in token: LexedToken) -> Int {
        guard let r = token.contents.firstRange(of: part) else { return 0 }
        return token.contents.unicodeScalars.distance(from: token.contents.unicodeScalars.startIndex, to: r.lowerBound)
    }

    private mutating func problem(_ token: LexedToken, _ offset: Int, _ message: String) {
        var position = token.position
        if token.kind != .text { position.column = token.contentsColumn + offset }
        problems.append(Problem(position: position, message: message + includeNote))
    }
}

/// Splits a tag's contents into words at spaces outside quotes (as Stencil's `smartSplit`).
func smartWords(_ text: String) -> [String] {
    var words: [String] = [], current = "", quote: Character?
    for ch in text {
        if let q = quote { current.append(ch); if ch == q { quote = nil }; continue }
        if ch == "\"" || ch == "'" { quote = ch; current.append(ch); continue }
        if ch == " " { if !current.isEmpty { words.append(current); current = "" }; continue }
        current.append(ch)
    }
    if !current.isEmpty { words.append(current) }
    return words
}
