import Document
import CPangoCairo
import Foundation
import XCTest
@testable import Layout
@testable import PDFOutput

/// What a laid-out document shows, page by page: the structure elements opened and the text
/// drawn inside each, in drawing order.
struct Walk {
    struct Element {
        var type: String
        var page: Int
        var text = ""
        /// Distinct baselines of the text drawn inside (= lines).
        var baselines: Set<Double> = []
        var tag: StructureTag
        var furnitureDepth: Int
    }
    var elements: [Element] = []
    /// For every element holding text (a P, not its Spans), the baselines (lines) drawn per page.
    var linesByContainer: [Int: [Int: Set<Double>]] = [:]
    /// Last baseline of body content per page.
    var lastBaseline: [Int: Double] = [:]

    init(_ doc: LaidOutDocument) {
        var stack: [Int] = []
        var furniture = 0
        for (p, page) in doc.pages.enumerated() {
            for op in page.ops {
                switch op {
                case .begin(let tag):
                    if tag.type == "Private" { furniture += 1 }
                    stack.append(elements.count)
                    elements.append(Element(type: tag.type, page: p + 1, tag: tag, furnitureDepth: furniture))
                case .end:
                    if let i = stack.popLast(), elements[i].type == "Private" { furniture -= 1 }
                case .glyphs(let run):
                    let text = run.glyphs.text.replacingOccurrences(of: "\u{00AD}", with: "")
                    for i in stack {
                        elements[i].text += text
                        elements[i].baselines.insert((run.baseline * 100).rounded() / 100)
                    }
                    if furniture == 0 {
                        if let container = stack.last(where: { !["Span", "Link"].contains(elements[$0].type) }) {
                            linesByContainer[container, default: [:]][p + 1, default: []].insert((run.baseline * 100).rounded() / 100)
                        }
                        lastBaseline[p + 1] = max(lastBaseline[p + 1] ?? 0, run.baseline)
                    }
                case .destination, .shape:
                    break
                }
            }
        }
    }

    func all(_ type: String) -> [Element] { elements.filter { $0.type == type } }
    func first(_ type: String, containing text: String) -> Element? {
        elements.first { $0.type == type && $0.text.contains(text) }
    }
}

final class LayoutTests: XCTestCase {
    private var fonts: FontEnvironment?

    private func typeset(_ blocks: [Block], language: String = "de-DE") throws -> LaidOutDocument {
        if fonts == nil { fonts = try FontEnvironment() }
        let fonts = try XCTUnwrap(fonts, "fonts missing: run make deps")
        let doc = Document(metadata: Metadata(title: "Testbericht", language: language, organisation: "Hansestadt Lübeck",
                                              date: "2026-11-26"), blocks: blocks)
        return try Typesetter(fonts: fonts).typeset(doc)
    }

    private func filler(_ n: Int) -> [Block] {
        (0..<n).map { .paragraph(Paragraph("Kurzer Absatz Nummer \($0).")) }
    }

    private let longParagraph = Block.paragraph(Paragraph(String(repeating:
        "Die Quote der Grundsicherung ist in den Stadtteilen sehr unterschiedlich verteilt und verändert sich langsam. ", count: 6)))

    // MARK: pagination

