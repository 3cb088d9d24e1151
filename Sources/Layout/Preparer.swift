import Charts
import CPangoCairo
import Document
import Foundation

/// Measures one document's blocks for the page: shapes their text, draws their charts, numbers
/// notes, tables and figures, and checks the document's structure first. Pagination only places
/// what it made. Block-specific measuring lives in its own files (TableLayout, TilesLayout,
/// DefinitionsLayout, ChartDrawing).
final class Preparer {
    let document: Document
    let theme: Theme
    let fonts: FontEnvironment
    let vocabulary: Vocabulary
    let hyphenator: Hyphenator?
    /// Numbers given so far: footnotes, tables, figures.
    struct Counters: Equatable {
        var notes = 0, tables = 0, figures = 0
        /// Uncaptioned tables since the last numbered one (they name their data files after it).
        var unnumberedTables = 0
    }
    var counters: Counters
    private var pendingNotes: [MeasuredText] = []
    let headingDests: [Int: String]
    let headingTexts: [String: String]
    private var linkTargets: [(String, Int)] = []
    private var currentBlock = 0
    /// Why a block could not be measured; `Typesetter` fails the document with it.
    var failure: LayoutError?

    init(document: Document, theme: Theme, fonts: FontEnvironment, counters: Counters = Counters()) throws(LayoutError) {
        self.document = document
        self.counters = counters
        self.theme = theme
        self.fonts = fonts
        let lang = document.metadata.primaryLanguage
        vocabulary = Vocabulary(language: lang)
        hyphenator = document.settings.hyphenate ? Hyphenator.shared(lang) : nil
        // The structural rules (DocumentStructure, which `check` applies too); the first problem stops layout.
        if let problem = DocumentStructure.problems(document.blocks).first {
            switch problem.kind {
            case .skippedHeadingLevel(let level, let previous): throw .skippedHeadingLevel(block: problem.block, level: level, previous: previous)
            case .duplicateTarget(let dest): throw .duplicateTarget(dest)
            case .unknownLinkTarget(let target): throw .unknownLinkTarget(target, block: problem.block)
            }
        }
        // A chart is drawn while its block is measured; one that cannot be drawn stops layout here.
        for (i, block) in document.blocks.enumerated() {
            if case .chart(let chart) = block, let problem = chart.problem { throw .chartNotDrawn(block: i, problem) }
        }
        var dests: [Int: String] = [:]
        var texts: [String: String] = [:]
        for (i, block) in document.blocks.enumerated() {
            if let h = block.heading {
                let dest = DocumentStructure.destination(h, index: i)
                dests[i] = dest
                texts[dest] = h.text
            }
        }
        headingDests = dests
        headingTexts = texts
    }

    /// The numbers the blocks use up (what `prepare` counts), for the helper thread's start.
    static func counters(after blocks: ArraySlice<Block>) -> Counters {
        func notes(_ runs: [Inline]) -> Int { runs.reduce(0) { $0 + ($1.isFootnote ? 1 : 0) } }
        func notes(_ list: List) -> Int { list.items.reduce(0) { $0 + notes($1.runs) + ($1.sublist.map(notes) ?? 0) } }
        var c = Counters()
        for block in blocks {
            switch block {
            case .paragraph(let p): c.notes += notes(p.runs)
            case .list(let l): c.notes += notes(l)
            case .table(let t):
                if t.caption != nil { c.tables += 1; c.unnumberedTables = 0 } else { c.unnumberedTables += 1 }
            case .figure: c.figures += 1
            case .chart(let chart):
                c.figures += 1
                // A chart's data table always has a caption („Daten zu: …“).
                if chart.spec.wantsTable { c.tables += 1; c.unnumberedTables = 0 }
            default: break
            }
        }
        return c
    }

