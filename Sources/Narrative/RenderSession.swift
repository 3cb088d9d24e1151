import Foundation
import Stencil

/// The state of one render, shared by the main template, its partials and the filters: the budget,
/// where every token stands in the template files, what each `{{ … }}` prints (for errors and the
/// statement audit), and the values inserted into fenced blocks.
final class RenderSession: @unchecked Sendable {
    let budget = TemplateBudget()
    let loader: SandboxLoader
    let audit = StatementRecorder()
    /// Problems found while preparing sources (unclosed delimiters, inline `if`).
    private(set) var problems: [TemplateProblem] = []
    /// Problems of printed values found while rendering (rendering goes on, so all are found at once).
    private(set) var printProblems: [TemplateProblem] = []

    func addPrintProblem(_ position: TemplatePosition?, _ message: String) {
        let p = position ?? TemplatePosition(file: "", line: 1, column: 1)
        printProblems.append(TemplateProblem(file: p.file, line: p.line, column: p.column, message: message))
    }

    /// One printed expression: where it stands and what it says.
    struct Printed {
        var position: TemplatePosition
        /// The expression as written, without the escaping filter CivicBrief appends.
        var expression: String
        var inBlock: Bool
    }
    private(set) var printed: [Printed] = []
    private var positions: [ObjectIdentifier: TemplatePosition] = [:]
    /// Tokens stay alive for the session, so their identities stay unique.
    private var tokens: [Token] = []
    private var includeChains: [ObjectIdentifier: [TemplatePosition]] = [:]
    private var partials: [String: [NodeType]] = [:]
    /// Values inserted into fenced blocks, by placeholder number (see `placeholder(for:)`).
    private(set) var blockValues: [String] = []

    init(loader: SandboxLoader) { self.loader = loader }

    private var legendShown = false
    /// True the first time: the table symbols' legend is printed once per document.
    func claimLegend() -> Bool {
        defer { legendShown = true }
        return !legendShown
    }

    /// Stencil tokens carry no usable positions here (their source map is a placeholder): the session
    /// keeps each token's place in the template files instead.
    /// (Stencil offers no public way to make one: this is the map of a one-character template's token.)
    nonisolated(unsafe) static let neutralSourceMap: SourceMap = Template(templateString: "x").tokens[0].sourceMap

    func position(of token: Token?) -> TemplatePosition? { token.flatMap { positions[ObjectIdentifier($0)] } }
    func includeChain(of token: Token?) -> [TemplatePosition] { token.flatMap { includeChains[ObjectIdentifier($0)] } ?? [] }

    /// „included from A, from B“, at most three places (a partial including itself would list sixteen).
    func includeNote(of token: Token?) -> String {
        let chain = includeChain(of: token)
        guard !chain.isEmpty else { return "" }
        let shown = chain.prefix(3).map { "\($0.file):\($0.line):\($0.column)" }.joined(separator: ", from ")
        return " (included from \(shown)\(chain.count > 3 ? ", … \(chain.count - 3) more" : ""))"
    }

    func noteInclude(of inner: Token, at include: Token) {
        guard let place = position(of: include) else { return }
        includeChains[ObjectIdentifier(inner), default: []].append(place)
    }

    func addProblem(_ position: TemplatePosition, _ message: String) {
        problems.append(TemplateProblem(file: position.file, line: position.line, column: position.column, message: message))
    }

