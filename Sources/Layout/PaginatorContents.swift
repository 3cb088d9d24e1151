import Document
import Foundation

/// The table of contents: its entries with dot leaders and page numbers, linked to their headings.
extension Paginator {

    func placeTOC(_ unit: MeasuredTOC) {
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
}
