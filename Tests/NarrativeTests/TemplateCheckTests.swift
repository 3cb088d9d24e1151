import DemoStore
import Document
import Facts
import Foundation
import IndicatorStore
@testable import Narrative
import XCTest

/// Templates with one mistake each, checked against the demo store: every problem comes back with the
/// position in the template file, so an analyst can jump to it.
final class TemplateCheckTests: XCTestCase {
    nonisolated(unsafe) static var store: IndicatorStore?
    nonisolated(unsafe) static var folder: URL?

    override class func setUp() {
        super.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("narrative-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("Templates/partials"), withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("demo.sqlite").path
        _ = try? DemoData.createStore(at: path)
        store = try? IndicatorStore.open(path: path)
        folder = dir
    }

    override class func tearDown() {
        store?.close()
        if let folder { try? FileManager.default.removeItem(at: folder) }
        super.tearDown()
    }

    static let header = """
        ---
        title: Test
        language: de
        area_level: district
        granularity: month
        parameters:
          top: {type: int, default: 3}
          note: {type: string, default: "none"}
        ---

        """  // the body starts on line 10

    /// Writes `body` after the standard header and renders it; returns the problems (empty when it rendered).
    func problems(_ body: String, name: String = "t.md", params: [String: String] = [:]) throws -> (file: String, problems: [String]) {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/\(name)").path
        try (Self.header + body).write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10"), parameters: params), facts: facts)
            return (file, [])
        } catch {
            return (file, error.problems.map(\.description))
        }
    }

    func render(_ body: String, params: [String: String] = [:]) throws -> Briefing {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/ok.md").path
        try (Self.header + body).write(toFile: file, atomically: true, encoding: .utf8)
        return try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10"), parameters: params), facts: facts)
    }

    func testSyntaxErrorPointsAtTheTag() throws {
        let (file, found) = try problems("Text\n\n{% if lang == \"de\" %}\nHallo\n")
        XCTAssertEqual(found, ["\(file):12:1: `{% if %}` is never closed — add `{% endif %}`"])
    }

    func testUnknownFilter() throws {
        let (file, found) = try problems("Zeile\nWert: {{ facts.arm_sgb2.current.value|prozent }}\n")
        XCTAssertEqual(found, ["\(file):11:39: unknown filter \"prozent\" — did you mean \"percent\"?"])
    }

    func testUnknownFact() throws {
        let (file, found) = try problems("A\n\nB {{ facts.arm_sgb3.current.formatted }}\n")
        XCTAssertEqual(found, ["\(file):12:12: no indicator \"arm_sgb3\" in the store (facts.arm_sgb3) — did you mean \"arm_sgb2\"?"])
    }

    func testUnknownIndicatorInBlock() throws {
        let (file, found) = try problems("```table\nareas: districts\nindicator: arm_sgb3\n```\n")
        XCTAssertEqual(found, ["\(file):12:12: unknown indicator \"arm_sgb3\" — list the codes with `civicbrief inspect`"])
    }

