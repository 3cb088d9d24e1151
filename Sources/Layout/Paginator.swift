import CPangoCairo
import Document
import Foundation

/// Places measured units on A4 pages: keeps headings with what follows, avoids orphan and
/// widow lines, repeats table headers, never splits rows, figures or tiles, then adds the
/// page furniture (header, footer with "page X of Y") once the page count is known.
final class Paginator {
    let theme: Theme
    let fonts: FontEnvironment
    let document: Document
    let vocabulary: Vocabulary
    /// Page of every heading destination from the previous pass (nil in the first pass).
    let knownPages: [String: Int]?

    var pages: [LaidOutPage] = [LaidOutPage()]
    var y: Double
    var atTop = true
    var pendingSpace = 0.0
    /// Headings as placed so far (after `place`: all of them).
    private(set) var headings: [PlacedHeading] = []
    var sectLevels: [Int] = []
    /// Prefix of destination names in the current section (see `MeasuredBlock.section`).
    var destPrefix = ""
    /// A section's facts file, waiting for the section's first Sect element.
    var sectionData: BriefingData?
    /// Footnotes on the current page: the ranges of their ops in the page (moved up as notes are
    /// added below them) and the height they take at the foot of the page.
    var pageNoteOps: [Range<Int>] = []
    var notesHeight = 0.0
    /// Space between the text and the rule above the notes, and under the rule.
    let noteGap = 10.0, noteRuleGap = 6.0

    init(theme: Theme, fonts: FontEnvironment, document: Document, vocabulary: Vocabulary, knownPages: [String: Int]?) {
        self.theme = theme
        self.fonts = fonts
        self.document = document
        self.vocabulary = vocabulary
        self.knownPages = knownPages
        y = theme.contentTop
    }

    // MARK: flow primitives

    var top: Double { theme.contentTop }
    /// The foot of the text: above the page's footnotes.
    var bottom: Double { theme.contentBottom - notesHeight }

    func emit(_ op: PageOp) { pages[pages.count - 1].ops.append(destPrefix.isEmpty ? op : prefixed(op)) }
    func emit(_ ops: [PageOp]) {
        pages[pages.count - 1].ops.append(contentsOf: destPrefix.isEmpty ? ops : ops.map(prefixed))
    }

    /// `op` with the section's prefix on the destination names it defines or points to.
    func prefixed(_ op: PageOp) -> PageOp {
        switch op {
        case .destination(let name, let x, let y): return .destination(name: destPrefix + name, x: x, y: y)
        case .begin(var tag):
            if let id = tag.id { tag.id = destPrefix + id }
            if case .dest(let name)? = tag.link { tag.link = .dest(destPrefix + name) }
            if let attachment = tag.attachment { tag.attachment?.name = destPrefix + attachment.name }
            return .begin(tag)
        case .end, .glyphs, .shape: return op
        }
    }

    func newPage() {
        pages.append(LaidOutPage())
        y = top
        atTop = true
        pendingSpace = 0
        pageNoteOps = []
        notesHeight = 0
    }

    func requestSpace(_ s: Double) { if !atTop { pendingSpace = max(pendingSpace, s) } }

    /// Whether `h` fits below the cursor (after pending space). Always true at the page top.
    func fits(_ h: Double) -> Bool { atTop || y + pendingSpace + h <= bottom + 0.01 }

    /// Commits pending space and returns the top of the next content.
    func startContent() -> Double {
        if !atTop { y += pendingSpace }
        pendingSpace = 0
        return y
    }

    func advance(to newY: Double) {
        y = newY
        atTop = false
    }

    // MARK: run

    func run(_ units: [MeasuredBlock]) -> LaidOutDocument {
        place(units)
        return finish()
    }

    /// Places the units on pages; `finish` adds the page furniture. A pass whose page numbers only
    /// feed the next pass (table of contents) needs no furniture.
    func place(_ units: [MeasuredBlock]) {
        emit(.begin(StructureTag("Document", attachment: document.data.map(vocabulary.briefingAttachment))))
        for (i, unit) in units.enumerated() {
            place(unit, following: Array(units.dropFirst(i + 1).prefix(3)))
        }
        while !sectLevels.isEmpty { emit(.end); sectLevels.removeLast() }
        emit(.end)
    }

    func finish() -> LaidOutDocument {
        addFurniture()
        return LaidOutDocument(pageWidth: theme.pageWidth, pageHeight: theme.pageHeight, pages: pages,
                               headings: headings, metadata: document.metadata, pdfStandard: document.settings.pdfStandard)
    }

    func place(_ unit: MeasuredBlock, following: [MeasuredBlock]) {
        switch unit {
        case .heading(let h): placeHeading(h, following: following)
        case .text(let t):
            if let next = following.first, case .table = next, t.layout.lines.count <= 4 {
                requestSpace(t.spaceBefore)
                if !fits(leadHeight([unit, next])) { newPage() }
            }
            placeText(t)
        case .list(let l): placeList(l)
        case .table(let t): placeTable(t)
        case .box(let b): placeBox(b)
        case .boxGroup(let g): placeBoxGroup(g)
        case .pageBreak: if !atTop { newPage() }
        case .toc(let t): placeTOC(t)
        case .definitions(let d): placeDefinitions(d, following: following)
        case .appendixReference(let t):
            // The link points at the pack's appendix, outside this section: its name is not prefixed.
            let prefix = destPrefix
            destPrefix = ""
            placeText(t)
            destPrefix = prefix
        case .section(let prefix, let data):
            if !atTop { newPage() }
            destPrefix = prefix
            sectionData = data
        }
    }

