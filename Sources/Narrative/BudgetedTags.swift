import Foundation
import Stencil

// `for` and `include` as CivicBrief runs them: the same syntax as Stencil's, but every loop pass and
// include is counted against the render's `TemplateBudget`, a range's size is checked before it is
// built (`1...10000000` was built first and took 100 s), and partials are read through the sandboxed
// loader and the linear lexer. Registered in `NarrativeExtension`, which Stencil consults before its
// own tags.

/// `{% for x in list %}…{% empty %}…{% endfor %}`, also `for k, v in dict`, `label: for …`,
/// `… where condition`, and ranges `for i in 1...n`.
final class BudgetedForNode: NodeType {
    let token: Token?
    let loopVariables: [String]
    let label: String?
    let source: Resolvable?
    /// A range `a...b`: both ends, resolved and checked before the range is built.
    let range: (lower: Resolvable, upper: Resolvable)?
    let condition: Stencil.Expression?
    let nodes: [NodeType]
    let emptyNodes: [NodeType]
    let budget: TemplateBudget

    static let breakKey = "_internal_forloop_break"
    static let continueKey = "_internal_forloop_continue"

    init(parser: TokenParser, token: Token, budget: TemplateBudget) throws {
        var components = token.components
        var label: String?
        if components.first?.hasSuffix(":") == true { label = String(components.removeFirst().dropLast()) }
        guard components.count >= 4, components[2] == "in",
              components.count == 4 || (components.count > 5 && components[4] == "where") else {
            throw TemplateSyntaxError("`for` is written `{% for x in list %}` (optionally `… where condition`) — check the tag")
        }
        self.token = token
        self.label = label
        self.budget = budget
        loopVariables = components[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let expression = components[3]
        if let dots = expression.range(of: "..."), !expression.hasPrefix("\""), !expression.hasPrefix("'") {
            range = (try parser.compileFilter(String(expression[..<dots.lowerBound]), containedIn: token),
                     try parser.compileFilter(String(expression[dots.upperBound...]), containedIn: token))
            source = nil
        } else {
            range = nil
            source = try parser.compileResolvable(expression, containedIn: token)
        }
        condition = components.count > 5 ? try parser.compileExpression(components: Array(components.dropFirst(5)), token: token) : nil
        nodes = try parser.parse(until(["endfor", "empty"]))
        guard let end = parser.nextToken() else { throw TemplateSyntaxError("`{% for %}` has no `{% endfor %}` — close the loop") }
        if end.contents == "empty" {
            emptyNodes = try parser.parse(until(["endfor"]))
            guard parser.nextToken() != nil else { throw TemplateSyntaxError("`{% for %}` has no `{% endfor %}` — close the loop") }
        } else {
            emptyNodes = []
        }
    }

    private func values(_ context: Context) throws -> [Any] {
        if let range {
            let low = try range.lower.resolve(context), high = try range.upper.resolve(context)
            guard let a = intValue(low), let b = intValue(high) else {
                throw TemplateSyntaxError("a range `a...b` needs whole numbers at both ends")
            }
            guard abs(b - a) < TemplateBudget.maxRangeItems else {
                throw TemplateSyntaxError("range \(a)...\(b) is too long for a template loop (at most \(TemplateBudget.maxRangeItems) items) — loop over the data instead")
            }
            return Array(min(a, b)...max(a, b))
        }
        guard let resolved = try source?.resolve(context) else { return [] }
        if let dictionary = resolved as? [String: Any] { return dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        if let array = resolved as? [Any] { return array }
        if let r = resolved as? CountableClosedRange<Int> {
            guard r.count <= TemplateBudget.maxRangeItems else { throw TemplateSyntaxError("the range is too long for a template loop (at most \(TemplateBudget.maxRangeItems) items)") }
            return Array(r)
        }
        if let r = resolved as? CountableRange<Int> {
            guard r.count <= TemplateBudget.maxRangeItems else { throw TemplateSyntaxError("the range is too long for a template loop (at most \(TemplateBudget.maxRangeItems) items)") }
            return Array(r)
        }
        throw TemplateSyntaxError("`for` needs a list to loop over, got a single value — check the name after `in`")
    }

    private func intValue(_ v: Any?) -> Int? {
        switch v {
        case let i as Int: i
        case let d as Double where d == d.rounded() && abs(d) < 1e9: Int(d)
        case let s as String: Int(s)
        default: nil
        }
    }

    private func bind(_ item: Any) -> [String: Any] {
        if loopVariables.count > 1, case let pair as (String, Any) = item {
            var d: [String: Any] = [:]
            if loopVariables[0] != "_" { d[loopVariables[0]] = pair.0 }
            if loopVariables[1] != "_" { d[loopVariables[1]] = pair.1 }
            return d
        }
        // One variable over a dictionary: the keys, as in Stencil.
        if case let pair as (String, Any) = item { return [loopVariables.first ?? "": pair.0] }
        return [loopVariables.first ?? "": item]
    }

    func render(_ context: Context) throws -> String {
        var items = try values(context)
        if let condition {
            items = try items.filter { item in
                try budget.step()
                return try context.push(dictionary: bind(item)) { try condition.evaluate(context: context) }
            }
        }
        guard !items.isEmpty else { return try context.push { try renderNodes(emptyNodes, context) } }
        let parents = (context["forloop"] as? [String: Any])?.filter { ($1 as? [String: Any])?["label"] != nil } ?? [:]
        var result = ""
        for (index, item) in items.enumerated() {
            try budget.step()
            var loop: [String: Any] = ["first": index == 0, "last": index == items.count - 1, "counter": index + 1,
                                       "counter0": index, "length": items.count]
            if let label { loop["label"] = label; loop[label] = loop }
            loop.merge(parents) { own, _ in own }
            var stop = false
            result += try budget.measure {
                try context.push(dictionary: ["forloop": loop]) {
                    defer {
                        if let next = context[Self.continueKey] as? String { stop = next != label || label == nil }
                        else { stop = context[Self.breakKey] != nil }
                    }
                    return try context.push(dictionary: bind(item)) { try renderNodes(nodes, context) }
                }
            }
            try budget.checkSize(result.utf8.count, outermost: false)
            if stop { break }
        }
        return result
    }
}

/// `{% include "partials/name.md" %}` (optionally with a context dictionary): the partial is read
/// through the sandbox, lexed and parsed once per render, and rendered in the current context.
final class SandboxedIncludeNode: NodeType {
    let token: Token?
    let name: Variable
    let extraContext: String?
    weak var session: RenderSession?

    init(parser: TokenParser, token: Token, session: RenderSession) throws {
        let bits = token.components
        guard bits.count == 2 || bits.count == 3 else {
            throw TemplateSyntaxError("`include` takes the partial's name: {% include \"partials/hinweis-synthetisch.md\" %}")
        }
        self.token = token
        name = Variable(bits[1])
        extraContext = bits.count == 3 ? bits[2] : nil
        self.session = session
    }

    func render(_ context: Context) throws -> String {
        guard let session else { return "" }
        guard let partial = try name.resolve(context) as? String else {
            throw TemplateSyntaxError("include needs the partial's name as text, e.g. \"partials/hinweis-synthetisch.md\"")
        }
        try session.budget.include()
        guard session.budget.includeDepth < TemplateBudget.maxIncludeDepth else {
            throw TemplateSyntaxError("includes nested more than \(TemplateBudget.maxIncludeDepth) deep — does a partial include itself?")
        }
        let nodes = try session.partialNodes(partial, environment: context.environment)
        session.budget.includeDepth += 1
        defer { session.budget.includeDepth -= 1 }
        do {
            let sub = extraContext.flatMap { context[$0] as? [String: Any] } ?? [:]
            return try session.budget.measure { try context.push(dictionary: sub) { try renderNodes(nodes, context) } }
        } catch let error as TemplateSyntaxError {
            // The error keeps its innermost token; the include is remembered so the message can say where from.
            if let inner = error.token, let token { session.noteInclude(of: inner, at: token) }
            throw error
        }
    }
}

/// Tags that would bypass the sandbox or the budget.
func unsupportedTag(_ name: String, _ advice: String) -> (TokenParser, Token) throws -> NodeType {
    { _, _ in throw TemplateSyntaxError("the `\(name)` tag is not available in briefings — \(advice)") }
}