    func testUnknownAreaInBlock() throws {
        let (file, found) = try problems("Text\n\n```kpi\ntiles: [arm_sgb2]\narea: \"99\"\n```\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("\(file):14:7: unknown area \"99\""), found[0])
    }

    /// `height:` sets a line chart's plot height (the profiles use it to keep the chart on page 1);
    /// elsewhere, or out of range, it is an error at the value.
    func testLineChartHeight() throws {
        // The template asks; the chart is drawn at layout (ChartsTests: the drawing 30 pt lower).
        func chart(_ block: String) throws -> Chart? {
            for case .chart(let c) in try render(block).document.blocks { return c }
            return nil
        }
        let standard = try XCTUnwrap(chart("```chart\ntype: line\nindicator: arm_sgb2\n```\n"))
        let lower = try XCTUnwrap(chart("```chart\ntype: line\nindicator: arm_sgb2\nheight: 180\n```\n"))
        XCTAssertNil(standard.spec.height)
        XCTAssertEqual(lower.spec.height, 180)
        XCTAssertEqual(lower.spec.kind, .line)
        XCTAssertEqual(lower.language, "de-DE")
        let (file, found) = try problems("""
            ```chart
            type: bar
            indicator: arm_sgb2
            height: 180
            ```

            ```chart
            type: line
            indicator: arm_sgb2
            height: 80
            ```

            """)
        XCTAssertEqual(found, [
            "\(file):13:9: `height:` applies to line charts only — the other kinds size themselves to their data",
            "\(file):19:9: `height:` takes the plot's height in points, 120–400 (default 210)",
        ])
    }

    func testInvalidBlockYAML() throws {
        let (file, found) = try problems("```kpi\ntiles: [arm_sgb2, arb_alq\n```\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("\(file):12:"), found[0])
        XCTAssertTrue(found[0].contains("invalid YAML in the kpi block"), found[0])
    }

    func testWrongParameterType() throws {
        let (file, found) = try problems("Text\n", params: ["top": "viele"])
        XCTAssertEqual(found, ["\(file):7:3: parameter top (int) must be a whole number, found \"viele\""])
    }

    func testSandboxRejectsPathsOutsideTheTemplatesFolder() throws {
        let (file, found) = try problems("Text\n{% include \"../demo.sqlite\" %}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].hasPrefix("\(file):11:4: include \"../demo.sqlite\" is outside the templates folder"), found[0])
    }

    func testSandboxRejectsSymlinkLeavingTheFolder() throws {
        let folder = try XCTUnwrap(Self.folder)
        let link = folder.appendingPathComponent("Templates/partials/escape.md")
        try? FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder.appendingPathComponent("demo.sqlite"))
        let (_, found) = try problems("{% include \"partials/escape.md\" %}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].contains("leads outside the templates folder"), found[0])
    }

    func testRecursiveIncludeStops() throws {
        let folder = try XCTUnwrap(Self.folder)
        try "again {% include \"partials/loop.md\" %}".write(to: folder.appendingPathComponent("Templates/partials/loop.md"), atomically: true, encoding: .utf8)
        let (_, found) = try problems("{% include \"partials/loop.md\" %}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].contains("includes nested more than \(TemplateBudget.maxIncludeDepth) deep"), "\(found)")
        XCTAssertTrue(found[0].hasSuffix(", … 13 more)"), "\(found)")
    }

    func testAllProblemsAtOnce() throws {
        let (file, found) = try problems("{{ facts.nope.current.formatted }}\n\n```table\nindicator: nix\n```\n", params: ["top": "x"])
        XCTAssertEqual(found, [
            "\(file):7:3: parameter top (int) must be a whole number, found \"x\"",
            "\(file):10:10: no indicator \"nope\" in the store (facts.nope) — list the codes with `civicbrief inspect`",
            "\(file):13:12: unknown indicator \"nix\" — list the codes with `civicbrief inspect`",
        ])
    }

    func testLongRangeLoopIsRefused() throws {
        let (file, found) = try problems("A\n{% for i in 1...100000 %}x{% endfor %}\n")
        XCTAssertEqual(found, ["\(file):11:13: range 1...100000 is too long for a template loop (at most 1000 items) — loop over the data instead"])
    }

    func testClockIsNotAvailable() throws {
        let (_, found) = try problems("{% now \"yyyy\" %}\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].contains("the `now` tag is not available"), found[0])
    }

    func testFrontMatterProblemsPointIntoTheHeader() throws {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/header.md").path
        try "---\ntitle: T\nlanguage: fr\ngranularity: week\nparameters:\n  n: {type: int, default: zwei}\n---\nText\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10")), facts: facts)) { error in
            XCTAssertEqual((error as? TemplateFailure)?.problems.map(\.description), [
                "\(file):3:11: unknown language \"fr\" — use de or en",
                "\(file):4:14: unknown granularity \"week\" — use month, quarter or year",
                "\(file):6:27: default of parameter n must be a whole number, found \"zwei\"",
            ])
        }
    }

    func testShippedTemplateHeadersDeclareLevelGranularityAndLanguage() throws {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Templates")
        let pack = try BriefingRenderer.header(templatePath: templates.appendingPathComponent("monatsbericht-sozialausschuss.md").path)
        XCTAssertEqual(pack.areaLevels, [.city])
        XCTAssertEqual(pack.granularity, .month)
        XCTAssertEqual(pack.parameters.map(\.name), ["top"])
        XCTAssertEqual(pack.parameters.first?.defaultValue, "5")
        let english = try BriefingRenderer.header(templatePath: templates.appendingPathComponent("district-profile.en.md").path)
        XCTAssertEqual(english.language, .en)
        XCTAssertEqual(english.areaLevels, [.district])
        let easy = try BriefingRenderer.header(templatePath: templates.appendingPathComponent("stadtteilprofil-leichte-sprache.md").path)
        XCTAssertTrue(easy.largeType)
        XCTAssertEqual(easy.bodyStartLine, 11)
    }

    func testInsertedValuesCannotChangeTheStructure() throws {
        let briefing = try render("Hinweis: {{ params.note }}\n\n{{ params.note }}\n", params: ["note": "# * | [x](y)"])
        XCTAssertEqual(briefing.document.blocks, [
            .paragraph(Paragraph("Hinweis: # * | [x](y)")),
            .paragraph(Paragraph("# * | [x](y)")),
        ])
    }

    func testRawInsertsTrustedMarkdown() throws {
        let briefing = try render("{{ params.note|raw }} und {{ params.note }}\n", params: ["note": "**fett**"])
        XCTAssertEqual(briefing.document.blocks, [.paragraph(Paragraph(runs: [.bold("fett"), .text(" und **fett**")]))])
    }

    func testTemplateMarkupIsKept() throws {
        let briefing = try render("# Abschnitt\n\n**{{ facts.arm_sgb2.indicator.shortLabel }}** {{ facts.arm_sgb2|comparison_phrase }}.\n")
        XCTAssertEqual(briefing.document.blocks.first, .heading(Heading(level: 1, text: "Abschnitt")))
        guard case .paragraph(let p)? = briefing.document.blocks.last else { return XCTFail("no paragraph") }
        XCTAssertEqual(p.runs.first, .bold("SGB-II-Quote"))
    }

    /// Key-figure tiles say the direction in words and carry it as a trend for the arrow; an
    /// unchanged value says so instead of „0,0 Pp.“. Values as in the demo store for October 2026
    /// (the monthly pack shows the same: city SGB II 9,0 %, unemployment 7,4 %, +0,2 Pp.).
    func testKeyFigureTilesSayTheDirectionInWords() throws {
        let city = try render("```kpi\ntiles: [arm_sgb2, arb_alq, dig_leihgeraete]\narea: \"00\"\n```\n")
        guard case .keyFigures(let k)? = city.document.blocks.first else { return XCTFail("no tiles: \(city.document.blocks)") }
        XCTAssertEqual(k.tiles.map(\.value), ["9,0\u{a0}%", "7,4\u{a0}%", "117"])
        XCTAssertEqual(k.tiles.map(\.change), ["unverändert ggü. Vormonat", "gestiegen +0,2\u{a0}Pp. ggü. Vormonat",
                                               "gestiegen +2 ggü. Vormonat"])
        XCTAssertEqual(k.tiles.map(\.trend), [.unchanged, .up, .up])
        // St. Lorenz Nord's long-term unemployment fell from 41,7 % to 40,8 % (the pack's notable changes).
        let nord = try render("```kpi\ntiles: [arb_langzeit]\narea: \"06\"\n```\n")
        guard case .keyFigures(let n)? = nord.document.blocks.first else { return XCTFail("no tiles") }
        XCTAssertEqual(n.tiles.first?.value, "40,8\u{a0}%")
        XCTAssertEqual(n.tiles.first?.trend, .down)
        XCTAssertTrue(n.tiles.first?.change?.hasPrefix("gesunken ") == true, n.tiles.first?.change ?? "")
        XCTAssertTrue(n.tiles.first?.change?.contains("0,9\u{a0}Pp. ggü. Vormonat") == true, n.tiles.first?.change ?? "")
    }
}