    /// Height that must fit on the current page together with a preceding heading.
    func leadHeight(_ units: [MeasuredBlock]) -> Double {
        guard let unit = units.first else { return 0 }
        switch unit {
        case .heading(let h):
            // A heading followed by a heading: both, plus the start of what follows them.
            return h.layout.height + theme.headingSpaceAfter[h.level - 1] + leadHeight(Array(units.dropFirst()))
        case .text(let t):
            // A short paragraph (up to four lines) that introduces a table stays with the table's start.
            if units.count > 1, case .table = units[1], t.layout.lines.count <= 4 {
                return t.layout.height + max(t.spaceAfter, 0) + leadHeight([units[1]])
            }
            // A one- or two-line paragraph is too little to hold a heading at the page bottom
            // (easy-read sections are sequences of one-line paragraphs): the start of the next
            // paragraph or list must fit as well.
            guard t.layout.lines.count < 3, units.count > 1 else { return t.leadHeight }
            switch units[1] {
            case .text, .list: return t.layout.height + max(t.spaceAfter, 0) + leadHeight([units[1]])
            default: return t.leadHeight
            }
        case .list(let l): return l.items.first.map { $0.body.leadHeight } ?? 0
        case .table(let t):
            return (t.caption.map { $0.layout.height + $0.spaceAfter } ?? 0) + t.headerHeight + t.leadRowsHeight
        case .box(let b): return b.height + b.spaceBefore
        case .boxGroup(let g): return (g.rows.first?.height ?? 0) + g.spaceBefore
        case .pageBreak: return 0
        case .toc: return 40
        case .definitions(let d):
            let first = d.intro ?? d.entries.first?.text
            return d.heading.layout.height + theme.headingSpaceAfter[d.heading.level - 1] + (first?.leadHeight ?? 0)
        case .appendixReference(let t): return t.leadHeight
        case .section: return 0
        }
    }

    // MARK: headings

    func placeHeading(_ h: MeasuredHeading, following: [MeasuredBlock]) {
        let level = h.level
        requestSpace(theme.headingSpaceBefore[level - 1])
        let needed = h.layout.height + theme.headingSpaceAfter[level - 1] + leadHeight(following)
        if !fits(needed) { newPage() }
        if level <= 2 {
            while let last = sectLevels.last, last >= level { emit(.end); sectLevels.removeLast() }
            emit(.begin(StructureTag("Sect", attachment: sectionData.map(vocabulary.briefingAttachment))))
            sectionData = nil
            sectLevels.append(level)
        }
        let top = startContent()
        emit(.destination(name: h.dest, x: theme.contentLeft, y: max(0, top - 6)))
        emit(.begin(StructureTag("H\(level)")))
        emit(glyphOps(h.layout, x: theme.contentLeft, y: top))
        emit(.end)
        if level == 1 {
            // A short rule under the document title: decoration, so page furniture.
            let ruleY = top + h.layout.height + 5
            emit(.begin(.furniture))
            emit(.shape(.rect(x: theme.contentLeft, y: ruleY, width: 48, height: 2.5), fill: theme.ruleColor,
                        stroke: nil, lineWidth: 0))
            emit(.end)
            advance(to: ruleY + 2.5)
        } else {
            advance(to: top + h.layout.height)
        }
        headings.append(PlacedHeading(level: level, text: h.text, dest: destPrefix + h.dest, page: pages.count))
        pendingSpace = theme.headingSpaceAfter[level - 1]
    }

    // MARK: boxes (figures, tiles)

    func placeBox(_ b: MeasuredBox) {
        requestSpace(b.spaceBefore)
        if !fits(b.height) { newPage() }
        let topY = startContent()
        emit(b.ops.map { $0.translated(dx: 0, dy: topY) })
        advance(to: topY + b.height)
        requestSpace(b.spaceAfter)
    }

    func placeBoxGroup(_ g: MeasuredBoxGroup) {
        requestSpace(g.spaceBefore)
        if let first = g.rows.first, !fits(first.height) { newPage() }
        emit(.begin(g.open))
        for row in g.rows {
            var b = row
            b.spaceBefore = g.gap
            placeBox(b)
        }
        emit(.end)
        requestSpace(g.spaceAfter)
    }

    // MARK: definitions

    func placeDefinitions(_ d: MeasuredDefinitions, following: [MeasuredBlock]) {
        let first: [MeasuredBlock] = [d.intro ?? d.entries.first?.text].compactMap { $0 }.map { .text($0) }
        placeHeading(d.heading, following: first)
        if let intro = d.intro { placeText(intro) }
        for (i, entry) in d.entries.enumerated() {
            // The closing lines (the shared source) go with the last entry, never alone on a page.
            if i == d.entries.count - 1, !d.closing.isEmpty {
                let closing = d.closing.reduce(entry.text.layout.height + entry.text.spaceAfter) { $0 + $1.layout.height + $1.spaceAfter }
                if !fits(closing) { newPage() }
            }
            placeText(entry.text)
        }
        for line in d.closing { placeText(line) }
        requestSpace(theme.paragraphSpacing)
    }

}
