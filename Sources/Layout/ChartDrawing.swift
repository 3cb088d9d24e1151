import Charts
import Document

/// Where a document's charts become drawings: when Layout measures them, with the document's
/// fonts and text width (module Charts draws; this file only asks).
extension Preparer {
    /// The figure and, when asked, the data table `chart` is drawn as. Nil only for a chart with a
    /// `problem`, which `Preparer.init` has refused already.
    func drawn(_ chart: Chart) -> ChartOutput? {
        try? Charts.figure(for: chart, measurer: TextMeasurer(fonts), width: theme.contentWidth)
    }
}

extension Typesetter {
    /// `document` with every chart replaced by the figure and data table Layout draws for it:
    /// what `render --emit-document … --charts-drawn` writes (the same PDF either way).
    public func drawingCharts(_ document: Document) throws(LayoutError) -> Document {
        let theme = document.settings.largeType ? self.theme.largeType() : self.theme
        let preparer = try Preparer(document: document, theme: theme, fonts: fonts)
        var drawn = document
        drawn.blocks = document.blocks.flatMap { block -> [Block] in
            guard case .chart(let chart) = block, let output = preparer.drawn(chart) else { return [block] }
            return output.blocks
        }
        return drawn
    }
}
