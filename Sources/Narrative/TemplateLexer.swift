// Splits a template into text, `{{ variable }}`, `{% tag %}` and `{# comment #}` tokens in one pass,
// remembering where each starts in the template file. Stencil's own lexer searches the whole template
// for every line and token (quadratic: 20,000 headings took over a minute to check) and silently drops
// everything after an unclosed `{{` (a sentence vanished from the PDF); this one is linear and reports
// an unclosed delimiter where it opens.

/// A position in a template file (1-based; columns count Unicode scalars).
struct TemplatePosition: Hashable, Sendable {
    var file: String
    var line: Int
    var column: Int
}

struct LexedToken: Sendable {
    enum Kind: Sendable { case text, variable, block, comment }
    var kind: Kind
    /// Text tokens: the text. Others: the contents between the delimiters, trimmed (and without `-`).
    var contents: String
    var position: TemplatePosition
    /// Column of the contents' first character (tags on one line), for pointing inside an expression.
    var contentsColumn: Int = 0
    /// Whether the tag asked to trim the whitespace before (`{%-`) or after (`-%}`) it.
    var trimBefore = false
    var trimAfter = false
}

struct TemplateLexer {
    struct Problem: Sendable { var position: TemplatePosition; var message: String }

    /// Tokens of `source`; `firstLine` is the file line of the source's first line.
    static func tokenize(_ source: String, file: String, firstLine: Int = 1) -> (tokens: [LexedToken], problems: [Problem]) {
        let scalars = Array(source.unicodeScalars)
        var tokens: [LexedToken] = []
        var problems: [Problem] = []
        var line = firstLine, column = 1
        var textStart = 0, textLine = line, textColumn = column
        var i = 0

        func advance(to end: Int) {
            while i < end {
                if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        func flushText(upTo end: Int) {
            if end > textStart {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[textStart..<end])
                tokens.append(LexedToken(kind: .text, contents: String(text),
                                         position: TemplatePosition(file: file, line: textLine, column: textColumn)))
            }
        }

        while i < scalars.count {
            guard scalars[i] == "{", i + 1 < scalars.count,
                  let close = closing(scalars[i + 1]) else { advance(to: i + 1); continue }
            let open = scalars[i + 1]
            // Find the closing delimiter; a newline-free search would miss tags spanning lines, which
            // Stencil allows.
            var j = i + 2
            var found = -1
            while j + 1 < scalars.count {
                if scalars[j] == close && scalars[j + 1] == "}" { found = j; break }
                // Another opening delimiter of the same kind, or a blank line, before the close: the
                // first one is unclosed (tags never span paragraphs).
                if scalars[j] == "{" && scalars[j + 1] == open { break }
                if scalars[j] == "\n" && scalars[j + 1] == "\n" { break }
                j += 1
            }
            let start = TemplatePosition(file: file, line: line, column: column)
            guard found >= 0 else {
                let what = open == "{" ? "`{{` is not closed by `}}`" : open == "%" ? "`{%` is not closed by `%}`" : "`{#` is not closed by `#}`"
                problems.append(Problem(position: start, message: "\(what) — close it on the same tag (everything up to the next tag would be lost)"))
                // Skip the delimiter and go on, so later problems are still found.
                advance(to: i + 2)
                continue
            }
            flushText(upTo: i)
            var inner = String.UnicodeScalarView()
            inner.append(contentsOf: scalars[(i + 2)..<found])
            var contents = String(inner)
            let leading = contents.prefix(while: { $0 == " " || $0 == "\t" || $0 == "-" }).unicodeScalars.count
            var trimBefore = false, trimAfter = false
            if open == "%" {
                if contents.hasPrefix("-") { trimBefore = true; contents.removeFirst() }
                if contents.hasSuffix("-") { trimAfter = true; contents.removeLast() }
            }
            // Stencil joins the lines of a multi-line tag with spaces.
            contents = contents.split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0).trimming([" ", "\t", "\r"]) }.filter { !$0.isEmpty }.joined(separator: " ")
            let kind: LexedToken.Kind = open == "{" ? .variable : open == "%" ? .block : .comment
            tokens.append(LexedToken(kind: kind, contents: contents, position: start, contentsColumn: start.column + 2 + leading,
                                     trimBefore: trimBefore, trimAfter: trimAfter))
            advance(to: found + 2)
            textStart = i; textLine = line; textColumn = column
        }
        flushText(upTo: scalars.count)
        applyTrimming(&tokens)
        return (tokens, problems)
    }

    private static func closing(_ open: Unicode.Scalar) -> Unicode.Scalar? {
        switch open {
        case "{": "}"
        case "%": "%"
        case "#": "#"
        default: nil
        }
    }

    /// `{%- … %}` removes the whitespace (newlines included) before the tag, `{% … -%}` after it.
    private static func applyTrimming(_ tokens: inout [LexedToken]) {
        for k in tokens.indices where tokens[k].kind == .block {
            if tokens[k].trimBefore, k > 0, tokens[k - 1].kind == .text {
                tokens[k - 1].contents = String(tokens[k - 1].contents.reversed().drop(while: \.isWhitespace).reversed())
            }
            if tokens[k].trimAfter, k + 1 < tokens.count, tokens[k + 1].kind == .text {
                // The token's position moves with the text it loses.
                let removed = tokens[k + 1].contents.prefix(while: \.isWhitespace)
                for ch in removed.unicodeScalars {
                    if ch == "\n" { tokens[k + 1].position.line += 1; tokens[k + 1].position.column = 1 } else { tokens[k + 1].position.column += 1 }
                }
                tokens[k + 1].contents = String(tokens[k + 1].contents.dropFirst(removed.count))
            }
        }
    }
}

extension String {
    /// Foundation-free trimming of the given characters at both ends.
    func trimming(_ set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