    func testTableBreaksAcrossPagesRepeatsItsHeaderAndNeverSplitsRows() throws {
        let rows = (1...80).map { ["Stadtteil \($0)", "\($0),5", "\($0 * 10)"] }
        let table = Table(caption: "Werte", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal),
                                                      TableColumn("Fälle", align: .right)], rowHeaders: true, rows: rows)
        let doc = try typeset([.table(table)])
        let walk = Walk(doc)
        XCTAssertEqual(doc.pages.count, 3)
        // One real header row, on page 1 …
        XCTAssertEqual(walk.all("THead").map(\.page), [1])
        XCTAssertEqual(walk.all("TH").filter { $0.tag.scope == .column }.map(\.text), ["Bezirk", "Quote", "Fälle"])
        // … repeated as furniture on every continuation page.
        for page in 2...3 {
            let repeated = walk.elements.filter { $0.type == "Private" && $0.page == page && $0.text.contains("BezirkQuoteFälle") }
            XCTAssertEqual(repeated.count, 1, "page \(page) repeats the header once")
        }
        // Every body row is one TR, wholly on one page, in order.
        let bodyRows = walk.all("TR").dropFirst()
        XCTAssertEqual(bodyRows.count, 80)
        XCTAssertEqual(bodyRows.map(\.text), rows.map { $0.joined() })
        let perPage = Dictionary(grouping: bodyRows, by: \.page).mapValues(\.count)
        XCTAssertEqual(perPage, [1: 30, 2: 31, 3: 19])
        XCTAssertEqual(walk.all("TH").filter { $0.tag.scope == .row }.count, 80)
    }

    func testATableNeverStartsWithFewerThanThreeRowsOrEndsWithOneAlone() throws {
        var broke = 0
        // Short paragraphs push the table towards the page bottom, one line at a time; a table of four
        // rows cannot give up a lead row to keep its last one company, so it moves whole.
        for count in [4, 8] { for lead in 30...60 {
            let rows = (1...count).map { ["Stadtteil \($0)", "\($0),5"] }
            let table = Table(caption: "Werte", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)],
                              rowHeaders: true, rows: rows)
            let walk = Walk(try typeset(filler(lead) + [.table(table)]))
            let perPage = Dictionary(grouping: walk.all("TR").dropFirst(), by: \.page).mapValues(\.count)
            XCTAssertEqual(perPage.values.reduce(0, +), count, "\(lead): no row lost")
            guard perPage.count > 1 else { continue }
            broke += 1
            let pages = perPage.keys.sorted()
            XCTAssertGreaterThanOrEqual(perPage[pages[0]] ?? 0, 3, "\(lead): rows under the caption on page \(pages[0])")
            XCTAssertGreaterThanOrEqual(perPage[pages[pages.count - 1]] ?? 0, 2, "\(lead): rows at the top of the last page")
            // The caption and header go with the first rows.
            XCTAssertEqual(walk.first("Caption", containing: "Werte")?.page, pages[0])
        } }
        XCTAssertGreaterThan(broke, 0, "the table broke across pages for some lead")
    }

    func testTableNoteStaysOnThePageOfTheLastRows() throws {
        // Three lines, so the note needs more room than one row leaves over.
        let legend = "x = aus Datenschutzgründen gesperrt; – = kein Wert vorhanden; p = vorläufiger Wert. "
            + String(repeating: "Die Werte beruhen auf synthetischen Demodaten und sind keine amtliche Statistik. ", count: 2)
        var movedARow = false
        // Around the page boundary, shifted by short paragraphs before the table: somewhere the note
        // no longer fits under the rows that would fit.
        for lead in 0...3 { for n in 24...30 {
            let rows = (1...n).map { ["Stadtteil \($0)", "\($0),5"] }
            let columns = [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)]
            let withNote = Walk(try typeset(filler(lead) + [.table(Table(caption: "Werte", columns: columns, rowHeaders: true, rows: rows, note: legend))]))
            let without = Walk(try typeset(filler(lead) + [.table(Table(caption: "Werte", columns: columns, rowHeaders: true, rows: rows))]))
            let note = try XCTUnwrap(withNote.first("P", containing: "Datenschutzgründen"), "\(lead) + \(n)")
            let lastRow = try XCTUnwrap(withNote.all("TR").last)
            XCTAssertEqual(note.page, lastRow.page, "\(lead) + \(n): the note is on the page of the last row")
            XCTAssertEqual(withNote.all("TR").count, n + 1, "no row is lost")
            if withNote.all("TR").map(\.page) != without.all("TR").map(\.page) { movedARow = true }
        } }
        XCTAssertTrue(movedARow, "for some row count the last row moved to the next page with the note")
    }

    func testHeaderTitlesWrapBetweenWordsIntoAtMostTwoLines() throws {
        let rows = [["SGB-II-Quote", "Oktober\u{00A0}2026", "18,2", "9,0", "+0,1"],
                    ["Übergewicht bei Einschulung", "3.\u{00A0}Quartal\u{00A0}2026", "17,2", "10,6", "0,0"]]
        let table = Table(columns: [TableColumn("Kennzahl"), TableColumn("Zeitraum"), TableColumn("Moisling", align: .decimal),
                                    TableColumn("Lübeck", align: .decimal),
                                    TableColumn("Veränderung gegenüber der Vorperiode in Prozentpunkten", align: .decimal)],
                          rows: rows)
        let walk = Walk(try typeset([.table(table)]))
        let headers = walk.all("TH").prefix(5)
        // Whole words only (no soft hyphen shown), in one or two lines.
        XCTAssertEqual(headers.map(\.text), ["Kennzahl", "Zeitraum", "Moisling", "Lübeck",
                                             "Veränderung gegenüber der Vorperiode in Prozentpunkten"])
        XCTAssertEqual(headers.map(\.baselines.count), [1, 1, 1, 1, 2])
        // Numbers and periods never wrap; the text column may, between words.
        let cells = walk.all("TD").map(\.baselines.count)
        XCTAssertEqual([1, 2, 3, 4, 6, 7, 8, 9].map { cells[$0] }, [1, 1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(walk.all("TD")[5].text, "Übergewicht bei Einschulung")
    }

    func testATableTooWideForWholeWordsIsSetSmallerBeforeAnyHeaderIsHyphenated() throws {
        let columns = ["Kennzahl", "Stand", "Einheit", "Moisling", "Lübeck", "ggü. Vorperiode", "ggü. Vorjahr", "Rang"]
            .enumerated().map { TableColumn($1, align: $0 < 3 || $0 == 7 ? .left : .decimal) }
        let rows = [["Jugendarbeitslosigkeit", "Okt.\u{00A0}2026", "%", "10,2", "5,7", "−0,2", "+0,1", "3\u{00A0}von\u{00A0}10"],
                    ["Ausländische Staatsangehörige", "3.\u{00A0}Q.\u{00A0}2026", "je\u{00A0}1.000", "12.878", "224.012", "+26", "+1.200", "10\u{00A0}von\u{00A0}10"],
                    ["Digitalkurse für Ältere", "3.\u{00A0}Q.\u{00A0}2026", "je\u{00A0}1.000", "19.884,5", "24.396,1", "+389,4", "+1.389,4", "1\u{00A0}von\u{00A0}10"]]
        let doc = try typeset([.table(Table(columns: columns, rowHeaders: true, rows: rows))])
        let walk = Walk(doc)
        for header in walk.all("TH").prefix(columns.count) {
            XCTAssertLessThanOrEqual(header.baselines.count, 2, header.text)
            XCTAssertFalse(header.text.contains("\u{00AD}"), "no hyphenation in „\(header.text)“")
        }
        XCTAssertEqual(walk.all("TD").map(\.baselines.count), [Int](repeating: 1, count: 21))
        let sizes = Set(doc.pages[0].ops.compactMap { op -> Double? in
            if case .glyphs(let run) = op, run.glyphs.text == "12.878" { return run.glyphs.size }
            return nil
        })
        XCTAssertEqual(sizes.count, 1)
        XCTAssertLessThan(try XCTUnwrap(sizes.first), Theme().tableSize, "set smaller than the usual table text")
    }

    func testIntegersAlignOnTheDecimalSeparatorWithTheOtherNumbers() throws {
        let table = Table(columns: [TableColumn("Kennzahl"), TableColumn("Wert", align: .decimal)], rowHeaders: true,
                          rows: [["A", "12.878"], ["B", "18,2"], ["C", "19.884\u{00A0}p"], ["D", "3,1\u{00A0}p"], ["E", "x"]])
        let doc = try typeset([.table(Table(columns: table.columns, rowHeaders: true, rows: table.rows))])
        // The right edge of each integer's last digit is where the other rows' comma starts.
        var digitEnds: [String: Double] = [:], commaStarts: [String: Double] = [:]
        for case .glyphs(let run) in doc.pages[0].ops {
            let text = run.glyphs.text
            let x = run.x
            if text.hasPrefix("12.878") { digitEnds["A"] = x + glyphEdges(run.glyphs, byte: 5).trailing }
            if text.hasPrefix("19.884") { digitEnds["C"] = x + glyphEdges(run.glyphs, byte: 5).trailing }
            if text.hasPrefix("18,2") { commaStarts["B"] = x + glyphEdges(run.glyphs, byte: 2).leading }
            if text.hasPrefix("3,1") { commaStarts["D"] = x + glyphEdges(run.glyphs, byte: 1).leading }
        }
        let a = try XCTUnwrap(digitEnds["A"]), c = try XCTUnwrap(digitEnds["C"])
        let b = try XCTUnwrap(commaStarts["B"]), d = try XCTUnwrap(commaStarts["D"])
        XCTAssertEqual(a, b, accuracy: 0.01)
        XCTAssertEqual(c, b, accuracy: 0.01)
        XCTAssertEqual(d, b, accuracy: 0.01)
    }

    func testATableLeavesAtLeastThreeRowsOnEitherSideOfAPageBreak() throws {
        var splits = 0
        for lead in 20...50 { for n in [4, 5, 6, 7, 9, 12] {
            let rows = (1...n).map { ["Stadtteil \($0)", "\($0),5"] }
            let table = Table(caption: "Werte", columns: [TableColumn("Bezirk"), TableColumn("Quote", align: .decimal)],
                              rowHeaders: true, rows: rows)
            let walk = Walk(try typeset(filler(lead) + [.table(table)]))
            let pages = walk.all("TR").dropFirst().map(\.page)  // the header row is the first TR
            let counts = Dictionary(grouping: pages, by: { $0 }).values.map(\.count)
            if counts.count > 1 {
                splits += 1
                XCTAssertGreaterThanOrEqual(counts.min() ?? 0, 3, "lead \(lead), \(n) rows: \(counts)")
            }
            XCTAssertEqual(pages.count, n, "no row is lost")
        } }
        XCTAssertGreaterThan(splits, 0, "some table is split")
    }

    func testTileLabelsBreakBetweenWordsAndFiguresNeverBreak() throws {
        let tiles = KeyFigures(tiles: [
            KeyFigure(label: "Hilfen zur Erziehung", value: "39,4\u{00A0}je\u{00A0}1.000", change: "gestiegen +0,4 ggü. Vorquartal"),
            KeyFigure(label: "Digital-Anlaufstellen", value: "117", change: "unverändert ggü. Vorquartal"),
            KeyFigure(label: "Hochbetagtenanteilsentwicklung", value: "12.345.678\u{00A0}€"),
            KeyFigure(label: "SGB-II-Quote", value: "18,2\u{00A0}%"),
        ])
        let doc = try typeset([.keyFigures(tiles)])
        let walk = Walk(doc)
        let paragraphs = walk.all("P")
        for tile in tiles.tiles {
            let label = try XCTUnwrap(paragraphs.first { $0.text.replacingOccurrences(of: "\u{00AD}", with: "") == tile.label }, tile.label)
            XCTAssertFalse(label.text.contains("\u{00AD}"), "„\(tile.label)“ is not hyphenated")
            let value = try XCTUnwrap(paragraphs.first { $0.text == tile.value }, tile.value)
            XCTAssertEqual(value.baselines.count, 1, "„\(tile.value)“ on one line")
        }
        // The row's figures share one size, smaller than 20 pt because one of them would not fit.
        let sizes = Set(doc.pages[0].ops.compactMap { op -> Double? in
            guard case .glyphs(let run) = op, tiles.tiles.map(\.value).contains(run.glyphs.text) else { return nil }
            return run.glyphs.size
        })
        XCTAssertEqual(sizes.count, 1)
        XCTAssertLessThan(try XCTUnwrap(sizes.first), 20)
    }

    func testHeadingNeverEndsAPage() throws {
        var movedWhileItWouldHaveFit = 0
        for n in 22...48 {
            let doc = try typeset([.heading(Heading(level: 1, text: "Bericht"))] + filler(n)
                                  + [.heading(Heading(level: 2, text: "Abschnitt")), longParagraph])
            let walk = Walk(doc)
            let heading = try XCTUnwrap(walk.first("H2", containing: "Abschnitt"))
            let next = try XCTUnwrap(walk.first("Span", containing: "Die Quote") ?? walk.first("P", containing: "Die Quote"))
            XCTAssertEqual(heading.page, next.page, "n=\(n): the heading stays with its paragraph")
            if heading.page == 2, let last = walk.lastBaseline[1] {
                let theme = Theme()
                if last + 4 + theme.headingSpaceBefore[1] + 22 < theme.contentBottom { movedWhileItWouldHaveFit += 1 }
            }
        }
        XCTAssertGreaterThan(movedWhileItWouldHaveFit, 0, "some heading alone would have fitted but was moved")
    }

    func testNoOrphanOrWidowLines() throws {
        var splits = 0
        for n in 44...64 {
            let doc = try typeset(filler(n) + [longParagraph])
            let walk = Walk(doc)
            let paragraph = try XCTUnwrap(walk.all("P").last)
            XCTAssertTrue(paragraph.text.hasPrefix("Die Quote"))
            let layouts = walk.linesByContainer.values.filter { $0.values.reduce(0) { $0 + $1.count } >= 6 }
            XCTAssertEqual(layouts.count, 1)
            let pages = try XCTUnwrap(layouts.first)
            if pages.count > 1 {
                splits += 1
                for (page, lines) in pages {
                    XCTAssertGreaterThanOrEqual(lines.count, 2, "n=\(n): page \(page) holds \(lines.count) line(s)")
                }
                // A split paragraph is a P with one leaf Span per page.
                XCTAssertEqual(walk.all("Span").filter { $0.text.contains("Quote") || $0.text.contains("langsam") }.count, pages.count)
            }
        }
        XCTAssertGreaterThan(splits, 3)
    }

    func testLargeTypeSetsEasyReadBodyTextAt14Points() throws {
        if fonts == nil { fonts = try FontEnvironment() }
        let fonts = try XCTUnwrap(fonts, "fonts missing: run make deps")
        func lines(largeType: Bool) throws -> Int {
            let doc = Document(metadata: Metadata(title: "Leichte Sprache", language: "de-DE"),
                               settings: Settings(hyphenate: false, largeType: largeType), blocks: [longParagraph])
            let walk = Walk(try Typesetter(fonts: fonts).typeset(doc))
            return try XCTUnwrap(walk.all("P").first).baselines.count
        }
        XCTAssertEqual(Theme().largeType().bodySize, 14)
        // 14 pt instead of 10.5 pt: about a third more characters per line are lost.
        let normal = try lines(largeType: false), large = try lines(largeType: true)
        XCTAssertGreaterThanOrEqual(Double(large), Double(normal) * 1.25, "normal \(normal) lines, large \(large)")
    }

    func testTableOfContentsNumbersAreTheHeadingPages() throws {
        var blocks: [Block] = [.heading(Heading(level: 1, text: "Bericht")), .tableOfContents(TableOfContents(maxLevel: 3))]
        for i in 1...5 {
            blocks.append(.heading(Heading(level: 2, text: "Kapitel \(i)", id: "k\(i)")))
            blocks += filler(i * 9)
            blocks.append(.heading(Heading(level: 3, text: "Teil \(i)")))
            blocks.append(longParagraph)
        }
        let doc = try typeset(blocks)
        let walk = Walk(doc)
        let entries = walk.all("Link").filter { $0.tag.link.map { if case .dest(let d) = $0 { return d.hasPrefix("k") || d.hasPrefix("h-") } else { return false } } ?? false }
        XCTAssertEqual(entries.count, 10)
        for h in doc.headings where h.level >= 2 {
            let entry = try XCTUnwrap(entries.first { $0.tag.link == .dest(h.dest) })
            XCTAssertEqual(entry.text, "\(h.text)\(h.page)")
            XCTAssertEqual(entry.tag.alt, "\(h.text), Seite \(h.page)")
        }
        XCTAssertEqual(doc.headings.map(\.page), [1, 1, 1, 2, 2, 2, 3, 4, 5, 5, 6])
    }

    func testSampleDocumentExercisesEveryBlockTypeOnSixPagesOrMore() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates/samples/sample-document.json")
        let document = try Document.decode(json: Data(contentsOf: url), file: url.path)
        if fonts == nil { fonts = try FontEnvironment() }
        let doc = try Typesetter(fonts: try XCTUnwrap(fonts)).typeset(document)
        let walk = Walk(doc)
        XCTAssertGreaterThanOrEqual(doc.pages.count, 6)
        for type in ["H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TH", "TD",
                     "Figure", "Caption", "TOC", "TOCI", "Link", "Note", "Span"] {
            XCTAssertFalse(walk.all(type).isEmpty, "no \(type) element")
        }
        let table = try XCTUnwrap(walk.all("Table").first)
        let tableRows = walk.all("TR").filter { $0.page >= table.page }
        XCTAssertGreaterThan(Set(tableRows.map(\.page)).count, 2, "the table spans several pages")
        XCTAssertTrue(walk.elements.contains { $0.type == "Span" && $0.tag.lang == "en" })
        XCTAssertTrue(walk.elements.contains { if case .uri? = $0.tag.link { return true } else { return false } })
        XCTAssertTrue(walk.elements.contains { $0.type == "Link" && $0.tag.link == .dest("methodik") })
        // A nested list: an L inside an LBody.
        XCTAssertGreaterThanOrEqual(walk.all("L").count, 3)
        let pdf = try PDFRenderer.render(doc, metadata: PDFMetadata(document: document.metadata))
        XCTAssertEqual(pdf.elements.count, walk.elements.count)
    }

    func testAHeadingIsNotLeftAtThePageBottomWithOneShortLine() throws {
        // Easy-read sections: one-line paragraphs. Whatever precedes them, the heading's page holds
        // at least two lines of its section.
        var sawBoundary = false
        for lead in 30...70 {
            let section: [Block] = [.heading(Heading(level: 2, text: "Wie geht es den Menschen?"))]
                + (1...6).map { .paragraph(Paragraph("Kurzer Satz Nummer \($0).")) }
            let walk = Walk(try typeset([.heading(Heading(level: 1, text: "Bericht"))] + filler(lead) + section))
            let elements = walk.elements
            let h = try XCTUnwrap(elements.firstIndex { $0.type == "H2" })
            let after = elements[(h + 1)...].filter { $0.type == "P" }
            let samePage = after.filter { $0.page == elements[h].page }.count
            XCTAssertGreaterThanOrEqual(samePage, 2, "lead \(lead): heading on page \(elements[h].page) with \(samePage) line(s)")
            if after.contains(where: { $0.page != elements[h].page }) { sawBoundary = true }
        }
        XCTAssertTrue(sawBoundary, "some lead splits the section across pages")
    }

    func testFootnotesStandAtTheFootOfThePageOfTheirReference() throws {
        let note = String(repeating: "Quelle: Statistikstelle der Hansestadt Lübeck, Melderegister und Bundesagentur für Arbeit. ", count: 2)
        var split = false
        for lead in 30...60 {
            let doc = try typeset(filler(lead) + [
                .paragraph(Paragraph(runs: [.text("Erster Wert."), .footnote(note)])),
                .paragraph(Paragraph(runs: [.text("Zweiter Wert."), .footnote(note)])),
            ])
            let walk = Walk(doc)
            let notes = walk.all("Note")
            XCTAssertEqual(notes.count, 2)
            for (i, word) in ["Erster Wert.", "Zweiter Wert."].enumerated() {
                let reference = try XCTUnwrap(walk.all("P").first { $0.text.hasPrefix(word) })
                XCTAssertEqual(notes[i].page, reference.page, "lead \(lead): note \(i + 1) on the page of its reference")
                // Below every line of body text on its page, and inside the text area.
                let body = walk.elements.filter {
                    $0.page == notes[i].page && $0.furnitureDepth == 0 && ["P", "Span", "Link"].contains($0.type)
                        && !$0.text.contains("Statistikstelle")
                }
                let lowestText = body.flatMap(\.baselines).max() ?? 0
                XCTAssertGreaterThan(notes[i].baselines.min() ?? 0, lowestText, "lead \(lead)")
                XCTAssertLessThanOrEqual(notes[i].baselines.max() ?? 0, Theme().contentBottom)
            }
            if notes[0].page != notes[1].page { split = true }
        }
        XCTAssertTrue(split, "some lead puts the two references on different pages")
    }

    // MARK: measuring on two threads

    func testMeasuringTheSecondHalfOnAHelperThreadChangesNothing() throws {
        // Twelve sections, each with a footnote, a table and a figure: numbering that must run on
        // across the split, and every kind of unit on both of its sides.
        var blocks: [Block] = [.heading(Heading(level: 1, text: "Sozialbericht"))]
        for s in 1...12 {
            let rows = (1...8).map { ["Stadtteil \($0)", "\(s),\($0)", "\(s * 100 + $0)"] }
            blocks += [
                .heading(Heading(level: 2, text: "Abschnitt \(s)")),
                .paragraph(Paragraph(runs: [.text("Die Grundsicherungsquote im Abschnitt \(s) ist leicht gesunken."),
                                            .footnote("Quelle \(s): Statistikstelle der Hansestadt Lübeck.")])),
                longParagraph,
                .table(Table(caption: "Kennzahlen \(s)", columns: [TableColumn("Stadtteil"), TableColumn("Quote", align: .decimal),
                                                                   TableColumn("Fälle", align: .right)], rowHeaders: true, rows: rows)),
                .figure(Figure(drawing: Drawing(width: 200, height: 40, items: [
                    .rect(x: 0, y: 0, width: 40.0 * Double(s % 5 + 1), height: 30, fill: Color(red: 0.1, green: 0.3, blue: 0.6), stroke: nil, lineWidth: 0),
                    .text(x: 0, y: 38, text: "Wert \(s)", size: 8, anchor: .start, bold: false, color: Color(red: 0, green: 0, blue: 0)),
                ]), alt: "Balken für Abschnitt \(s)", caption: "Verlauf \(s)")),
            ]
        }
        let document = Document(metadata: Metadata(title: "Testbericht", language: "de-DE", organisation: "Hansestadt Lübeck",
                                                    date: "2026-11-26"), blocks: blocks)
        let split = try XCTUnwrap(Preparer.splitPoint(document.blocks), "long enough to be measured on two threads")
        XCTAssertEqual(Preparer.counters(after: document.blocks[..<split]),
                       Preparer.Counters(notes: (split - 1) / 5, tables: (split - 1) / 5, figures: (split - 1) / 5))
        if fonts == nil { fonts = try FontEnvironment() }
        let fonts = try XCTUnwrap(fonts)
        let oneThread = Typesetter(fonts: fonts)
        oneThread.measuresInParallel = false
        let sequential = try oneThread.typeset(document)
        let parallel = try Typesetter(fonts: fonts).typeset(document)
        let metadata = PDFMetadata(document: document.metadata)
        XCTAssertEqual(try PDFRenderer.render(parallel, metadata: metadata).bytes,
                       try PDFRenderer.render(sequential, metadata: metadata).bytes, "the same PDF, byte for byte")
        let walk = Walk(parallel)
        XCTAssertEqual(walk.all("Note").map { String($0.text.prefix { $0.isNumber }) }, (1...12).map(String.init))
        XCTAssertEqual(walk.all("Caption").map { String($0.text.prefix { $0 != ":" }) },
                       (1...12).flatMap { ["Tabelle \($0)", "Abbildung \($0)"] })
    }

    func testAHelperThreadIsLentOnlyWhileFewerThreadsThanTheLimitAreBusy() {
        let threads = ComputeThreads(limit: 2)  // the calling thread is busy
        XCTAssertTrue(threads.tryBegin(), "one idle core")
        XCTAssertFalse(threads.tryBegin(), "both cores busy")
        threads.end()
        threads.limit = 1  // publish --jobs 1
        XCTAssertFalse(threads.tryBegin())
        threads.end()  // the first thread waits for its workers
        threads.begin()  // one worker
        XCTAssertFalse(threads.tryBegin(), "--jobs 1 never lends a second core")
        threads.end()
        XCTAssertTrue(threads.tryBegin(), "the last worker finished: its core is idle")
    }

    // MARK: collections (the publish pack)

    /// A section document: H1, a contents block, an H2 an internal link points to, a footnote, a
    /// table and a figure, so numbering, destinations and links are all exercised.
    private func sectionDocument(_ name: String) -> Document {
        var blocks: [Block] = [.heading(Heading(level: 1, text: "Profil \(name)")), .tableOfContents(TableOfContents()),
                               .paragraph(Paragraph(runs: [.text("Siehe "), .link("Methode", destination: .internal("methode")),
                                                           .footnote("Quelle: Statistikstelle \(name).")]))]
        for s in 1...3 {
            blocks += [longParagraph,
                       .table(Table(caption: "Kennzahlen \(name) \(s)", columns: [TableColumn("Stadtteil"), TableColumn("Quote", align: .decimal)],
                                    rowHeaders: true, rows: (1...6).map { ["Stadtteil \($0)", "\(s),\($0)"] })),
                       .figure(Figure(drawing: Drawing(width: 200, height: 40, items: [
                           .text(x: 0, y: 30, text: "Wert \(s)", size: 8, anchor: .start, bold: false, color: Color(red: 0, green: 0, blue: 0)),
                       ]), alt: "Wert \(s) in \(name)", caption: "Verlauf \(name) \(s)"))]
        }
        blocks += [.heading(Heading(level: 2, text: "Methode", id: "methode")), .paragraph(Paragraph("Berechnet wie immer."))]
        return Document(metadata: Metadata(title: "Profil \(name)", language: "de-DE", organisation: "Hansestadt Lübeck",
                                           date: "2026-11-26"), blocks: blocks)
    }

    func testACollectionPlacesSectionsMeasuredOnOtherThreadsExactlyAsItsOwnMeasuring() throws {
        if fonts == nil { fonts = try FontEnvironment() }
        let fonts = try XCTUnwrap(fonts)
        let sections = [sectionDocument("Moisling"), sectionDocument("Kücknitz")]
        let cover = Document(metadata: Metadata(title: "Mappe", language: "de-DE", organisation: "Hansestadt Lübeck", date: "2026-12-03"),
                             blocks: [.heading(Heading(level: 1, text: "Mappe", id: "pack-cover")),
                                      .tableOfContents(TableOfContents(title: "Inhalt", maxLevel: 1))])
        // Each section measured on a thread of its own, with fonts of its own, as publish workers do.
        final class Measured: @unchecked Sendable { var value: [MeasuredDocument?] = [nil, nil] }
        let measured = Measured()
        let done = DispatchGroup()
        for (i, section) in sections.enumerated() {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                guard let own = try? FontEnvironment() else { return }
                measured.value[i] = try? Typesetter(fonts: own).measure(section)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        XCTAssertEqual(measured.value.map { $0 != nil }, [true, true], "both sections measured, their fonts gone with their threads")

        let reused = try Typesetter(fonts: fonts).typeset(cover: cover, sections: sections, measured: measured.value)
        let ownMeasuring = try Typesetter(fonts: fonts).typeset(cover: cover, sections: sections)
        // Measured documents that do not match their section (swapped) are not used.
        let swapped = try Typesetter(fonts: fonts).typeset(cover: cover, sections: sections,
                                                           measured: [measured.value[1], measured.value[0]])
        let metadata = PDFMetadata(document: cover.metadata)
        let expected = try PDFRenderer.render(ownMeasuring, metadata: metadata).bytes
        XCTAssertEqual(try PDFRenderer.render(reused, metadata: metadata).bytes, expected, "the same PDF, byte for byte")
        XCTAssertEqual(try PDFRenderer.render(swapped, metadata: metadata).bytes, expected)

        let walk = Walk(reused)
        // Each section keeps its own numbering, as in the document on its own.
        XCTAssertEqual(walk.all("Note").map { String($0.text.prefix { $0.isNumber }) }, ["1", "1"])
        XCTAssertEqual(walk.all("Note").map { $0.tag.id }, ["d1-note-1", "d2-note-1"])
        XCTAssertEqual(walk.all("Caption").map { String($0.text.prefix { $0 != ":" }) }.filter { $0 != "Inhalt" },
                       ["Tabelle 1", "Abbildung 1", "Tabelle 2", "Abbildung 2", "Tabelle 3", "Abbildung 3"]
                        + ["Tabelle 1", "Abbildung 1", "Tabelle 2", "Abbildung 2", "Tabelle 3", "Abbildung 3"])
        // Destinations carry the section's prefix; links point at their own section's heading.
        XCTAssertEqual(reused.headings.map(\.dest), ["pack-cover", "d1-h-0", "d1-methode", "d2-h-0", "d2-methode"])
        let links = walk.all("Link").compactMap { element -> String? in
            if case .dest(let name)? = element.tag.link { return name } else { return nil }
        }
        XCTAssertEqual(links.filter { $0.hasSuffix("methode") }, ["d1-methode", "d2-methode"])
        XCTAssertEqual(links.filter { $0.contains("note") }, ["d1-note-1", "d2-note-1"])
        // The cover's contents list the sections' H1s, each starting on a new page; the sections' own contents are dropped.
        let toc = walk.all("TOCI").map(\.text)
        let starts = reused.headings.filter { $0.level == 1 }.map(\.page)
        XCTAssertEqual(toc.count, 2)
        XCTAssertTrue(toc[0].hasPrefix("Profil Moisling") && toc[0].hasSuffix("\(starts[1])"), toc[0])
        XCTAssertTrue(toc[1].hasPrefix("Profil Kücknitz") && toc[1].hasSuffix("\(starts[2])"), toc[1])
        XCTAssertEqual(walk.all("TOC").count, 1)
        XCTAssertEqual(starts[0], 1)
        XCTAssertGreaterThan(starts[2], starts[1])
        XCTAssertEqual(walk.elements.filter { $0.type == "H1" }.map(\.page), starts)
    }

    // MARK: colours, hyphenation

    func testEveryTextColourHasAtLeast4_5To1Contrast() {
        let theme = Theme()
        for pair in theme.textColorPairs {
            XCTAssertGreaterThanOrEqual(pair.text.contrastRatio(against: pair.background), 4.5, pair.name)
        }
        XCTAssertEqual(theme.bodyColor.contrastRatio(against: .white), 17.40, accuracy: 0.01)
        XCTAssertEqual(theme.headingColor.contrastRatio(against: .white), 8.66, accuracy: 0.01)
        XCTAssertEqual(theme.mutedColor.contrastRatio(against: .white), 8.86, accuracy: 0.01)
        XCTAssertEqual(theme.mutedColor.contrastRatio(against: theme.tileBackground), 7.87, accuracy: 0.01)
        XCTAssertEqual(theme.bodyColor.contrastRatio(against: theme.tableHeaderBackground), 14.48, accuracy: 0.01)
    }

    func testGermanHyphenationInsertsSoftHyphens() throws {
        let hyphenator = try XCTUnwrap(Hyphenator.forLanguage("de"), "hyphen-de missing: run make deps")
        let shy = "\u{00AD}"
        XCTAssertEqual(hyphenator.hyphenate("Sozialmonitoring"), ["Sozi", "al", "mo", "ni", "to", "ring"].joined(separator: shy))
        XCTAssertEqual(hyphenator.hyphenate("Grundsicherungsquote"), ["Grund", "si", "che", "rungs", "quote"].joined(separator: shy))
        // Short words and non-letters stay as they are.
        XCTAssertEqual(hyphenator.hyphenate("Die Quote, 12,3 %"), "Die Quote, 12,3 %")
        XCTAssertNil(Hyphenator.forLanguage("fr"))
    }

    func testOneSharedDictionaryServesConcurrentDocuments() throws {
        Hyphenator.preload("de")
        let shared = try XCTUnwrap(Hyphenator.shared("de"))
        XCTAssertTrue(shared === Hyphenator.shared("de"), "loaded once per process")
        XCTAssertNil(Hyphenator.shared("fr"))
        let words = ["Sozialmonitoring", "Grundsicherungsquote", "Bedarfsgemeinschaften", "Langzeitarbeitslose",
                     "Einwohnerinnen", "Stadtteilprofil", "Arbeitslosenquote", "Kindertagesbetreuung"]
        let serial = words.map { Hyphenator.forLanguage("de")!.hyphenate($0) }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var byThread = [[String]](repeating: [], count: 8)
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let mine = (0..<200).map { k in shared.hyphenate(words[(i + k) % words.count]) }
            results.lock.lock(); results.byThread[i] = Array(mine.prefix(words.count)); results.lock.unlock()
        }
        for (i, result) in results.byThread.enumerated() {
            XCTAssertEqual(result, (0..<words.count).map { serial[(i + $0) % words.count] })
        }
    }

    func testTheMinusSignIsDrawnFromNotoSansMathAndKeptWithItsNumber() throws {
        let doc = try typeset([.paragraph(Paragraph("\u{2212}0,4 Pp."))])
        // Noto Sans lacks U+2212; Noto Sans Math (registered as a fallback) draws it — no en-dash stand-in,
        // which let a line break between the sign and its number.
        XCTAssertNil(fonts?.substitutions["\u{2212}"])
        XCTAssertEqual(Walk(doc).all("P").map(\.text), ["\u{2212}0,4 Pp."])
        XCTAssertEqual(try XCTUnwrap(Walk(doc).elements.first { $0.type == "P" }).text.unicodeScalars.first, "\u{2212}")
    }

    func testTheSystemFontConfigurationIsNeverLoaded() throws {
        _ = try FontEnvironment()
        // The process-wide default configuration is an empty one: fontconfig knows no system font …
        let current = try XCTUnwrap(FcConfigGetCurrent())
        XCTAssertEqual(FcConfigGetFonts(current, FcSetSystem).map { Int($0.pointee.nfont) } ?? 0, 0)
        // … and FcInit, which Pango calls on a thread of its own, keeps it instead of reading /etc/fonts.
        XCTAssertEqual(FcInit(), 1)
        XCTAssertEqual(FcConfigGetCurrent(), current)
    }

    // MARK: PDF

    /// A chart block is drawn when it is measured: a Figure with the generated alt text, then its
    /// data table (numbered like any table), the labels in the document's fonts at text width.
    func testAChartBlockBecomesAFigureAndItsDataTableAtLayout() throws {
        func v(_ p: String, _ x: Double) -> ChartValue { ChartValue(period: p, shortPeriod: p, value: x) }
        let data = ChartData(indicator: ChartIndicator(name: "SGB-II-Quote", unit: "percent", decimals: 1), series: [
            ChartSeries(code: "03", name: "Moisling", values: [v("August 2026", 21.0), v("September 2026", 21.3), v("Oktober 2026", 21.6)]),
            ChartSeries(code: "00", name: "Lübeck", isCity: true, values: [v("August 2026", 12.2), v("September 2026", 12.1), v("Oktober 2026", 12.0)]),
        ])
        let chart = Chart(spec: ChartSpec(kind: .line, caption: "Verlauf", table: true), data: data, language: "de-DE")
        let walk = Walk(try typeset([.paragraph(Paragraph("Vorher.")), .chart(chart)]))
        let figure = try XCTUnwrap(walk.all("Figure").first)
        XCTAssertEqual(figure.tag.alt, "Liniendiagramm – SGB-II-Quote, August 2026 bis Oktober 2026: In Moisling stieg der Wert "
                       + "von 21,0\u{00A0}% auf 21,6\u{00A0}%; der städtische Wert sank von 12,2\u{00A0}% auf 12,0\u{00A0}%.")
        XCTAssertEqual(walk.all("Caption").map(\.text), ["Abbildung 1: Verlauf", "Tabelle 1: Daten zu: Verlauf"])
        XCTAssertEqual(walk.all("TD").map(\.text), ["21,0 %", "12,2 %", "21,3 %", "12,1 %", "21,6 %", "12,0 %"].map {
            $0.replacingOccurrences(of: " ", with: "\u{00A0}")
        })

        var empty = chart
        empty.data.series = []
        XCTAssertThrowsError(try typeset([.paragraph(Paragraph("Vorher.")), .chart(empty)])) { error in
            XCTAssertEqual("\(error)", "blocks[1]: the chart cannot be drawn: a line chart needs at least two periods of data — fix the chart block (README, \"Document model (JSON)\") or leave it out")
        }
    }

    func testUnknownLinkTargetAndMissingFontsAreClearErrors() throws {
        XCTAssertThrowsError(try typeset([.paragraph(Paragraph(runs: [.link("x", destination: .internal("nirgends"))]))])) { error in
            XCTAssertEqual(error as? LayoutError, .unknownLinkTarget("nirgends", block: 0))
        }
        XCTAssertThrowsError(try typeset([.heading(Heading(level: 1, text: "A")), .heading(Heading(level: 3, text: "B"))])) { error in
            XCTAssertEqual(error as? LayoutError, .skippedHeadingLevel(block: 1, level: 3, previous: 1))
        }
        XCTAssertThrowsError(try FontEnvironment(fontsDirectory: URL(fileURLWithPath: "/nonexistent"))) { error in
            XCTAssertTrue("\(error)".contains("run `make deps`"))
        }
        XCTAssertThrowsError(try FontEnvironment.locateFonts(environment: ["CIVICBRIEF_FONTS": "/nonexistent/fonts"])) { error in
            XCTAssertEqual(error as? LayoutError, .fontsMissing(searched: ["/nonexistent/fonts"]))
        }
        let repoFonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fonts")
        XCTAssertEqual(try FontEnvironment.locateFonts(environment: ["CIVICBRIEF_FONTS": repoFonts.path]).path,
                       repoFonts.standardizedFileURL.path)
    }
}

/// Where the glyphs of the character at `byte` of a run's text start and end, from the run's start:
/// read from the run's clusters, as a PDF reader would.
func glyphEdges(_ run: GlyphRun, byte: Int) -> (leading: Double, trailing: Double) {
    var bytes = 0, glyph = 0
    for cluster in run.clusters {
        let glyphs = run.glyphs[glyph..<(glyph + Int(cluster.glyphs))]
        if byte < bytes + Int(cluster.bytes), let first = glyphs.first, let last = glyphs.last {
            return (first.x, last.x + last.advance)
        }
        bytes += Int(cluster.bytes)
        glyph += Int(cluster.glyphs)
    }
    return (.nan, .nan)
}
