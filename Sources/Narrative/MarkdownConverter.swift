import CCmarkGFM
import Document
import Foundation

// Markdown (CommonMark + GFM tables and footnotes, parsed by cmark-gfm) → document blocks.
//   # … ####        headings             paragraphs, **bold**, *italic*, [links](https://…)
//   - / 1.          lists (nested)       GFM tables; a paragraph "Tabelle: …"/"Table: …" right before
//   [^n] footnotes  → document notes                 a table becomes its caption
//   ***             page break           ```kpi / ```table / ```chart / ```map / ```toc  → BlockBuilder
// Anything else (raw HTML, images) is a problem with its position.

struct FencedBlock {
    var kind: String
    var yaml: String
    /// The template file and line of the opening fence (from the position marker), if known.
    var file: String?
    var fenceLine: Int
    /// Line of the fence in the rendered Markdown (when the marker is missing).
    var renderedLine: Int
}

struct MarkdownConverter {
    /// Called for each fenced block; returns the blocks it stands for.
    var fencedBlock: (FencedBlock) -> [Block]
    /// Called for a construct that has no place in a briefing: (rendered line, column, message).
    var problem: (Int, Int, String) -> Void

    static let captionPrefixes = ["Tabelle: ", "Table: "]
    /// Block quotes, lists and emphasis nest at most this deep: deeper nesting has no place in a
    /// briefing and would exhaust the stack (`> ` repeated 3,000 times crashed `check`).
    static let maxDepth = 32