final class PartialErrorTests: XCTestCase {
    func testErrorInsidePartialPointsIntoThePartial() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("narrative-partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Templates/partials"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let storePath = dir.appendingPathComponent("demo.sqlite").path
        _ = try DemoData.createStore(at: storePath)
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let facts = try FactsBuilder(store: store)
        try "Zeile eins\n\nWert {{ 3|gibtsnicht }}\n".write(to: dir.appendingPathComponent("Templates/partials/p.md"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("Templates/t.md").path
        try "---\ntitle: T\n---\nA\n{% include \"partials/p.md\" %}\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10")), facts: facts)) { error in
            let problems = (error as? TemplateFailure)?.problems.map(\.description) ?? []
            let partial = dir.appendingPathComponent("Templates").path + "/partials/p.md"
            XCTAssertEqual(problems.count, 1)
            XCTAssertEqual(problems, ["\(partial):3:11: unknown filter \"gibtsnicht\" — the filters are listed by `civicbrief facts` (included from \(file):5:1)"])
        }
        try "Zeile\n{{ indicators.gibtsnicht.name }}\n".write(to: dir.appendingPathComponent("Templates/partials/p.md"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10")), facts: facts)) { error in
            let partial = dir.appendingPathComponent("Templates").path + "/partials/p.md"
            XCTAssertEqual((error as? TemplateFailure)?.problems.map(\.description), [
                "\(partial):2:15: no indicator \"gibtsnicht\" in the store (indicators.gibtsnicht) — list the codes with `civicbrief inspect` (included from \(file):5:1)",
            ])
        }
    }
}
