import Document

/// One table measured at one text size: its header and cell layouts, what each column needs, and
/// the widths that fit the text column — the steps of `Preparer.measureTable`, in the order they
/// are tried (README "Tables").
struct TableMeasurement {
    let preparer: Preparer
    let table: Table
    let size: Double
    let padX = 6.0, padY = 4.0
    let cellStyle: TextStyle
    let headStyle: TextStyle
    /// The table's columns, and the graphic column of `marks` last.
    let columns: [TableColumn]
    let n: Int
    let textColumns: Int
    /// Header titles as laid out without hyphenation (`hyphenatedWidths` makes hyphenated ones).
    private(set) var headerLayouts: [TextLayout]
    let cells: [[TextLayout]]
    /// Decimal columns: the widest part before and after the separator.
    let intWidth: [Double], fracWidth: [Double]
    /// Each column's width for its cells (padding included).
    let body: [Double]
    private(set) var natural: [Double] = []
    let available: Double

    init(_ preparer: Preparer, _ table: Table, size: Double) {
        self.preparer = preparer
        self.table = table
        self.size = size
        let theme = preparer.theme
        cellStyle = TextStyle(size: size, color: theme.bodyColor, lineSpacing: 1.0)
        var head = cellStyle
        head.bold = true
        headStyle = head
        var columns = table.columns
        if let marks = table.marks { columns.append(TableColumn(marks.title, align: .left)) }
        self.columns = columns
        n = columns.count
        textColumns = table.columns.count
        headerLayouts = []
        // Equal cells in a column share one layout: tables repeat values a lot, and shaping is
        // the dominant cost of typesetting them.
        var shared = [[String: TextLayout]](repeating: [:], count: table.columns.count)
        let cellStyle = self.cellStyle
        cells = table.rows.map { row in
            row.enumerated().map { (j, text) -> TextLayout in
                if let layout = shared[j][text] { return layout }
                let layout = preparer.makeLayout([TextPiece(text: table.columns[j].align == .decimal ? text : preparer.hyphenate(text))],
                                                 cellStyle, width: nil)
                shared[j][text] = layout
                return layout
            }
        }
        // Decimal columns: each number split at its separator (an integer: after its last digit), so
        // the separators of all rows line up and the units after them too.
        var intWidth = [Double](repeating: 0, count: n), fracWidth = [Double](repeating: 0, count: n)
        let sep = preparer.vocabulary.decimalSeparator
        for j in 0..<table.columns.count where table.columns[j].align == .decimal {
            for row in cells {
                let sx = Self.separatorX(row[j], separator: sep)
                intWidth[j] = max(intWidth[j], sx)
                fracWidth[j] = max(fracWidth[j], row[j].width - sx)
            }
        }
        self.intWidth = intWidth
        self.fracWidth = fracWidth
        let graphicWidth = min(72.0, theme.contentWidth * 0.16)
        var body = [Double](repeating: 0, count: n)
        for j in 0..<n {
            if j >= table.columns.count {
                body[j] = graphicWidth
            } else if table.columns[j].align == .decimal {
                body[j] = intWidth[j] + fracWidth[j]
            } else {
                for row in cells { body[j] = max(body[j], row[j].width) }
            }
            body[j] += 2 * padX
        }
        self.body = body
        available = theme.contentWidth
        headerLayouts = columns.map { preparer.makeLayout([TextPiece(text: $0.title)], headerStyle(for: $0), width: nil) }
        let graphicHeader = table.marks.map { twoLines(words(TableColumn($0.title)), space: space()) } ?? 0
        let headers = headerLayouts
        natural = (0..<n).map { j in j >= table.columns.count ? max(body[j], graphicHeader) : max(body[j], headers[j].width + 2 * padX) }
    }

    func headerStyle(for column: TableColumn) -> TextStyle {
        var style = headStyle
        switch column.align {
        case .left: style.alignment = .left
        case .center: style.alignment = .center
        case .right, .decimal: style.alignment = .right
        }
        return style
    }

    /// Where a number's separator stands (an integer: the end of its last digit).
    static func separatorX(_ layout: TextLayout, separator: Character) -> Double {
        let text = layout.text
        if let idx = text.firstIndex(of: separator) {
            return layout.xOfByte(text.utf8.distance(from: text.startIndex, to: idx))
        }
        if let last = text.lastIndex(where: { $0.isNumber }) {
            return layout.trailingXOfByte(text.utf8.distance(from: text.startIndex, to: last))
        }
        return layout.width
    }

    // What a header needs: on one line; in two lines broken between words (the wider of the two
    // lines at the best break); its longest word. Measured only for a table that does not fit
    // with its headers on one line (and for the graphic column, whose header always wraps).

    private func space() -> Double {
        preparer.makeLayout([TextPiece(text: "a a")], headStyle, width: nil).width
            - 2 * preparer.makeLayout([TextPiece(text: "a")], headStyle, width: nil).width
    }

    private func words(_ column: TableColumn) -> [Double] {
        column.title.split(separator: " ").map { preparer.makeLayout([TextPiece(text: String($0))], headStyle, width: nil).width }
    }

    private func twoLines(_ words: [Double], space: Double) -> Double {
        guard words.count > 1 else { return (words.first ?? 0) + 2 * padX }
        func width(_ part: ArraySlice<Double>) -> Double { part.reduce(0, +) + space * Double(max(0, part.count - 1)) }
        return ((1..<words.count).map { max(width(words[..<$0]), width(words[$0...])) }.min() ?? 0) + 2 * padX
    }

