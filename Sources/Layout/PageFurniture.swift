import Document
import Foundation

/// Running header, footer and page numbers, added to every page once all pages are placed.
extension Paginator {

    func addFurniture() {
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
        // The city's logo at the right of the running head, 20 pt high (at most 110 pt wide), on the rule.
        var logoOps: [PageOp] = []
        var logoWidth = 0.0
        if let logo = meta.logo {
            let scale = min(20 / logo.height, 110 / logo.width)
            logoWidth = logo.width * scale
            logoOps = drawingOps(logo, fonts: fonts, x0: theme.contentLeft + theme.contentWidth - logoWidth,
                                 y0: theme.headerBaseline + 4 - logo.height * scale, scale: scale)
        }
        for p in 0..<total {
            var ops: [PageOp] = [.begin(.furniture)]
            ops += logoOps
            let headerText = p == 0 ? (meta.organisation ?? meta.title) : meta.title
            let header = layout(headerText, width: theme.contentWidth - (logoWidth > 0 ? logoWidth + 8 : 0))
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
