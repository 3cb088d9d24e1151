import Document
import Foundation

/// Tables on pages: caption and header kept with the first rows, three rows on either side of a
/// break, the header repeated as furniture, stripes, group rows, marks and the note after the last row.
extension Paginator {

    func placeTable(_ t: MeasuredTable) {
        requestSpace(t.spaceBefore)
        if !tableStartsHere(t) { newPage() }
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
            guard let k = rowsOnThisPage(t, from: r, top: topY, firstChunk: firstChunk) else { newPage(); continue }
            emit(.begin(.furniture))
            emit(tableDecoration(t, rows: r..<(r + k), top: topY))
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
            advance(to: emitRows(t, r..<(r + k), top: topY + t.headerHeight))
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

    /// Whether the table may start on this page: its caption, header and first rows fit, and a break
    /// would leave at least three rows on either side — where the rows that fit here cannot give up
    /// enough to leave three for the next page and keep three, the table starts there.
    private func tableStartsHere(_ t: MeasuredTable) -> Bool {
        let captionHeight = t.caption.map { $0.layout.height + $0.spaceAfter } ?? 0
        guard fits(captionHeight + t.headerHeight + t.leadRowsHeight) else { return false }
        guard !atTop else { return true }
        let room = bottom - y - pendingSpace - captionHeight - t.headerHeight
        var fitting = 0, height = 0.0
        while fitting < t.rows.count, height + t.rowHeights[fitting] <= room + 0.01 {
            height += t.rowHeights[fitting]
            fitting += 1
        }
        return !(fitting < t.rows.count && min(fitting, t.rows.count - MeasuredTable.leadRows) < MeasuredTable.leadRows)
    }

    /// How many rows from `r` go on the page whose table part starts at `top`; nil: none fit, start
    /// a new page.
    private func rowsOnThisPage(_ t: MeasuredTable, from r: Int, top: Double, firstChunk: Bool) -> Int? {
        let avail = bottom - top - t.headerHeight
        var k = 0, h = 0.0
        while r + k < t.rows.count, h + t.rowHeights[r + k] <= avail + 0.01 {
            h += t.rowHeights[r + k]
            k += 1
        }
        if k == 0 && r < t.rows.count {
            if !atTop && !firstChunk { return nil }
            k = 1  // a row taller than a page: place it anyway rather than loop forever
            h = t.rowHeights[r]
        }
        // At least three rows on the next page: this page gives up rows while it keeps three.
        let left = t.rows.count - (r + k)
        if left > 0, left < MeasuredTable.leadRows {
            let give = min(MeasuredTable.leadRows - left, max(0, k - MeasuredTable.leadRows))
            for _ in 0..<give { k -= 1; h -= t.rowHeights[r + k] }
        }
        // The note goes with the last rows: when it would not fit under them, the last three
        // rows move to the next page with it (a note alone at the top of a page explains nothing).
        if let note = t.note, r + k == t.rows.count, k >= 2 * MeasuredTable.leadRows,
           h + note.spaceBefore + note.leadHeight > avail + 0.01 {
            for _ in 0..<MeasuredTable.leadRows { k -= 1; h -= t.rowHeights[r + k] }
        }
        // A group's heading row goes with the rows it heads.
        while k > 1, r + k < t.rows.count, t.headingRows.contains(r + k - 1) {
            k -= 1
            h -= t.rowHeights[r + k]
        }
        return k
    }

    /// Header band, stripes and rules of the rows on one page: page furniture.
    private func tableDecoration(_ t: MeasuredTable, rows: Range<Int>, top topY: Double) -> [PageOp] {
        var deco: [PageOp] = []
        deco.append(.shape(.rect(x: t.columnX[0], y: topY, width: t.width, height: t.headerHeight),
                           fill: theme.tableHeaderBackground, stroke: nil, lineWidth: 0))
        deco.append(.shape(.polyline([(t.columnX[0], topY + t.headerHeight), (t.columnX[0] + t.width, topY + t.headerHeight)]),
                           fill: nil, stroke: theme.ruleColor, lineWidth: 1))
        var rowY = topY + t.headerHeight
        var stripe = t.headingRows.isEmpty ? rows.lowerBound % 2 : 0
        for i in rows {
            // Stripes count the rows of a group from its heading; heading rows are never striped.
            if t.headingRows.contains(i) {
                if i > rows.lowerBound {
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
        return deco
    }

    /// The tagged rows, from `top`; returns where the last one ends.
    private func emitRows(_ t: MeasuredTable, _ rows: Range<Int>, top: Double) -> Double {
        var rowY = top
        for i in rows {
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
        return rowY
    }

    func headerRowOps(_ t: MeasuredTable, y: Double, tagged: Bool) -> [PageOp] {
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
}