    /// Lexes a template text (main body or partial) into Stencil tokens. `firstLine` is the file line
    /// of the text's first line. Every `{{ … }}` gets its escaping filter with its number: `md` in
    /// Markdown, `yaml` inside fenced blocks.
    func stencilTokens(_ source: String, file: String, name: String, firstLine: Int) -> (tokens: [Token], lexed: [LexedToken]) {
        let fences = FenceScan(source, name: name)
        let (lexed, lexProblems) = TemplateLexer.tokenize(fences.text, file: file, firstLine: firstLine)
        for p in lexProblems { addProblem(p.position, p.message) }
        var out: [Token] = []
        for t in lexed {
            let token: Token
            switch t.kind {
            case .comment: continue
            case .text: token = .text(value: t.contents, at: Self.neutralSourceMap)
            case .block: token = .block(value: t.contents, at: Self.neutralSourceMap)
            case .variable:
                let expression = t.contents
                if expression.isEmpty {
                    addProblem(t.position, "empty `{{ }}` — write a variable inside, e.g. {{ area.name }}")
                    continue
                }
                if expression.split(separator: " ").contains("if") {
                    addProblem(t.position, "inline `if … else` inside {{ }} is not supported — use {% if %} … {% else %} … {% endif %}")
                }
                let inBlock = fences.fencedLines.contains(t.position.line - firstLine + 1)
                let id = printed.count
                printed.append(Printed(position: t.position, expression: expression, inBlock: inBlock))
                token = .variable(value: expression + "|" + (inBlock ? "yaml" : "md") + ":" + String(id), at: Self.neutralSourceMap)
            }
            positions[ObjectIdentifier(token)] = t.position
            tokens.append(token)
            out.append(token)
        }
        return (out, lexed)
    }

    /// A partial's parsed nodes, read and parsed once per render.
    func partialNodes(_ name: String, environment: Environment) throws -> [NodeType] {
        if let known = partials[name] { return known }
        let text = try loader.read(name)
        let (stencil, _) = stencilTokens(text, file: loader.displayPath(name), name: name, firstLine: 1)
        if let first = problems.first(where: { $0.file == loader.displayPath(name) }) {
            throw TemplateSyntaxError(first.message)
        }
        let nodes = try TokenParser(tokens: stencil, environment: environment).parse()
        partials[name] = nodes
        return nodes
    }

    // MARK: - Values in fenced blocks

    /// Values inside fenced blocks are not written into the YAML text (an area named „Moisling, Genin“
    /// inside the author's quotes made the YAML invalid): each becomes a placeholder that YAML reads as
    /// plain text, and the parsed block gets the value back (`YAMLValue.resolvingPlaceholders`).
    func placeholder(for value: String) -> String {
        blockValues.append(value)
        return Self.placeholderStart + String(blockValues.count - 1) + Self.placeholderEnd
    }

    static let placeholderStart = "\u{E000}", placeholderEnd = "\u{E001}"

    /// `text` with every placeholder replaced by its value.
    func resolvePlaceholders(_ text: String) -> String {
        guard text.contains(Self.placeholderStart) else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: Self.placeholderStart) {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: Self.placeholderEnd),
                  let index = Int(rest[open.upperBound..<close.lowerBound]), blockValues.indices.contains(index) else {
                out += rest[open.lowerBound...]
                return out
            }
            out += blockValues[index]
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// Fence lines of a template text: which lines lie inside fenced blocks (their `{{ }}` are escaped for
/// YAML), and the text with each briefing block's fence line tagged with its place (` @name:line`), so
/// the Markdown stage can report a block's problems in the template file.
struct FenceScan {
    /// Fenced blocks the Markdown converter understands; their bodies are YAML.
    static let blockKinds: Set<String> = ["chart", "kpi", "table", "map", "toc", "definitions", "overview"]

    var text: String
    /// 1-based line numbers (within the text) inside a fenced block, fences excluded.
    var fencedLines: Set<Int> = []

    init(_ source: String, name: String) {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var inBlock = false
        var fence = ""
        for i in lines.indices {
            let trimmed = lines[i].drop(while: { $0 == " " })
            if !inBlock, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let marker = String(trimmed.prefix(while: { $0 == "`" || $0 == "~" }))
                let info = trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
                let kind = String(info.prefix(while: { !$0.isWhitespace }))
                inBlock = true
                fence = marker
                if Self.blockKinds.contains(kind) { lines[i] += " @\(name):\(i + 1)" }
                continue
            }
            if inBlock, trimmed.hasPrefix(fence), trimmed.trimmingCharacters(in: .whitespaces).allSatisfy({ $0 == fence.first }) {
                inBlock = false
                continue
            }
            if inBlock { fencedLines.insert(i + 1) }
        }
        text = lines.joined(separator: "\n")
    }
}