    /// Where to split the blocks for measuring on two threads: the level-1 or level-2 heading
    /// closest to half the text, or nil when the document is too short to gain from a helper
    /// (starting one and its fonts costs a few milliseconds) or has no such heading near the middle.
    static func splitPoint(_ blocks: [Block]) -> Int? {
        func size(_ runs: [Inline]) -> Int { runs.reduce(0) { $0 + $1.visibleText.utf8.count } }
        func size(_ list: List) -> Int { list.items.reduce(0) { $0 + size($1.runs) + ($1.sublist.map(size) ?? 0) } }
        let costs = blocks.map { block -> Int in
            switch block {
            case .heading(let h): return h.text.utf8.count
            case .paragraph(let p): return size(p.runs)
            case .list(let l): return size(l)
            case .table(let t): return t.rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }
            case .figure(let f): return 20 * f.drawing.items.count
            case .chart(let c): return 20 * c.data.series.reduce(c.data.panels.count) { $0 + $1.values.count }
            case .keyFigures(let k): return 150 * k.tiles.count
            case .definitions(let d): return d.entries.reduce(0) { $0 + $1.term.utf8.count + $1.text.utf8.count }
            case .pageBreak, .tableOfContents: return 0
            }
        }
        let total = costs.reduce(0, +)
        guard total >= 6000 else { return nil }
        var best: (index: Int, before: Int)?
        var before = 0
        for (i, block) in blocks.enumerated() {
            if i > 0, case .heading(let h) = block, h.level <= 2,
               abs(2 * before - total) < abs(2 * (best?.before ?? 0) - total) {
                best = (i, before)
            }
            before += costs[i]
        }
        guard let best, min(best.before, total - best.before) * 4 >= total else { return nil }
        return best.index
    }

    static func internalTargets(_ block: Block) -> [String] { DocumentStructure.internalTargets(block) }

    /// Measured units of the blocks in `range`, followed by the footnotes still pending at its end.
    func prepare(_ range: Range<Int>) -> [MeasuredBlock] {
        var units: [MeasuredBlock] = []
        for i in range {
            let block = document.blocks[i]
            currentBlock = i
            switch block {
            case .heading(let h):
                let size = theme.headingSizes[h.level - 1]
                let color = h.level == 4 ? theme.bodyColor : theme.headingColor
                let layout = makeLayout([TextPiece(text: hyphenate(h.text))],
                                        TextStyle(size: size, bold: true, color: color, lineSpacing: 1.0),
                                        width: theme.contentWidth)
                units.append(.heading(MeasuredHeading(level: h.level, text: h.text, dest: headingDests[i] ?? "h-\(i)", layout: layout.shaped)))
            case .paragraph(let p) where p.runs.allSatisfy({ $0.visibleText.isEmpty && !$0.isFootnote }):
                continue  // an empty paragraph would be an empty P element
            case .paragraph(let p):
                let style = TextStyle(size: theme.bodySize, color: theme.bodyColor,
                                      alignment: document.settings.justify ? .justify : .left, lineSpacing: theme.lineSpacing)
                let layout = makeLayout(pieces(p.runs), style, width: theme.contentWidth)
                units.append(.text(MeasuredText(layout: layout.shaped, x: theme.contentLeft, container: StructureTag("P"),
                                            spaceBefore: 0, spaceAfter: theme.paragraphSpacing, notes: takeNotes())))
            case .list(let l):
                units.append(.list(prepareList(l, indent: 0, depth: 0)))
            case .table(let t):
                units.append(.table(prepareTable(t)))
            case .figure(let f):
                units.append(.box(prepareFigure(f)))
            case .chart(let chart):
                guard let drawn = drawn(chart, block: i) else { continue }
                units.append(.box(prepareFigure(drawn.figure)))
                if let table = drawn.table { units.append(.table(prepareTable(table))) }
            case .keyFigures(let k):
                units.append(.boxGroup(prepareTiles(k)))
            case .pageBreak:
                units.append(.pageBreak)
            case .tableOfContents(let toc):
                var entries: [(Int, String, String)] = []
                for (j, b) in document.blocks.enumerated() where j > i {
                    if let h = b.heading, h.level <= toc.maxLevel {
                        entries.append((h.level, h.text, headingDests[j] ?? "h-\(j)"))
                    }
                }
                units.append(.toc(MeasuredTOC(toc: toc, entries: entries.map { (level: $0.0, text: $0.1, dest: $0.2) },
                                          spaceAfter: 14)))
            case .definitions(let d):
                units.append(.definitions(prepareDefinitions(d, dest: headingDests[i] ?? "h-\(i)")))
            }
        }
        return units
    }

    /// The notes the text measured since the last call referenced: they go with that text.
    func takeNotes() -> [MeasuredText] {
        defer { pendingNotes = [] }
        return pendingNotes
    }

    func makeLayout(_ pieces: [TextPiece], _ style: TextStyle, width: Double?) -> TextLayout {
        TextLayout(fonts: fonts, pieces: pieces, style: style, width: width)
    }

    func hyphenate(_ s: String) -> String { hyphenator?.hyphenate(s) ?? s }

    func pieces(_ runs: [Inline]) -> [TextPiece] {
        var out: [TextPiece] = []
        for run in runs {
            switch run {
            case .styled(let s, let bold, let italic):
                out.append(TextPiece(text: hyphenate(s), bold: bold, italic: italic))
            case .link(let s, .url(let url)):
                out.append(TextPiece(text: s, role: .link(.uri(url), description: "\(s) (\(url))"),
                                     color: theme.linkColor, underline: true))
            case .link(let s, .internal(let target)):
                let title = headingTexts[target] ?? target
                let description = vocabulary.isGerman ? "\(s) (Verweis auf Abschnitt „\(title)“)"
                                                      : "\(s) (link to section “\(title)”)"
                out.append(TextPiece(text: hyphenate(s), role: .link(.dest(target), description: description),
                                     color: theme.linkColor, underline: true))
            case .span(let s, let lang):
                out.append(TextPiece(text: s, role: .foreign(lang: lang)))
            case .footnote(let note):
                counters.notes += 1
                let n = counters.notes
                let dest = "note-\(n)"
                out.append(TextPiece(text: "\(n)", superscript: true,
                                     role: .noteReference(dest: dest, description: vocabulary.noteLink(n)),
                                     color: theme.linkColor))
                let style = TextStyle(size: theme.noteSize, color: theme.mutedColor, lineSpacing: 1.05)
                let layout = makeLayout([TextPiece(text: "\(n)\u{2002}", bold: true), TextPiece(text: hyphenate(note))],
                                        style, width: theme.contentWidth)
                pendingNotes.append(MeasuredText(layout: layout.shaped, x: theme.contentLeft,
                                             container: StructureTag("Note", id: dest),
                                             spaceBefore: 0, spaceAfter: 3, dest: dest))
            }
        }
        return out
    }

    func prepareList(_ list: List, indent: Double, depth: Int) -> MeasuredList {
        let labelWidth = list.ordered ? 20.0 : 14.0
        let bodyX = theme.contentLeft + indent + labelWidth
        var items: [MeasuredListItem] = []
        for (n, item) in list.items.enumerated() {
            let labelText: String
            if list.ordered {
                labelText = depth % 2 == 0 ? "\(n + 1)." : "\(String(UnicodeScalar(UInt8(97 + n % 26))))\u{29}"
            } else {
                labelText = depth % 2 == 0 ? "\u{2022}" : "\u{2013}"
            }
            let label = makeLayout([TextPiece(text: labelText)],
                                   TextStyle(size: theme.bodySize, color: theme.bodyColor, lineSpacing: theme.lineSpacing),
                                   width: nil)
            let body = makeLayout(pieces(item.runs),
                                  TextStyle(size: theme.bodySize, color: theme.bodyColor, lineSpacing: theme.lineSpacing),
                                  width: theme.contentWidth - indent - labelWidth)
            let container = StructureTag(item.sublist == nil ? "LBody" : "P")
            let notes = takeNotes()
            let sub = item.sublist.map { prepareList($0, indent: indent + labelWidth, depth: depth + 1) }
            items.append(MeasuredListItem(label: label.shaped, labelX: theme.contentLeft + indent, body:
                MeasuredText(layout: body.shaped, x: bodyX, container: container, spaceBefore: 0, spaceAfter: 3, notes: notes), sublist: sub))
        }
        return MeasuredList(items: items, spaceBefore: depth == 0 ? 2 : 0, spaceAfter: depth == 0 ? theme.paragraphSpacing + 2 : 0)
    }

    func prepareFigure(_ figure: Figure) -> MeasuredBox {
        counters.figures += 1
        let d = figure.drawing
        // Never wider than the column, never taller than a page with room for the caption.
        let maxHeight = theme.contentBottom - theme.contentTop - 80
        let scale = min(1.0, theme.contentWidth / d.width, maxHeight / d.height)
        let x0 = theme.contentLeft
        let label = "\(vocabulary.figureLabel) \(counters.figures)"
        let attachment = figure.data.map {
            TagAttachment(name: vocabulary.attachmentName(vocabulary.figureLabel, counters.figures),
                          description: figure.caption.map { label + ": " + $0 } ?? label, content: .dataset($0))
        }
        var ops: [PageOp] = [.begin(StructureTag("Div")), .begin(StructureTag("Figure", alt: figure.alt, attachment: attachment))]
        ops += drawingOps(d, fonts: fonts, x0: x0, y0: 0, scale: scale)
        ops.append(.end)
        var height = d.height * scale
        if let caption = figure.caption {
            let layout = makeLayout([TextPiece(text: "\(vocabulary.figureLabel) \(counters.figures): ", bold: true),
                                     TextPiece(text: hyphenate(caption))],
                                    TextStyle(size: theme.smallSize + 0.5, color: theme.bodyColor, lineSpacing: 1.05),
                                    width: theme.contentWidth)
            height += 6
            ops.append(.begin(StructureTag("Caption")))
            ops += glyphOps(layout, x: x0, y: height)
            ops.append(.end)
            height += layout.height
        }
        ops.append(.end)
        return MeasuredBox(ops: ops, height: height, spaceBefore: 10, spaceAfter: 16)
    }

    /// A filled arrow about 8 pt long: up, down, or pointing right for „unchanged“.
    static func arrow(_ trend: KeyFigure.Trend, centreX cx: Double, centreY cy: Double) -> Shape {
        let half = 4.0, head = 3.6, shaft = 1.0
        // Drawn pointing up around (0, 0), then turned.
        let up: [(Double, Double)] = [(0, -half), (head, -half + head), (shaft, -half + head), (shaft, half),
                                      (-shaft, half), (-shaft, -half + head), (-head, -half + head)]
        let turned: [(x: Double, y: Double)] = up.map { p in
            switch trend {
            case .up: return (cx + p.0, cy + p.1)
            case .down: return (cx + p.0, cy - p.1)
            case .unchanged: return (cx - p.1, cy + p.0)
            }
        }
        return .rings([turned])
    }
}
