import Charts
import Document

/// Where a document's charts become drawings: when Layout measures them, with the document's
/// fonts and text width (module Charts draws; this file only asks).
extension Preparer {
    /// The figure and, when asked, the data table `chart` (block `block`) is drawn as; nil, with the
    /// reason as the preparer's `failure`, when Charts cannot draw it.
    func drawn(_ chart: Chart, block: Int) -> ChartOutput? {
        do {
            return try Charts.figure(for: chart, measurer: TextMeasurer(fonts), width: theme.contentWidth)
        } catch {
            if failure == nil { failure = .chartNotDrawn(block: block, error.message) }
            return nil
        }
    }
}

extension Typesetter {
    /// `document` with every chart replaced by the figure and data table Layout draws for it:
    /// what `render --emit-document … --charts-drawn` writes (the same PDF either way).
    public func drawingCharts(_ document: Document) throws(LayoutError) -> Document {
        let theme = document.settings.largeType ? self.theme.largeType() : self.theme
        let preparer = try Preparer(document: document, theme: theme, fonts: fonts)
        var drawn = document
        drawn.blocks = document.blocks.enumerated().flatMap { i, block -> [Block] in
            guard case .chart(let chart) = block, let output = preparer.drawn(chart, block: i) else { return [block] }
            return output.blocks
        }
        if let failure = preparer.failure { throw failure }
        return drawn
    }
}