    /// `minimum` widths, with the room left shared among the columns in proportion to what they lack
    /// of their natural width.
    private func distribute(_ minimum: [Double]) -> [Double] {
        let minTotal = minimum.reduce(0, +)
        guard minTotal < available else { return minimum.map { $0 * available / minTotal } }
        let lacking = (0..<n).map { max(0, natural[$0] - minimum[$0]) }.reduce(0, +)
        guard lacking > 0 else { return minimum }
        let share = min(1, (available - minTotal) / lacking)
        return (0..<n).map { minimum[$0] + max(0, natural[$0] - minimum[$0]) * share }
    }

    /// Column widths without hyphenating anything, trying in turn: headers on one line; headers in
    /// two lines; text cells wrapped between words too; headers down to their longest word. Nil
    /// when not even that fits.
    func fittedWidths() -> [Double]? {
        let naturalTotal: Double = natural.reduce(0, +)
        if naturalTotal <= available {
            // Spread the spare room evenly: a full-width table sits calmly on the grid.
            let extra = (available - naturalTotal) / Double(n)
            return natural.map { $0 + extra }
        }
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
                    longest = max(longest, preparer.makeLayout([TextPiece(text: String(word))], cellStyle, width: nil).width)
                }
            }
            return min(body[j], longest + 2 * padX)
        }
        let twoLine = (0..<n).map { max(body[$0], headerTwoLines[$0]) }
        let twoLineWrapped = (0..<n).map { max(cellWords[$0], headerTwoLines[$0]) }
        let whole = (0..<n).map { max(cellWords[$0], wholeWords[$0]) }
        for candidate in [twoLine, twoLineWrapped, whole] where candidate.reduce(0, +) <= available {
            return distribute(candidate)
        }
        return nil
    }

    /// The last resort: header titles hyphenated, text cells broken inside words.
    mutating func hyphenatedWidths() -> [Double] {
        headerLayouts = columns.map { preparer.makeLayout([TextPiece(text: preparer.hyphenate($0.title))], headerStyle(for: $0), width: nil) }
        func longestWord(_ layout: TextLayout) -> Double {
            layout.setWidth(1)
            let w = layout.width
            layout.setWidth(nil)
            return w
        }
        var minimum = headerLayouts.map { longestWord($0) + 2 * padX }
        for j in 0..<n {
            let numeric = j >= textColumns || table.columns[j].align == .decimal || table.columns[j].align == .right
            if numeric {
                minimum[j] = max(minimum[j], body[j])
            } else {
                for row in cells { minimum[j] = max(minimum[j], longestWord(row[j]) + 2 * padX) }
            }
        }
        return distribute(minimum)
    }

    /// A cell in its column: aligned (decimal on the separator), wrapped to the column if wider.
    private func cell(_ layout: TextLayout, column j: Int, widths: [Double], tag: StructureTag, isHeader: Bool) -> MeasuredCell {
        let inner = widths[j] - 2 * padX
        let align = columns[j].align
        if align == .decimal && !isHeader {
            let dx = padX + inner - fracWidth[j] - Self.separatorX(layout, separator: preparer.vocabulary.decimalSeparator)
            return MeasuredCell(layout: layout.shaped, dx: dx, tag: tag)
        }
        if layout.width > inner { layout.setWidth(inner) }
        let dx: Double
        switch align {
        case .left: dx = padX
        case .center: dx = padX + (inner - layout.width) / 2
        case .right, .decimal: dx = padX + inner - layout.width
        }
        return MeasuredCell(layout: layout.shaped, dx: dx, tag: tag)
    }

    func header(widths: [Double]) -> [MeasuredCell] {
        headerLayouts.enumerated().map { (j, l) in
            cell(l, column: j, widths: widths, tag: StructureTag("TH", scope: .column), isHeader: true)
        }
    }

    /// The body rows, a group's heading row before its first, the graphic column's marks drawn.
    func rows(widths: [Double]) -> (cells: [[MeasuredCell]], heights: [Double], headingRows: Set<Int>) {
        let empty = preparer.makeLayout([TextPiece(text: "")], cellStyle, width: nil)
        var measuredRows: [[MeasuredCell]] = []
        var rowHeights: [Double] = []
        var headingRows = Set<Int>()
        let groupStarts = Dictionary((table.groups ?? []).map { ($0.start, $0.title) }, uniquingKeysWith: { a, _ in a })
        var groupStyle = headStyle
        groupStyle.color = preparer.theme.headingColor
        for (r, row) in cells.enumerated() {
            // A group's heading: its own row, the title across the table, the other cells empty.
            if let title = groupStarts[r] {
                let layout = preparer.makeLayout([TextPiece(text: title)], groupStyle, width: preparer.theme.contentWidth - 2 * padX)
                var units = [MeasuredCell(layout: layout.shaped, dx: padX, tag: StructureTag("TH", scope: .row))]
                units += (1..<n).map { _ in MeasuredCell(layout: empty.shaped, dx: padX, tag: StructureTag("TD")) }
                headingRows.insert(measuredRows.count)
                measuredRows.append(units)
                rowHeights.append(layout.height + 2 * padY + 3)
            }
            var units = row.enumerated().map { (j, l) in
                cell(l, column: j, widths: widths, tag: (table.rowHeaders && j == 0) ? StructureTag("TH", scope: .row) : StructureTag("TD"),
                     isHeader: false)
            }
            let height = (units.map { $0.layout.height }.max() ?? 0) + 2 * padY
            if let marks = table.marks {
                var cell = MeasuredCell(layout: empty.shaped, dx: padX, tag: StructureTag("TD"))
                if let mark = marks.rows[r] {
                    cell.graphic = preparer.rangeMarkOps(mark, x: padX, width: widths[n - 1] - 2 * padX, height: height)
                }
                units.append(cell)
            }
            measuredRows.append(units)
            rowHeights.append(height)
        }
        return (measuredRows, rowHeights, headingRows)
    }
}
