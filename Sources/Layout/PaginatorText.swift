import Document
import Foundation

/// Paragraphs, notes and lists on pages: two lines on either side of a break (all of a paragraph of
/// three lines or fewer), footnotes at the foot of the page of their reference, one leaf element
/// per run of text (Cairo marks only leaves).
extension Paginator {

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
    func placeText(_ t: MeasuredText, onStart: ((Double) -> Void)? = nil) {
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
    func emitNotes(_ notes: [MeasuredText]) {
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
    func emitLeaves(_ t: ShapedText, x: Double, y: Double, lines: Range<Int>) {
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
                emit(.glyphs(PlacedRun(glyphs: run.glyphs, x: x + run.x,
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

    func placeList(_ l: MeasuredList) {
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
}
