import Charts
import Document
import Facts
import Foundation
import Layout

/// The typesetter's fonts behind a lock, for tests that draw charts from several threads at once
/// (swift-testing runs them in parallel; a font environment belongs to one thread at a time).
final class SharedTestFonts: LabelMetrics, @unchecked Sendable {
    static let shared = SharedTestFonts()
    private let lock = NSLock()
    private let fonts: FontEnvironment = {
        // Without the fonts every label would measure nothing and the overlap tests pass unseen.
        guard let fonts = try? FontEnvironment() else { fatalError("Fonts/ missing: run `make deps`") }
        return fonts
    }()

    func measure(_ text: String, size: Double, bold: Bool) -> TextExtent {
        lock.withLock { fonts.measure(text, size: size, bold: bold) }
    }
    func hyphenationPoints(_ word: String) -> String? { lock.withLock { fonts.hyphenationPoints(word) } }
}

extension TextMeasurer {
    /// Measures with the fonts Layout would give a document.
    static var test: TextMeasurer { TextMeasurer(SharedTestFonts.shared) }
}

extension Charts {
    /// A chart as Layout draws it: the document's fonts, the text width of the page.
    static func figure(for spec: ChartSpec, data: ChartData, language: Language) throws(ChartError) -> ChartOutput {
        try figure(for: spec, data: data, language: language, measurer: .test, width: Theme().contentWidth)
    }
}
