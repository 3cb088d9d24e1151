import CPangoCairo
import Document
import Foundation

/// Typesets a document with Pango into pages of positioned, tagged drawing operations.
/// Not thread-safe; one typesetter per thread.
public final class Typesetter {
    public let fonts: FontEnvironment
    public var theme: Theme
    /// Whether a long document's second half is measured on a helper thread with fonts of its own
    /// (shaping is most of the layout time and the blocks of two halves are independent), when
    /// `ComputeThreads` has an idle core. The result is the same either way; tests switch it off to compare.
    public var measuresInParallel = true
    /// Fonts for the helper thread, asked for only when a document is split, kept by the caller across
    /// documents so their caches stay warm; nil (or returning nil): the helper makes its own. Used by
    /// one thread at a time (the helper, while this one waits).
    public var helperFonts: (() -> FontEnvironment?)?

    public init(fonts: FontEnvironment, theme: Theme = Theme()) {
        self.fonts = fonts
        self.theme = theme
    }

    public func typeset(_ document: Document) throws(LayoutError) -> LaidOutDocument {
        typeset(try measure(document))
    }

    /// Shapes and measures the document's blocks: the expensive half of `typeset`. The result is
    /// plain data, so another thread may place it (a publish run's pack places what its document
    /// jobs measured).
    public func measure(_ document: Document) throws(LayoutError) -> MeasuredDocument {
        let theme = document.settings.largeType ? self.theme.largeType() : self.theme
        let preparer = try Preparer(document: document, theme: theme, fonts: fonts)
        return MeasuredDocument(document: document, theme: theme, blocks: try prepare(document, with: preparer, theme: theme))
    }

    /// Places measured blocks on pages: the cheap half of `typeset`.
    public func typeset(_ measured: MeasuredDocument) -> LaidOutDocument {
        paginate(measured.blocks, document: measured.document, theme: measured.theme)
    }

    /// Typesets a collection (the publish pack): the cover's blocks, then each section on new
    /// pages, with page numbers, bookmarks and one structure tree across all. A table of contents
    /// on the cover lists the sections' headings. Sections keep their own numbering of tables,
    /// figures and notes (each reads as the document it is); their destination names get the
    /// prefix "dN-" (N = section number), so the names of two sections never clash.
    ///
    /// `measured[i]`, when given, is section i already measured (by the thread that rendered it as
    /// its own PDF): used as is if it measured exactly that document with this typesetter's theme;
    /// otherwise the section is measured here. The result is the same either way.
    public func typeset(cover: Document, sections: [Document], measured: [MeasuredDocument?] = []) throws(LayoutError) -> LaidOutDocument {
        let theme = cover.settings.largeType ? self.theme.largeType() : self.theme
        let preparer = try Preparer(document: cover, theme: theme, fonts: fonts)
        var units = try prepare(cover, with: preparer, theme: theme)
        var entries: [(level: Int, text: String, dest: String)] = []
        var definitions: [MeasuredDefinitions] = []
        for (i, section) in sections.enumerated() {
            let prefix = "d\(i + 1)-"
            let given = i < measured.count ? measured[i] : nil
            let measuredSection: MeasuredDocument
            if let given, given.theme == theme, given.document == section {
                measuredSection = given
            } else {
                var sectionDocument = section
                sectionDocument.settings.largeType = cover.settings.largeType
                let sectionPreparer = try Preparer(document: sectionDocument, theme: theme, fonts: fonts)
                measuredSection = MeasuredDocument(document: sectionDocument, theme: theme,
                                                   blocks: try prepare(sectionDocument, with: sectionPreparer, theme: theme))
            }
            units.append(.section(prefix: prefix, data: section.data))
            for unit in measuredSection.blocks {
                switch unit {
                case .toc: continue  // a section's own contents would list the sections after it
                case .heading(let h): entries.append((h.level, h.text, prefix + h.dest))
                case .definitions(let d):
                    // The section keeps its heading and says where its definitions went.
                    entries.append((d.heading.level, d.heading.text, prefix + d.heading.dest))
                    units += [.heading(d.heading), .appendixReference(d.reference)]
                    definitions.append(d)
                    continue
                default: break
                }
                units.append(unit)
            }
        }
        // One appendix for the pack: each definition once, as measured by the first section with it.
        if let merged = mergedDefinitions(definitions.map(\.block), title: preparer.vocabulary.appendixTitlePrefix) {
            var known: [String: (text: MeasuredText, sharedSource: String?)] = [:]
            for d in definitions {
                for entry in d.entries where known[entry.key] == nil { known[entry.key] = (entry.text, d.sharedSource) }
            }
            units.append(.section(prefix: "", data: nil))
            units.append(.definitions(preparer.prepareDefinitions(merged, dest: appendixDestination, reusing: known)))
            entries.append((1, merged.heading.text, appendixDestination))
        }
        // The cover's contents list the sections' headings, not the (absent) ones after it on the cover.
        units = units.map { unit in
            guard case .toc(var toc) = unit else { return unit }
            toc.entries = entries.filter { $0.level <= toc.toc.maxLevel }
            return .toc(toc)
        }
        return paginate(units, document: cover, theme: theme)
    }