    func convert(_ markdown: String) -> [Block] {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES) else { return [] }
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") { cmark_parser_attach_syntax_extension(parser, table) }
        let bytes = Array(markdown.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
            }
        }
        guard let root = cmark_parser_finish(parser) else { return [] }
        defer { cmark_node_free(root) }

        // Footnote definitions first, so references can carry their text.
        // cmark-gfm numbers referenced footnotes in order of first reference, moves their definitions to
        // the end in that order, and gives each reference its number as literal.
        var footnotes: [String: String] = [:]
        let definitions = children(root).filter { cmark_node_get_type($0) == CMARK_NODE_FOOTNOTE_DEFINITION }
        for (index, node) in definitions.enumerated() {
            footnotes[String(index + 1)] = children(node).map { plainText($0, footnotes: [:]) }.joined(separator: " ")
        }
        var blocks: [Block] = []
        var pendingCaption: String?
        for node in children(root) {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_FOOTNOTE_DEFINITION { continue }
            if let caption = pendingCaption, typeString(node) != "table" {
                blocks.append(.paragraph(Paragraph(caption)))
                pendingCaption = nil
            }
            if type == CMARK_NODE_PARAGRAPH, let first = cmark_node_first_child(node), cmark_node_get_type(first) == CMARK_NODE_TEXT,
               let head = literal(first), Self.captionPrefixes.contains(where: { head.hasPrefix($0) }) {
                let text = plainText(node, footnotes: footnotes)
                if let prefix = Self.captionPrefixes.first(where: { text.hasPrefix($0) }) {
                    pendingCaption = String(text.dropFirst(prefix.count))
                    continue
                }
            }
            blocks += convertBlock(node, footnotes: footnotes, caption: &pendingCaption, depth: 0)
        }
        if let caption = pendingCaption { blocks.append(.paragraph(Paragraph(caption))) }
        return blocks
    }

    private func tooDeep(_ node: OpaquePointer, _ depth: Int) -> Bool {
        guard depth > Self.maxDepth else { return false }
        problem(line(node), column(node), "quotes, lists or emphasis nested more than \(Self.maxDepth) levels deep — flatten the text")
        return true
    }

    private func convertBlock(_ node: OpaquePointer, footnotes: [String: String], caption: inout String?, depth: Int) -> [Block] {
        if tooDeep(node, depth) { return [] }
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_HEADING:
            let level = Int(cmark_node_get_heading_level(node))
            if level > 4 { problem(line(node), column(node), "heading level \(level) is too deep — briefings use levels 1 to 4") }
            return [.heading(Heading(level: min(4, level), text: plainText(node, footnotes: footnotes)))]
        case CMARK_NODE_PARAGRAPH:
            let runs = inlines(node, footnotes: footnotes, bold: false, italic: false)
            return runs.isEmpty ? [] : [.paragraph(Paragraph(runs: runs))]
        case CMARK_NODE_LIST:
            return [.list(list(node, footnotes: footnotes, depth: depth))]
        case CMARK_NODE_BLOCK_QUOTE:
            return children(node).flatMap { convertBlock($0, footnotes: footnotes, caption: &caption, depth: depth + 1) }
        case CMARK_NODE_THEMATIC_BREAK:
            return [.pageBreak]
        case CMARK_NODE_CODE_BLOCK:
            let info = (cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "").trimmingCharacters(in: .whitespaces)
            let words = info.split(separator: " ").map(String.init)
            let kind = words.first ?? ""
            guard FenceScan.blockKinds.contains(kind) else {
                problem(line(node), column(node), kind.isEmpty
                    ? "code blocks have no place in a briefing — use ```kpi, ```table, ```chart, ```map or ```toc, or indent less than 4 spaces"
                    : "unknown block type \"\(kind)\" — use kpi, table, chart, map or toc")
                return []
            }
            var file: String?, fenceLine = 0
            if let marker = words.last(where: { $0.hasPrefix("@") }), let colon = marker.lastIndex(of: ":") {
                file = String(marker[marker.index(after: marker.startIndex)..<colon])
                fenceLine = Int(marker[marker.index(after: colon)...]) ?? 0
            }
            let block = FencedBlock(kind: kind, yaml: literal(node) ?? "", file: file, fenceLine: fenceLine, renderedLine: line(node))
            return fencedBlock(block)
        case CMARK_NODE_HTML_BLOCK:
            problem(line(node), column(node), "raw HTML is not allowed in templates — write Markdown instead")
            return []
        default:
            if typeString(node) == "table" {
                defer { caption = nil }
                return [.table(table(node, caption: caption, footnotes: footnotes))]
            }
            problem(line(node), column(node), "unsupported Markdown element \"\(typeString(node))\"")
            return []
        }
    }

    private func list(_ node: OpaquePointer, footnotes: [String: String], depth: Int) -> List {
        if tooDeep(node, depth) { return List(ordered: false, items: [ListItem(runs: [.text("")], sublist: nil)]) }
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        let items: [ListItem] = children(node).map { item in
            var runs: [Inline] = []
            var sublist: List?
            for child in children(item) {
                switch cmark_node_get_type(child) {
                case CMARK_NODE_LIST: sublist = list(child, footnotes: footnotes, depth: depth + 1)
                case CMARK_NODE_PARAGRAPH:
                    if !runs.isEmpty { runs.append(.text(" ")) }
                    runs += inlines(child, footnotes: footnotes, bold: false, italic: false)
                default:
                    problem(line(child), column(child), "a list item may hold text and a nested list only")
                }
            }
            return ListItem(runs: runs.isEmpty ? [.text("")] : runs, sublist: sublist)
        }
        return List(ordered: ordered, items: items)
    }

    private func table(_ node: OpaquePointer, caption: String?, footnotes: [String: String]) -> Table {
        let count = Int(cmark_gfm_extensions_get_table_columns(node))
        let alignments = cmark_gfm_extensions_get_table_alignments(node)
        var columns: [TableColumn] = []
        var rows: [[String]] = []
        for row in children(node) {
            let cells = children(row).map { plainText($0, footnotes: footnotes) }
            let padded = Array((cells + Array(repeating: "", count: max(0, count - cells.count))).prefix(count))
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
                columns = padded.enumerated().map { i, title in
                    let a = alignments.map { UInt8($0[i]) } ?? 0
                    let align: ColumnAlignment = a == UInt8(ascii: "r") ? .decimal : a == UInt8(ascii: "c") ? .center : .left
                    return TableColumn(title, align: align)
                }
            } else {
                rows.append(padded)
            }
        }
        return Table(caption: caption, columns: columns, rowHeaders: false, rows: rows)
    }

    // MARK: - inlines

    private func inlines(_ node: OpaquePointer, footnotes: [String: String], bold: Bool, italic: Bool, depth: Int = 0) -> [Inline] {
        if tooDeep(node, depth) { return [] }
        var runs: [Inline] = []
        func append(_ text: String) {
            guard !text.isEmpty else { return }
            if case .styled(let last, let b, let i)? = runs.last, b == bold, i == italic {
                runs[runs.count - 1] = .styled(last + text, bold: b, italic: i)
            } else {
                runs.append(.styled(text, bold: bold, italic: italic))
            }
        }
        for child in children(node) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE: append(literal(child) ?? "")
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: append(" ")
            case CMARK_NODE_EMPH: runs += inlines(child, footnotes: footnotes, bold: bold, italic: true, depth: depth + 1)
            case CMARK_NODE_STRONG: runs += inlines(child, footnotes: footnotes, bold: true, italic: italic, depth: depth + 1)
            case CMARK_NODE_LINK:
                let url = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                let text = plainText(child, footnotes: footnotes)
                if url.hasPrefix("#") {
                    runs.append(.link(text, destination: .internal(String(url.dropFirst()))))
                } else {
                    runs.append(.link(text, destination: .url(url)))
                }
            case CMARK_NODE_FOOTNOTE_REFERENCE:
                let label = literal(child) ?? ""
                if let text = footnotes[label] { runs.append(.footnote(text)) } else {
                    problem(line(child), column(child), "footnote [^\(label)] has no definition — add `[^\(label)]: …`")
                }
            case CMARK_NODE_IMAGE:
                problem(line(child), column(child), "images are not supported — use a ```chart block with alternative text")
            default:
                if typeString(child) == "strikethrough" {
                    runs += inlines(child, footnotes: footnotes, bold: bold, italic: italic, depth: depth + 1)
                } else {
                    append(plainText(child, footnotes: footnotes))
                }
            }
        }
        return runs
    }

    private func plainText(_ node: OpaquePointer, footnotes: [String: String]) -> String {
        inlines(node, footnotes: footnotes, bold: false, italic: false).map(\.visibleText).joined()
            .trimmingCharacters(in: .whitespaces)
    }

    // MARK: - cmark helpers

    private func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            result.append(c)
            child = cmark_node_next(c)
        }
        return result
    }

    private func literal(_ node: OpaquePointer) -> String? {
        cmark_node_get_literal(node).map { String(cString: $0) }
    }

    private func typeString(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? "?"
    }

    private func line(_ node: OpaquePointer) -> Int { Int(cmark_node_get_start_line(node)) }
    private func column(_ node: OpaquePointer) -> Int { Int(cmark_node_get_start_column(node)) }
}
