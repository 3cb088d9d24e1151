import Document

// Tables measured for the page: column widths, decimal alignment, header titles and the graphic column.
extension Preparer {
    /// Header titles are never hyphenated while whole words in at most two lines fit; numbers align
    /// on the decimal separator (an integer's after its last digit); only captioned tables take a
    /// number („Tabelle 2“), so numbering has no gaps.
    func prepareTable(_ table: Table) -> TableUnit {
        if table.caption != nil { counters.tables += 1 }
        // An uncaptioned table's file is named after the numbered table before it („tabelle-2-1“):
        // unique, and stable when tables without captions come and go elsewhere.
        counters.unnumberedTables = table.caption == nil ? counters.unnumberedTables + 1 : 0
        return measureTable(table, size: theme.tableSize)
    }

    /// The table with its text at `size`. Where whole words do not fit the text column, the table is
    /// measured once more with its text up to 1.5 pt smaller before any header is hyphenated.
    private func measureTable(_ table: Table, size: Double) -> TableUnit {
        let padX = 6.0, padY = 4.0
        let cellStyle = TextStyle(size: size, color: theme.bodyColor, lineSpacing: 1.0)
        var headStyle = cellStyle
        headStyle.bold = true
        var columns = table.columns
        if let marks = table.marks { columns.append(TableColumn(marks.title, align: .left)) }
        let n = columns.count
        let textColumns = table.columns.count
        func headerStyle(for column: TableColumn) -> TextStyle {
            var style = headStyle
            switch column.align {
            case .left: style.alignment = .left
            case .center: style.alignment = .center
            case .right, .decimal: style.alignment = .right
            }
            return style
        }
        var header = columns.map { makeLayout([TextPiece(text: $0.title)], headerStyle(for: $0), width: nil) }
        // Equal cells in a column share one layout: tables repeat values a lot, and shaping is
        // the dominant cost of typesetting them.
        var shared = [[String: TextLayout]](repeating: [:], count: textColumns)
        let cells = table.rows.map { row in
            row.enumerated().map { (j, text) -> TextLayout in
                if let layout = shared[j][text] { return layout }
                let layout = makeLayout([TextPiece(text: table.columns[j].align == .decimal ? text : hyphenate(text))],
                                        cellStyle, width: nil)
                shared[j][text] = layout
                return layout
            }
        }
        // Decimal columns: each number split at its separator (an integer: after its last digit), so
        // the separators of all rows line up and the units after them too.
        let sep = vocabulary.decimalSeparator
        var intWidth = [Double](repeating: 0, count: n), fracWidth = [Double](repeating: 0, count: n)
        func separatorX(_ layout: TextLayout) -> Double {
            let text = layout.text
            if let idx = text.firstIndex(of: sep) {
                return layout.xOfByte(text.utf8.distance(from: text.startIndex, to: idx))
            }
            if let last = text.lastIndex(where: { $0.isNumber }) {
                return layout.trailingXOfByte(text.utf8.distance(from: text.startIndex, to: last))
            }
            return layout.width
        }
        for j in 0..<textColumns where table.columns[j].align == .decimal {
            for row in cells {
                let sx = separatorX(row[j])
                intWidth[j] = max(intWidth[j], sx)
                fracWidth[j] = max(fracWidth[j], row[j].width - sx)
            }
        }
        func longestWord(_ layout: TextLayout) -> Double {
            layout.setWidth(1)
            let w = layout.width
            layout.setWidth(nil)
            return w
        }
        let graphicWidth = min(72.0, theme.contentWidth * 0.16)
        var body = [Double](repeating: 0, count: n)
        for j in 0..<n {
            if j >= textColumns {
                body[j] = graphicWidth
            } else if table.columns[j].align == .decimal {
                body[j] = intWidth[j] + fracWidth[j]
            } else {
                for row in cells { body[j] = max(body[j], row[j].width) }
            }
            body[j] += 2 * padX
        }
        // What a header needs: on one line; in two lines broken between words (the wider of the two
        // lines at the best break); its longest word. Measured only for a table that does not fit
        // with its headers on one line (and for the graphic column, whose header always wraps).
        let space = { [self] in
            makeLayout([TextPiece(text: "a a")], headStyle, width: nil).width - 2 * makeLayout([TextPiece(text: "a")], headStyle, width: nil).width
        }
        func words(_ column: TableColumn) -> [Double] {
            column.title.split(separator: " ").map { makeLayout([TextPiece(text: String($0))], headStyle, width: nil).width }
        }
        func twoLines(_ words: [Double], space: Double) -> Double {
            guard words.count > 1 else { return (words.first ?? 0) + 2 * padX }
            func width(_ part: ArraySlice<Double>) -> Double { part.reduce(0, +) + space * Double(max(0, part.count - 1)) }
            return ((1..<words.count).map { max(width(words[..<$0]), width(words[$0...])) }.min() ?? 0) + 2 * padX
        }
        let graphicHeader = table.marks.map { twoLines(words(TableColumn($0.title)), space: space()) } ?? 0
        let natural = (0..<n).map { j in j >= textColumns ? max(body[j], graphicHeader) : max(body[j], header[j].width + 2 * padX) }
        let available = theme.contentWidth
        var widths = natural
        func distribute(_ minimum: [Double]) -> [Double] {
            let minTotal = minimum.reduce(0, +)
            guard minTotal < available else { return minimum.map { $0 * available / minTotal } }
            let lacking = (0..<n).map { max(0, natural[$0] - minimum[$0]) }.reduce(0, +)
            guard lacking > 0 else { return minimum }
            let share = min(1, (available - minTotal) / lacking)
            return (0..<n).map { minimum[$0] + max(0, natural[$0] - minimum[$0]) * share }
        }
        let naturalTotal: Double = natural.reduce(0, +)
        var twoLine: [Double] = [], twoLineWrapped: [Double] = [], whole: [Double] = []
        if naturalTotal > available {
            let gap = space()
            let wordWidths = columns.map(words)
            let headerTwoLines = wordWidths.map { twoLines($0, space: gap) }
            let wholeWords = wordWidths.map { ($0.max() ?? 0) + 2 * padX }
            // Text cells may wrap between words (never inside one) before any header is hyphenated.
            let cellWords: [Double] = (0..<n).map { j in
                guard j < textColumns, table.columns[j].align == .left || table.columns[j].align == .center else { return body[j] }
                var longest = 0.0
                for row in table.rows {
                    for word in row[j].split(whereSeparator: { $0 == " " }) {
                        longest = max(longest, makeLayout([TextPiece(text: String(word))], cellStyle, width: nil).width)
                    }
                }
                return min(body[j], longest + 2 * padX)
            }
            twoLine = (0..<n).map { max(body[$0], headerTwoLines[$0]) }
            twoLineWrapped = (0..<n).map { max(cellWords[$0], headerTwoLines[$0]) }
            whole = (0..<n).map { max(cellWords[$0], wholeWords[$0]) }
        }
        if naturalTotal <= available {
            // Spread the spare room evenly: a full-width table sits calmly on the grid.
            let extra = (available - naturalTotal) / Double(n)
            widths = natural.map { $0 + extra }
        } else if twoLine.reduce(0, +) <= available {
            widths = distribute(twoLine)
        } else if twoLineWrapped.reduce(0, +) <= available {
            widths = distribute(twoLineWrapped)
        } else if whole.reduce(0, +) <= available {
            widths = distribute(whole)
        } else if size > theme.tableSize - 1.5 {
            return measureTable(table, size: size - 0.5)
        } else {
            // Only now are header titles hyphenated, and text cells broken inside words.
            header = columns.map { makeLayout([TextPiece(text: hyphenate($0.title))], headerStyle(for: $0), width: nil) }
            var minimum = header.map { longestWord($0) + 2 * padX }
            for j in 0..<n {
                let numeric = j >= textColumns || table.columns[j].align == .decimal || table.columns[j].align == .right
                if numeric {
                    minimum[j] = max(minimum[j], body[j])
                } else {
                    for row in cells { minimum[j] = max(minimum[j], longestWord(row[j]) + 2 * padX) }
                }
            }
            widths = distribute(minimum)
        }
        var xs: [Double] = []
        var x = theme.contentLeft
        for w in widths { xs.append(x); x += w }

        func cellUnit(_ layout: TextLayout, column j: Int, tag: StructureTag, isHeader: Bool) -> CellUnit {
            let inner = widths[j] - 2 * padX
            let align = columns[j].align
            if align == .decimal && !isHeader {
                let dx = padX + inner - fracWidth[j] - separatorX(layout)
                return CellUnit(layout: layout, dx: dx, tag: tag)
            }
            if layout.width > inner { layout.setWidth(inner) }
            let dx: Double
            switch align {
            case .left: dx = padX
            case .center: dx = padX + (inner - layout.width) / 2
            case .right, .decimal: dx = padX + inner - layout.width
            }
            return CellUnit(layout: layout, dx: dx, tag: tag)
        }
        let headerCells = header.enumerated().map { (j, l) in
            cellUnit(l, column: j, tag: StructureTag("TH", scope: .column), isHeader: true)
        }
        let empty = makeLayout([TextPiece(text: "")], cellStyle, width: nil)
        var rowUnits: [[CellUnit]] = []
        var rowHeights: [Double] = []
        var headingRows = Set<Int>()
        let groupStarts = Dictionary((table.groups ?? []).map { ($0.start, $0.title) }, uniquingKeysWith: { a, _ in a })
        var groupStyle = headStyle
        groupStyle.color = theme.headingColor
        for (r, row) in cells.enumerated() {
            // A group's heading: its own row, the title across the table, the other cells empty.
            if let title = groupStarts[r] {
                let layout = makeLayout([TextPiece(text: title)], groupStyle, width: theme.contentWidth - 2 * padX)
                var units = [CellUnit(layout: layout, dx: padX, tag: StructureTag("TH", scope: .row))]
                units += (1..<n).map { _ in CellUnit(layout: empty, dx: padX, tag: StructureTag("TD")) }
                headingRows.insert(rowUnits.count)
                rowUnits.append(units)
                rowHeights.append(layout.height + 2 * padY + 3)
            }
            var units = row.enumerated().map { (j, l) in
                cellUnit(l, column: j, tag: (table.rowHeaders && j == 0) ? StructureTag("TH", scope: .row) : StructureTag("TD"),
                         isHeader: false)
            }
            let height = (units.map { $0.layout.height }.max() ?? 0) + 2 * padY
            if let marks = table.marks {
                var cell = CellUnit(layout: empty, dx: padX, tag: StructureTag("TD"))
                if let mark = marks.rows[r] {
                    cell.graphic = rangeMarkOps(mark, x: padX, width: widths[n - 1] - 2 * padX, height: height)
                }
                units.append(cell)
            }
            rowUnits.append(units)
            rowHeights.append(height)
        }
        let headerHeight = (headerCells.map { $0.layout.height }.max() ?? 0) + 2 * padY + 2
        var caption: TextUnit?
        if let text = table.caption {
            let layout = makeLayout([TextPiece(text: "\(vocabulary.tableLabel) \(counters.tables): ", bold: true),
                                     TextPiece(text: hyphenate(text))],
                                    TextStyle(size: theme.smallSize + 0.5, color: theme.bodyColor, lineSpacing: 1.05),
                                    width: theme.contentWidth)
            caption = TextUnit(layout: layout, x: theme.contentLeft, container: StructureTag("Caption"),
                               spaceBefore: 0, spaceAfter: 5)
        }
        let note = table.note.map { text in
            TextUnit(layout: makeLayout([TextPiece(text: hyphenate(text))],
                                        TextStyle(size: theme.smallSize, color: theme.mutedColor, lineSpacing: 1.05),
                                        width: theme.contentWidth),
                     x: theme.contentLeft, container: StructureTag("P"), spaceBefore: 4, spaceAfter: 0)
        }
        let label = "\(vocabulary.tableLabel) \(counters.tables)"
        let name = vocabulary.attachmentName(vocabulary.tableLabel, counters.tables)
            + (table.caption == nil ? "-\(counters.unnumberedTables)" : "")
        let attachment = TagAttachment(
            name: name,
            description: table.caption.map { label + ": " + $0 } ?? (vocabulary.isGerman ? "Tabelle ohne Titel" : "Untitled table"),
            content: table.data.map { .dataset($0) } ?? .cells(columns: table.columns.map(\.title), rows: table.rows))
        return TableUnit(caption: caption, attachment: attachment, columnX: xs, columnWidths: widths, header: headerCells,
                         headerHeight: headerHeight, rows: rowUnits, rowHeights: rowHeights, headingRows: headingRows, note: note,
                         paddingX: padX, paddingY: padY, spaceBefore: 8, spaceAfter: 14)
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