    private func paginate(_ units: [MeasuredBlock], document: Document, theme: Theme) -> LaidOutDocument {
        let vocabulary = Vocabulary(language: document.metadata.primaryLanguage)
        var paginator = Paginator(theme: theme, fonts: fonts, document: document, vocabulary: vocabulary, knownPages: nil)
        paginator.place(units)
        // The TOC needs the page numbers of the headings: place again with the numbers of the
        // previous pass until they stop moving (at most three passes).
        if units.contains(where: { if case .toc = $0 { return true } else { return false } }) {
            for _ in 0..<2 {
                let pages = Dictionary(paginator.headings.map { ($0.dest, $0.page) }, uniquingKeysWith: { a, _ in a })
                let next = Paginator(theme: theme, fonts: fonts, document: document, vocabulary: vocabulary, knownPages: pages)
                next.place(units)
                let stable = next.headings == paginator.headings
                paginator = next
                if stable { break }
            }
        }
        return paginator.finish()
    }

    /// Measures the blocks; a long document is split before a level-1 or level-2 heading (where
    /// footnotes are flushed anyway) and its second half measured on a helper thread. The helper
    /// starts with the counters the first half ends with; if they differ, the second half is
    /// measured again here, so numbering never depends on the split.
    private func prepare(_ document: Document, with preparer: Preparer, theme: Theme) throws(LayoutError) -> [MeasuredBlock] {
        let units = prepareBlocks(document, with: preparer, theme: theme)
        // A block that could not be measured (a chart Charts could not draw) fails the document.
        if let failure = preparer.failure { throw failure }
        return units
    }

    private func prepareBlocks(_ document: Document, with preparer: Preparer, theme: Theme) -> [MeasuredBlock] {
        let blocks = document.blocks
        guard measuresInParallel, let split = Preparer.splitPoint(blocks), ComputeThreads.shared.tryBegin() else {
            return preparer.prepare(0..<blocks.count)
        }
        let expected = Preparer.counters(after: blocks[..<split])
        final class Helper: @unchecked Sendable {  // handed over once, read after the join
            var units: [MeasuredBlock]?
            var counters = Preparer.Counters()
        }
        let helper = Helper()
        let done = DispatchSemaphore(value: 0)
        let fontsDirectory = fonts.directory, language = document.metadata.language
        final class Handover: @unchecked Sendable {  // the helper's fonts, used by it alone until the join
            let fonts: FontEnvironment?
            init(_ fonts: FontEnvironment?) { self.fonts = fonts }
        }
        let given = Handover(helperFonts?())
        let thread = Thread {
            defer { ComputeThreads.shared.end(); done.signal() }
            // Fonts of its own: a Pango font map is not thread-safe. What it measures is plain
            // values, which outlive these fonts.
            guard let fonts = given.fonts ?? (try? FontEnvironment(fontsDirectory: fontsDirectory, language: language)),
                  let second = try? Preparer(document: document, theme: theme, fonts: fonts, counters: expected) else { return }
            let units = second.prepare(split..<blocks.count)
            helper.units = second.failure == nil ? units : nil  // measured again here, failing here
            helper.counters = second.counters
        }
        thread.stackSize = 8 << 20
        thread.start()
        var units = preparer.prepare(0..<split)
        done.wait()
        if let rest = helper.units, preparer.counters == expected {
            units += rest
        } else {
            units += preparer.prepare(split..<blocks.count)
        }
        return units
    }
}

/// A document's blocks shaped and measured for the page, not yet placed: `Typesetter.measure`.
/// Kept by a publish run so the pack places the documents its other jobs measured, instead of
/// shaping their text a second time.
public struct MeasuredDocument: Sendable {
    public let document: Document
    let theme: Theme
    let blocks: [MeasuredBlock]
}
