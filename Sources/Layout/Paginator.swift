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

    private var pages: [LaidOutPage] = [LaidOutPage()]
    private var y: Double
    private var atTop = true
    private var pendingSpace = 0.0
    /// Headings as placed so far (after `place`: all of them).
    private(set) var headings: [PlacedHeading] = []
    private var sectLevels: [Int] = []
    /// Prefix of destination names in the current section (see `Unit.section`).
    private var destPrefix = ""
    /// A section's facts file, waiting for the section's first Sect element.
    private var sectionData: BriefingData?
    /// Footnotes on the current page: the ranges of their ops in the page (moved up as notes are
    /// added below them) and the height they take at the foot of the page.
    private var pageNoteOps: [Range<Int>] = []
    private var notesHeight = 0.0
    /// Space between the text and the rule above the notes, and under the rule.
    private let noteGap = 10.0, noteRuleGap = 6.0

    init(theme: Theme, fonts: FontEnvironment, document: Document, vocabulary: Vocabulary, knownPages: [String: Int]?) {
        self.theme = theme
        self.fonts = fonts
        self.document = document
        self.vocabulary = vocabulary
        self.knownPages = knownPages
        y = theme.contentTop
    }

    // MARK: flow primitives

    private var top: Double { theme.contentTop }
    /// The foot of the text: above the page's footnotes.
    private var bottom: Double { theme.contentBottom - notesHeight }

    private func emit(_ op: PageOp) { pages[pages.count - 1].ops.append(destPrefix.isEmpty ? op : prefixed(op)) }
    private func emit(_ ops: [PageOp]) {
        pages[pages.count - 1].ops.append(contentsOf: destPrefix.isEmpty ? ops : ops.map(prefixed))
    }

    /// `op` with the section's prefix on the destination names it defines or points to.
    private func prefixed(_ op: PageOp) -> PageOp {
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

    private func newPage() {
        pages.append(LaidOutPage())
        y = top
        atTop = true
        pendingSpace = 0
        pageNoteOps = []
        notesHeight = 0
    }

    private func requestSpace(_ s: Double) { if !atTop { pendingSpace = max(pendingSpace, s) } }

    /// Whether `h` fits below the cursor (after pending space). Always true at the page top.
    private func fits(_ h: Double) -> Bool { atTop || y + pendingSpace + h <= bottom + 0.01 }

    /// Commits pending space and returns the top of the next content.
    private func startContent() -> Double {
        if !atTop { y += pendingSpace }
        pendingSpace = 0
        return y
    }

    private func advance(to newY: Double) {
        y = newY
        atTop = false
    }

    // MARK: run

    func run(_ units: [Unit]) -> LaidOutDocument {
        place(units)
        return finish()
    }

    /// Places the units on pages; `finish` adds the page furniture. A pass whose page numbers only
    /// feed the next pass (table of contents) needs no furniture.
    func place(_ units: [Unit]) {
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

    private func place(_ unit: Unit, following: [Unit]) {
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
    private func leadHeight(_ units: [Unit]) -> Double {
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

    private func placeHeading(_ h: HeadingUnit, following: [Unit]) {
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

    // MARK: text with orphan/widow control

    /// Splits lines into page chunks: the first chunk on the current page (or, when
    /// `newPageFirst`, on the next), every further chunk on a fresh page. At least two lines
    /// stay at a page bottom and two go to the next page; a paragraph of three lines or fewer
    /// is never split.
    func planChunks(_ lines: [LineMetrics], spaceBefore: Double) -> (newPageFirst: Bool, chunks: [Range<Int>]) {
        let n = lines.count
        guard n > 0 else { return (false, [0..<0]) }
        var avail = atTop ? bottom - y : bottom - y - max(pendingSpace, spaceBefore)
        var fresh = atTop
        var newPageFirst = false
        var chunks: [Range<Int>] = []
        var i = 0
        while i < n {
            var k = 0
            while i + k < n, lines[i + k].bottom - lines[i].top <= avail + 0.01 { k += 1 }
            let remaining = n - i
            if k >= remaining { chunks.append(i..<n); break }
            var take = min(k, remaining - 2)
            if take < 2 { take = 0 }
            if take == 0 {
                if fresh {
                    take = max(1, k)  // a page cannot hold the rule-abiding minimum: break anyway
                } else {
                    if chunks.isEmpty { newPageFirst = true }
                    fresh = true
                    avail = bottom - top
                    continue
                }
            }
            chunks.append(i..<(i + take))
            i += take
            fresh = true
            avail = bottom - top
        }
        return (newPageFirst, chunks)
    }

    /// Places a text unit; `onStart` runs once the first line's page and position are known
    /// (list items draw their label there).
    private func placeText(_ t: TextUnit, onStart: ((Double) -> Void)? = nil) {
        requestSpace(t.spaceBefore)
        let lines = t.layout.lines
        // A text with footnotes starts where its first lines and its notes fit on one page: the notes
        // stand at the foot of the page their reference is on.
        let noteRoom = t.notes.isEmpty ? 0 : t.notes.reduce(pageNoteOps.isEmpty ? noteGap + noteRuleGap : 0) {
            $0 + $1.layout.height + $1.spaceAfter
        }
        if noteRoom > 0, !fits(t.leadHeight + noteRoom) { newPage() }
        notesHeight += noteRoom
        let plan = planChunks(lines, spaceBefore: t.spaceBefore)
        if plan.newPageFirst {
            notesHeight -= noteRoom
            newPage()
            notesHeight += t.notes.reduce(noteGap + noteRuleGap) { $0 + $1.layout.height + $1.spaceAfter }
        }
        let leafMode = t.allPlain && plan.chunks.count == 1
        var first = true
        for chunk in plan.chunks {
            if !first { newPage() }
            let topY = startContent()
            let lineTop = chunk.isEmpty ? 0 : lines[chunk.lowerBound].top
            let originY = topY - lineTop
            if first {
                onStart?(originY)
                if let dest = t.dest { emit(.destination(name: dest, x: t.x, y: max(0, topY - 4))) }
                emit(.begin(t.container))
            }
            if leafMode {
                emit(glyphOps(t.layout, x: t.x, y: originY, lines: chunk))
            } else {
                emitLeaves(t.layout, x: t.x, y: originY, lines: chunk)
            }
            advance(to: chunk.isEmpty ? topY : originY + lines[chunk.upperBound - 1].bottom)
            // The notes follow their text in the reading order (inside it: a Note is inline content)
            // and stand at the foot of this page.
            if first, !t.notes.isEmpty { emitNotes(t.notes) }
            first = false
        }
        emit(.end)
        requestSpace(t.spaceAfter)
    }

    /// Places notes at the foot of the current page, under the ones already there (moved up to make
    /// room), with a short rule above the first. Their room is already reserved in `notesHeight`.
    private func emitNotes(_ notes: [TextUnit]) {
        let height = notes.reduce(0) { $0 + $1.layout.height + $1.spaceAfter }
        var ops = pages[pages.count - 1].ops
        for range in pageNoteOps {
            for i in range { ops[i] = ops[i].translated(dx: 0, dy: -height) }
        }
        pages[pages.count - 1].ops = ops
        let start = ops.count
        var noteY = theme.contentBottom - height
        if pageNoteOps.isEmpty {
            let ruleY = noteY - noteRuleGap
            emit(.begin(.furniture))
            emit(.shape(.polyline([(theme.contentLeft, ruleY), (theme.contentLeft + 60, ruleY)]), fill: nil,
                        stroke: theme.hairlineColor, lineWidth: 0.75))
            emit(.end)
        }
        for note in notes {
            if let dest = note.dest { emit(.destination(name: dest, x: note.x, y: max(0, noteY - 4))) }
            emit(.begin(note.container))
            emit(glyphOps(note.layout, x: note.x, y: noteY))
            emit(.end)
            noteY += note.layout.height + note.spaceAfter
        }
        pageNoteOps.append(start..<pages[pages.count - 1].ops.count)
    }

    /// Text of a container with structure: each run of plain text, link, foreign-language
    /// passage or note reference becomes its own leaf element (Cairo marks only leaves).
    private func emitLeaves(_ t: TextLayout, x: Double, y: Double, lines: Range<Int>) {
        var currentKey: String?
        for li in lines {
            for run in t.runs[li] {
                let role = t.role(ofSegment: run.segment)
                let key: String
                let tag: StructureTag
                switch role {
                case .plain:
                    key = "plain"; tag = StructureTag("Span")
                case .foreign(let lang):
                    key = "lang\(run.segment)"; tag = StructureTag("Span", lang: lang)
                case .link(let target, let description):
                    // One Link element per line, so each annotation covers just its words.
                    key = "link\(run.segment).\(li)"; tag = StructureTag("Link", alt: description, link: target)
                case .noteReference(let dest, let description):
                    key = "note\(run.segment)"; tag = StructureTag("Link", alt: description, link: .dest(dest))
                }
                if key != currentKey {
                    if currentKey != nil { emit(.end) }
                    emit(.begin(tag))
                    currentKey = key
                }
                let line = t.lines[li]
                emit(.glyphs(PlacedRun(layout: t, line: li, run: run.index, x: x + run.x,
                                       baseline: y + line.baseline - run.rise, color: t.color(ofSegment: run.segment))))
                if t.isUnderlined(segment: run.segment) {
                    let uy = y + line.baseline + t.style.size * 0.14
                    emit(.shape(.polyline([(x + run.x, uy), (x + run.x + run.width, uy)]), fill: nil,
                                stroke: t.color(ofSegment: run.segment), lineWidth: 0.6))
                }
            }
        }
        if currentKey != nil { emit(.end) }
    }

    // MARK: lists

    private func placeList(_ l: ListUnit) {
        requestSpace(l.spaceBefore)
        emit(.begin(StructureTag("L")))
        for item in l.items {
            let hasSub = item.sublist != nil
            var body = item.body
            body.spaceBefore = 0
            placeText(body) { [self] originY in
                emit(.begin(StructureTag("LI")))
                emit(.begin(StructureTag("Lbl")))
                let baseline = item.body.layout.lines.first?.baseline ?? 0
                let labelBaseline = item.label.lines.first?.baseline ?? 0
                emit(glyphOps(item.label, x: item.labelX, y: originY + baseline - labelBaseline))
                emit(.end)
                if hasSub { emit(.begin(StructureTag("LBody"))) }
            }
            if let sub = item.sublist {
                placeList(sub)
                emit(.end)  // LBody
            }
            emit(.end)  // LI
        }
        emit(.end)
        requestSpace(l.spaceAfter)
    }

    // MARK: tables

    private func placeTable(_ t: TableUnit) {
        requestSpace(t.spaceBefore)
        let captionHeight = t.caption.map { $0.layout.height + $0.spaceAfter } ?? 0
        if !fits(captionHeight + t.headerHeight + t.leadRowsHeight) {
            newPage()
        } else if !atTop {
            // A break leaves at least three rows on either side: where the rows that fit here cannot
            // give up enough to leave three for the next page and keep three, the table starts there.
            let room = bottom - y - pendingSpace - captionHeight - t.headerHeight
            var fitting = 0, height = 0.0
            while fitting < t.rows.count, height + t.rowHeights[fitting] <= room + 0.01 {
                height += t.rowHeights[fitting]
                fitting += 1
            }
            if fitting < t.rows.count, min(fitting, t.rows.count - TableUnit.leadRows) < TableUnit.leadRows { newPage() }
        }
        emit(.begin(StructureTag("Table", attachment: t.attachment)))
        if let caption = t.caption {
            let topY = startContent()
            emit(.begin(caption.container))
            emit(glyphOps(caption.layout, x: caption.x, y: topY))
            emit(.end)
            advance(to: topY + caption.layout.height + caption.spaceAfter)
        }
        var r = 0
        var firstChunk = true
        while firstChunk || r < t.rows.count {
            let topY = startContent()
            let avail = bottom - topY - t.headerHeight
            var k = 0, h = 0.0
            while r + k < t.rows.count, h + t.rowHeights[r + k] <= avail + 0.01 {
                h += t.rowHeights[r + k]
                k += 1
            }
            if k == 0 && r < t.rows.count {
                if !atTop && !firstChunk { newPage(); continue }
                k = 1  // a row taller than a page: place it anyway rather than loop forever
                h = t.rowHeights[r]
            }
            // At least three rows on the next page: this page gives up rows while it keeps three.
            let left = t.rows.count - (r + k)
            if left > 0, left < TableUnit.leadRows {
                let give = min(TableUnit.leadRows - left, max(0, k - TableUnit.leadRows))
                for _ in 0..<give { k -= 1; h -= t.rowHeights[r + k] }
            }
            // The note goes with the last rows: when it would not fit under them, the last three
            // rows move to the next page with it (a note alone at the top of a page explains nothing).
            if let note = t.note, r + k == t.rows.count, k >= 2 * TableUnit.leadRows,
               h + note.spaceBefore + note.leadHeight > avail + 0.01 {
                for _ in 0..<TableUnit.leadRows { k -= 1; h -= t.rowHeights[r + k] }
            }
            // A group's heading row goes with the rows it heads.
            while k > 1, r + k < t.rows.count, t.headingRows.contains(r + k - 1) {
                k -= 1
                h -= t.rowHeights[r + k]
            }
            // Decoration (header band, stripes, rules) and, on continuation pages, the
            // repeated header row: all page furniture.
            var deco: [PageOp] = []
            deco.append(.shape(.rect(x: t.columnX[0], y: topY, width: t.width, height: t.headerHeight),
                               fill: theme.tableHeaderBackground, stroke: nil, lineWidth: 0))
            deco.append(.shape(.polyline([(t.columnX[0], topY + t.headerHeight), (t.columnX[0] + t.width, topY + t.headerHeight)]),
                               fill: nil, stroke: theme.ruleColor, lineWidth: 1))
            var rowY = topY + t.headerHeight
            var stripe = t.headingRows.isEmpty ? r % 2 : 0
            for i in r..<(r + k) {
                // Stripes count the rows of a group from its heading; heading rows are never striped.
                if t.headingRows.contains(i) {
                    if i > r {
                        deco.append(.shape(.polyline([(t.columnX[0], rowY), (t.columnX[0] + t.width, rowY)]),
                                           fill: nil, stroke: theme.hairlineColor, lineWidth: 0.5))
                    }
                    stripe = 0
                    rowY += t.rowHeights[i]
                    continue
                }
                stripe += 1
                if stripe % 2 == 0 {
                    deco.append(.shape(.rect(x: t.columnX[0], y: rowY, width: t.width, height: t.rowHeights[i]),
                                       fill: theme.tableStripeBackground, stroke: nil, lineWidth: 0))
                }
                rowY += t.rowHeights[i]
            }
            deco.append(.shape(.polyline([(t.columnX[0], rowY), (t.columnX[0] + t.width, rowY)]),
                               fill: nil, stroke: theme.hairlineColor, lineWidth: 0.75))
            emit(.begin(.furniture))
            emit(deco)
            if !firstChunk { emit(headerRowOps(t, y: topY, tagged: false)) }
            emit(.end)
            if firstChunk {
                // A table without body rows has no THead either (PDF/UA: THead needs a TBody).
                if t.rows.isEmpty {
                    emit(headerRowOps(t, y: topY, tagged: true))
                } else {
                    emit(.begin(StructureTag("THead")))
                    emit(headerRowOps(t, y: topY, tagged: true))
                    emit(.end)
                    emit(.begin(StructureTag("TBody")))
                }
            }
            rowY = topY + t.headerHeight
            for i in r..<(r + k) {
                emit(.begin(StructureTag("TR")))
                for (j, cell) in t.rows[i].enumerated() {
                    emit(.begin(cell.tag))
                    emit(glyphOps(cell.layout, x: t.columnX[j] + cell.dx, y: rowY + t.paddingY))
                    if !cell.graphic.isEmpty { emit(cell.graphic.map { $0.translated(dx: t.columnX[j], dy: rowY) }) }
                    emit(.end)
                }
                emit(.end)
                rowY += t.rowHeights[i]
            }
            advance(to: rowY)
            r += k
            firstChunk = false
            if r < t.rows.count { newPage() }
        }
        if !t.rows.isEmpty { emit(.end) }  // TBody
        emit(.end)  // Table
        if let note = t.note {
            requestSpace(note.spaceBefore)
            placeText(note)
        }
        requestSpace(t.spaceAfter)
    }

    private func headerRowOps(_ t: TableUnit, y: Double, tagged: Bool) -> [PageOp] {
        var ops: [PageOp] = []
        if tagged { ops.append(.begin(StructureTag("TR"))) }
        for (j, cell) in t.header.enumerated() {
            if tagged { ops.append(.begin(cell.tag)) }
            // Header text sits at the bottom of the band, so wrapped titles align on their last line.
            let dy = t.headerHeight - 2 - t.paddingY - cell.layout.height
            ops += glyphOps(cell.layout, x: t.columnX[j] + cell.dx, y: y + dy)
            if tagged { ops.append(.end) }
        }
        if tagged { ops.append(.end) }
        return ops
    }

    // MARK: boxes (figures, tiles)

    private func placeBox(_ b: BoxUnit) {
        requestSpace(b.spaceBefore)
        if !fits(b.height) { newPage() }
        let topY = startContent()
        emit(b.ops.map { $0.translated(dx: 0, dy: topY) })
        advance(to: topY + b.height)
        requestSpace(b.spaceAfter)
    }

    private func placeBoxGroup(_ g: BoxGroupUnit) {
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

    // MARK: table of contents

    private func placeTOC(_ unit: TOCUnit) {
        let title = unit.toc.title ?? vocabulary.contentsTitle
        let titleLayout = TextLayout(fonts: fonts, pieces: [TextPiece(text: title)],
                                     style: TextStyle(size: theme.headingSizes[1], bold: true, color: theme.headingColor),
                                     width: theme.contentWidth)
        requestSpace(theme.headingSpaceBefore[1])
        if !fits(titleLayout.height + 40) { newPage() }
        var topY = startContent()
        // The TOC's title is a paragraph, not a heading: it would otherwise list itself.
        emit(.begin(StructureTag("TOC")))
        emit(.begin(StructureTag("Caption")))
        emit(glyphOps(titleLayout, x: theme.contentLeft, y: topY))
        emit(.end)
        advance(to: topY + titleLayout.height)
        requestSpace(10)
        let numberWidth = 36.0
        let minLevel = unit.entries.map(\.level).min() ?? 1
        for entry in unit.entries {
            let depth = entry.level - minLevel
            let indent = Double(depth) * 16
            let isMain = depth == 0
            let style = TextStyle(size: isMain ? theme.bodySize : theme.bodySize - 0.5, bold: isMain,
                                  color: theme.bodyColor, lineSpacing: theme.lineSpacing)
            let textLayout = TextLayout(fonts: fonts, pieces: [TextPiece(text: entry.text)], style: style,
                                        width: theme.contentWidth - indent - numberWidth - 12)
            let page = knownPages?[entry.dest].map(String.init) ?? "00"
            let numberLayout = TextLayout(fonts: fonts, pieces: [TextPiece(text: page)], style:
                TextStyle(size: style.size, bold: isMain, color: theme.bodyColor), width: nil)
            requestSpace(isMain ? 7 : 3)
            if !fits(textLayout.height) { newPage() }
            topY = startContent()
            let x = theme.contentLeft + indent
            let lastLine = textLayout.lines[textLayout.lines.count - 1]
            let numberX = theme.contentLeft + theme.contentWidth - numberLayout.width
            let numberY = topY + lastLine.baseline - (numberLayout.lines.first?.baseline ?? 0)
            emit(.begin(StructureTag("TOCI")))
            emit(.begin(StructureTag("Link", alt: vocabulary.isGerman ? "\(entry.text), Seite \(page)" : "\(entry.text), page \(page)",
                                     link: .dest(entry.dest))))
            emit(glyphOps(textLayout, x: x, y: topY))
            // Dot leaders from the end of the title to the page number (drawn, not text).
            var dotX = x + lastLine.x + (textLayout.runs[textLayout.lines.count - 1].last.map { $0.x + $0.width } ?? 0) + 6
            dotX = (dotX / 4).rounded(.up) * 4
            let dotY = topY + lastLine.baseline - 1
            while dotX < numberX - 6 {
                emit(.shape(.circle(cx: dotX, cy: dotY, r: 0.45), fill: theme.mutedColor, stroke: nil, lineWidth: 0))
                dotX += 4
            }
            emit(glyphOps(numberLayout, x: numberX, y: numberY))
            emit(.end)
            emit(.end)
            advance(to: topY + textLayout.height)
        }
        emit(.end)
        requestSpace(unit.spaceAfter)
    }

    // MARK: definitions

    private func placeDefinitions(_ d: DefinitionsUnit, following: [Unit]) {
        let first: [Unit] = [d.intro ?? d.entries.first?.text].compactMap { $0 }.map { .text($0) }
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

    // MARK: furniture

    private func addFurniture() {
        let total = pages.count
        let meta = document.metadata
        let dateText = meta.dateComponents.map { vocabulary.formatDate(year: $0.year, month: $0.month, day: $0.day) }
        let footerLeft = [meta.organisation ?? meta.author, dateText].compactMap { $0 }.joined(separator: " · ")
        let style = TextStyle(size: theme.furnitureSize, color: theme.mutedColor)
        // The same header and footer text on every page is shaped once.
        var shaped: [String: TextLayout] = [:]
        func layout(_ text: String, width: Double) -> TextLayout {
            if let known = shaped[text] { return known }
            let made = TextLayout(fonts: fonts, pieces: [TextPiece(text: text)], style: style, width: width)
            shaped[text] = made
            return made
        }
        for p in 0..<total {
            var ops: [PageOp] = [.begin(.furniture)]
            let headerText = p == 0 ? (meta.organisation ?? meta.title) : meta.title
            let header = layout(headerText, width: theme.contentWidth)
            let hb = header.lines.first?.baseline ?? 0
            ops += glyphOps(header, x: theme.contentLeft, y: theme.headerBaseline - hb)
            ops.append(.shape(.polyline([(theme.contentLeft, theme.headerBaseline + 7),
                                         (theme.contentLeft + theme.contentWidth, theme.headerBaseline + 7)]),
                              fill: nil, stroke: theme.ruleColor, lineWidth: p == 0 ? 1.5 : 0.6))
            let footerY = theme.footerBaseline
            ops.append(.shape(.polyline([(theme.contentLeft, footerY - 14),
                                         (theme.contentLeft + theme.contentWidth, footerY - 14)]),
                              fill: nil, stroke: theme.hairlineColor, lineWidth: 0.5))
            if !footerLeft.isEmpty {
                let left = layout(footerLeft, width: theme.contentWidth - 100)
                ops += glyphOps(left, x: theme.contentLeft, y: footerY - (left.lines.first?.baseline ?? 0))
            }
            let right = TextLayout(fonts: fonts, pieces: [TextPiece(text: vocabulary.pageOf(p + 1, total))],
                                   style: style, width: nil)
            ops += glyphOps(right, x: theme.contentLeft + theme.contentWidth - right.width,
                            y: footerY - (right.lines.first?.baseline ?? 0))
            ops.append(.end)
            // Page 1 opens with the Document element; the furniture goes inside it.
            let at = p == 0 ? 1 : 0
            pages[p].ops.insert(contentsOf: ops, at: at)
        }
    }
}
