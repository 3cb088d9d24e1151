import Document

// Tables measured for the page: column widths, decimal alignment, header titles and the graphic column.
extension Preparer {
    /// Header titles are never hyphenated while whole words in at most two lines fit; numbers align
    /// on the decimal separator (an integer's after its last digit); only captioned tables take a
    /// number („Tabelle 2“), so numbering has no gaps.
    func prepareTable(_ table: Table) -> MeasuredTable {
        if table.caption != nil { counters.tables += 1 }
        // An uncaptioned table's file is named after the numbered table before it („tabelle-2-1“):
        // unique, and stable when tables without captions come and go elsewhere.
        counters.unnumberedTables = table.caption == nil ? counters.unnumberedTables + 1 : 0
        return measureTable(table, size: theme.tableSize)
    }

    /// The table with its text at `size`. Where whole words do not fit the text column, the table is
    /// measured once more with its text up to 1.5 pt smaller before any header is hyphenated.
    private func measureTable(_ table: Table, size: Double) -> MeasuredTable {
        var m = TableMeasurement(self, table, size: size)
        let widths: [Double]
        if let fitted = m.fittedWidths() {
            widths = fitted
        } else if size > theme.tableSize - 1.5 {
            return measureTable(table, size: size - 0.5)
        } else {
            widths = m.hyphenatedWidths()
        }
        var xs: [Double] = []
        var x = theme.contentLeft
        for w in widths { xs.append(x); x += w }
        let headerCells = m.header(widths: widths)
        let rows = m.rows(widths: widths)
        let headerHeight = (headerCells.map { $0.layout.height }.max() ?? 0) + 2 * m.padY + 2
        return MeasuredTable(caption: tableCaption(table), attachment: tableAttachment(table), columnX: xs, columnWidths: widths,
                             header: headerCells, headerHeight: headerHeight, rows: rows.cells, rowHeights: rows.heights,
                             headingRows: rows.headingRows, note: tableNote(table),
                             paddingX: m.padX, paddingY: m.padY, spaceBefore: 8, spaceAfter: 14)
    }

    private func tableCaption(_ table: Table) -> MeasuredText? {
        guard let text = table.caption else { return nil }
        let layout = makeLayout([TextPiece(text: "\(vocabulary.tableLabel) \(counters.tables): ", bold: true),
                                 TextPiece(text: hyphenate(text))],
                                TextStyle(size: theme.smallSize + 0.5, color: theme.bodyColor, lineSpacing: 1.05),
                                width: theme.contentWidth)
        return MeasuredText(layout: layout.shaped, x: theme.contentLeft, container: StructureTag("Caption"),
                            spaceBefore: 0, spaceAfter: 5)
    }

    private func tableNote(_ table: Table) -> MeasuredText? {
        table.note.map { text in
            MeasuredText(layout: makeLayout([TextPiece(text: hyphenate(text))],
                                            TextStyle(size: theme.smallSize, color: theme.mutedColor, lineSpacing: 1.05),
                                            width: theme.contentWidth).shaped,
                         x: theme.contentLeft, container: StructureTag("P"), spaceBefore: 4, spaceAfter: 0)
        }
    }

    /// The table's values (or its cells as printed) as the file associated with its Table element.
    private func tableAttachment(_ table: Table) -> TagAttachment {
        let label = "\(vocabulary.tableLabel) \(counters.tables)"
        let name = vocabulary.attachmentName(vocabulary.tableLabel, counters.tables)
            + (table.caption == nil ? "-\(counters.unnumberedTables)" : "")
        return TagAttachment(
            name: name,
            description: table.caption.map { label + ": " + $0 } ?? (vocabulary.isGerman ? "Tabelle ohne Titel" : "Untitled table"),
            content: table.data.map { .dataset($0) } ?? .cells(columns: table.columns.map(\.title), rows: table.rows))
    }

    /// A row's range graphic, relative to the cell's top left: the range of all areas as a light bar
    /// with end ticks, the reference (city) as a dark tick, the row's value as a dot — a Figure with
    /// the mark's words as its alternative text, inside the cell.
    func rangeMarkOps(_ mark: RangeMark, x: Double, width: Double, height: Double) -> [PageOp] {
        let cy = height / 2
        let inset = 4.0
        let span = mark.high - mark.low
        func position(_ v: Double) -> Double {
            x + inset + (span > 0 ? (min(max(v, mark.low), mark.high) - mark.low) / span : 0.5) * (width - 2 * inset)
        }
        var ops: [PageOp] = [.begin(StructureTag("Figure", alt: mark.alt))]
        ops.append(.shape(.rect(x: x + inset, y: cy - 1.5, width: width - 2 * inset, height: 3),
                          fill: theme.hairlineColor, stroke: nil, lineWidth: 0))
        for end in [x + inset, x + width - inset] {
            ops.append(.shape(.polyline([(end, cy - 3), (end, cy + 3)]), fill: nil, stroke: theme.mutedColor, lineWidth: 0.6))
        }
        if let reference = mark.reference {
            let rx = position(reference)
            ops.append(.shape(.rect(x: rx - 0.9, y: cy - 5, width: 1.8, height: 10), fill: theme.bodyColor, stroke: nil, lineWidth: 0))
        }
        if let value = mark.value {
            ops.append(.shape(.circle(cx: position(value), cy: cy, r: 3.2), fill: theme.tileAccent, stroke: .white, lineWidth: 0.8))
        }
        ops.append(.end)
        return ops
    }
}
