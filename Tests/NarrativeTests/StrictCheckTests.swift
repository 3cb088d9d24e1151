import DemoStore
import Document
import Facts
import Foundation
import IndicatorStore
@testable import Narrative
import XCTest

/// `check` is strict (issue 13) and bounded (issue 20): every mistake that would lose or garble text is
/// an error at its place, with the nearest valid name; every template's work is bounded.
final class StrictCheckTests: XCTestCase {
    nonisolated(unsafe) static var store: IndicatorStore?
    nonisolated(unsafe) static var folder: URL?

    override class func setUp() {
        super.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strict-check-\(ProcessInfo.processInfo.processIdentifier)")
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
          vorbemerkung: {type: string, default: "Vorab"}
        ---
        # Test

        """  // the body's second line is line 10

    func run(_ body: String, name: String = "t.md", area: String = "03", period: String = "2026-10",
             header: String = StrictCheckTests.header) throws -> (file: String, problems: [String], briefing: Briefing?) {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/\(name)").path
        try (header + body).write(toFile: file, atomically: true, encoding: .utf8)
        do {
            let b = try BriefingRenderer.render(BriefingRequest(templatePath: file, area: area, period: Period(period)), facts: facts)
            return (file, [], b)
        } catch {
            return (file, error.problems.map(\.description), nil)
        }
    }

    func partial(_ name: String, _ text: String) throws {
        try text.write(to: try XCTUnwrap(Self.folder).appendingPathComponent("Templates/partials/\(name)"), atomically: true, encoding: .utf8)
    }

    // MARK: - Text that would be lost or garbled

    func testAnUnclosedExpressionIsAnErrorNotALostSentence() throws {
        let (file, found, _) = try run("{{ params.vorbemerkung \nim Oktober 2026. {{ area.name }}\n")
        XCTAssertEqual(found, ["\(file):10:1: `{{` is not closed by `}}` — close it on the same tag (everything up to the next tag would be lost)"])
    }

    func testATypoInAPropertyNamesTheNearestOne() throws {
        let (file, found, _) = try run("Die Quote beträgt {{ facts.arm_sgb2.current.formated }}.\n")
        XCTAssertEqual(found, ["\(file):10:45: unknown property \"formated\" of facts.arm_sgb2.current (ValueFact) — did you mean \"facts.arm_sgb2.current.formatted\"?"])
    }

    func testUnknownNamesAreFoundInBranchesTheDataDoesNotTake() throws {
        let (file, found, _) = try run("{% if false %}{{ socialindex.warnng }}{% endif %}\n{% for d in domains %}{{ d.nam }}{% endfor %}\n")
        XCTAssertEqual(found, [
            "\(file):10:30: unknown property \"warnng\" of socialindex (SocialIndexReport) — did you mean \"socialindex.warning\"?",
            "\(file):11:28: unknown property \"nam\" of d (Domain) — did you mean \"d.name\"?",
        ])
    }

    func testUnknownVariablesParametersAndTags() throws {
        let (file, found, _) = try run("{{ are.name }} {{ params.vorbemerkng }}\n{% iff x %}\n")
        XCTAssertEqual(found, [
            "\(file):10:4: unknown variable \"are\" — did you mean \"area\"?",
            "\(file):10:26: unknown parameter \"vorbemerkng\" — did you mean \"params.vorbemerkung\"?",
            "\(file):11:4: unknown tag `iff` — did you mean `if`?",
        ])
    }

    func testAFilterGivenTheWrongKindOfValue() throws {
        let (file, found, _) = try run("{{ area.name|percent }} {{ facts.arm_sgb2.current|comparison_phrase }} {{ facts.bev_einwohner|comparison_phrase }}\n")
        XCTAssertEqual(found, [
            "\(file):10:14: filter percent needs a number, but area.name is text",
            "\(file):10:51: filter comparison_phrase needs a fact such as facts.arm_sgb2, but facts.arm_sgb2.current is ValueFact",
            "\(file):10:95: bev_einwohner is a count: a district's count is part of the city's, so it is not compared in words — print the city's value instead",
        ])
    }

    func testAValueThatRendersNothingIsAnErrorAtItsExpression() throws {
        // The city has no parent: `area.parent.name` is absent for it.
        let (file, found, _) = try run("Teil von {{ area.parent.name }}.\n", area: "00",
                                       header: Self.header.replacingOccurrences(of: "area_level: district", with: "area_level: city"))
        XCTAssertEqual(found, ["\(file):10:10: area.parent is absent here ({{ area.parent.name }}) — print it only inside {% if area.parent %} … {% endif %}"])
    }

    func testATableSymbolInRunningTextIsAnError() throws {
        // Schlutup's devices lent in April 2026 are suppressed in the demo data (small numbers).
        let (file, found, _) = try run("Geräte: {{ facts.dig_leihgeraete.current.formatted }}.\n", area: "08", period: "2026-04")
        XCTAssertEqual(found.count, 1)
        guard found.count == 1 else { return }
        XCTAssertTrue(found[0].hasPrefix("\(file):10:9: {{ facts.dig_leihgeraete.current.formatted }} would print „x“ (the table symbol for a suppressed value"), "\(found)")
        XCTAssertTrue(found[0].hasSuffix("say it in words with {{ facts.dig_leihgeraete|value_phrase }}, or test {% if facts.dig_leihgeraete.current.hasValue %}"), "\(found)")
        // In words it reads.
        let (_, none, briefing) = try run("Die Zahl {{ facts.dig_leihgeraete|value_phrase }}.\n", area: "08", period: "2026-04")
        XCTAssertEqual(none, [])
        guard case .paragraph(let p)? = briefing?.document.blocks.last else { return XCTFail("no paragraph") }
        XCTAssertEqual(p.runs.map(\.visibleText).joined(), "Die Zahl ist für April\u{00A0}2026 aus Datenschutzgründen gesperrt.")
    }

    func testCheckAppliesTheRulesLayoutApplies() throws {
        let (file, found, _) = try run("Text\n\n#### Zu tief\n")
        XCTAssertEqual(found, ["\(file):12:1: heading „Zu tief“ (level 4) follows a level 1 heading — headings may not skip a level (PDF/UA); use level 2"])
    }

    func testEveryProblemOfATemplateAtOnce() throws {
        let (file, found, _) = try run("{{ facts.nope.current.formatted }}\n\n```table\nindicator: nix\n```\n{{ area.nme }}\n")
        XCTAssertEqual(found, [
            "\(file):10:10: no indicator \"nope\" in the store (facts.nope) — list the codes with `civicbrief inspect`",
            "\(file):13:12: unknown indicator \"nix\" — list the codes with `civicbrief inspect`",
            "\(file):15:9: unknown property \"nme\" of area (Area) — did you mean \"area.name\"?",
        ])
    }

    // MARK: - Bounded work

    func testNestedLoopsStopAtTheStepBudget() throws {
        let started = Date()
        let (file, found, _) = try run("{% for a in 1...999 %}{% for b in 1...999 %}{% for c in 1...999 %}{% endfor %}{% endfor %}{% endfor %}\n")
        XCTAssertEqual(found, ["\(file):10:45: template error: the template does more than \(TemplateBudget.maxSteps) steps (loop passes, includes and printed values) — check for loops inside loops or a runaway include"])
        // Not a timing test: a bound that holds stops within seconds, where the unbounded loop ran for minutes.
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }

    func testIncludesOfALoopingPartialShareOneBudget() throws {
        try partial("schleife.md", "{% for i in 1...999 %}{% for j in 1...999 %}.{% endfor %}{% endfor %}")
        let body = String(repeating: "{% include \"partials/schleife.md\" %}\n", count: 9)
        let (_, found, _) = try run(body)
        XCTAssertEqual(found.count, 1)
        guard found.count == 1 else { return }
        XCTAssertTrue(found[0].contains("more than \(TemplateBudget.maxSteps) steps"), "\(found)")
        XCTAssertTrue(found[0].contains("(included from "), "\(found)")
    }

    func testALongRangeIsRefusedBeforeItIsBuilt() throws {
        let (file, found, _) = try run("{% for i in 1...10000000 %}x{% endfor %}\n")
        XCTAssertEqual(found, ["\(file):10:13: range 1...10000000 is too long for a template loop (at most 1000 items) — loop over the data instead"])
        // Through a variable the check cannot see it, the loop refuses it before building it.
        let (_, atRender, _) = try run("{% for i in 1...districts.count %}{% for j in 1...params.vorbemerkung.count %}{% endfor %}{% endfor %}\n")
        XCTAssertEqual(atRender, [])
    }

    func testIndentCannotAllocateWithoutBound() throws {
        let (file, found, _) = try run("{{ \"a\"|indent:1000000000 }}\n")
        XCTAssertEqual(found, ["\(file):10:1: template error: indent takes a width from 0 to \(TemplateBudget.maxIndent), got 1000000000"])
    }

    func testOutputSizeIsCheckedWhileRendering() throws {
        try partial("gross.md", String(repeating: "Wort ", count: 600_000))  // 3 MB
        let (_, found, _) = try run(String(repeating: "{% include \"partials/gross.md\" %}\n", count: 200))
        XCTAssertEqual(found.count, 1)
        guard found.count == 1 else { return }
        XCTAssertTrue(found[0].contains("more than 4 MB of text"), "\(found)")
    }

    func testYAMLAliasBombsAreRefused() throws {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        let (file, found, _) = try run("```chart\ntype: line\nindicator: arm_sgb2\n\(bomb)```\n")
        XCTAssertEqual(found.count, 1)
        guard found.count == 1 else { return }
        XCTAssertTrue(found[0].hasPrefix("\(file):11:1: invalid YAML in the chart block: the YAML expands to more than 20000 values"), "\(found)")
        let header = "---\ntitle: Test\nlanguage: de\nx: &a [x, x, x]\n" + bomb + "---\n# T\n"
        let (_, inFront, _) = try run("", header: header)
        XCTAssertTrue(inFront.contains { $0.contains("front matter is not valid YAML: the YAML expands to more than 20000 values") }, "\(inFront)")
    }

    func testDeeplyNestedMarkdownAndYAMLAreErrorsNotCrashes() throws {
        let (_, quotes, _) = try run(String(repeating: "> ", count: 3000) + "Zitat\n")
        XCTAssertEqual(quotes.count, 1)
        guard quotes.count == 1 else { return }
        XCTAssertTrue(quotes[0].contains("nested more than 32 levels deep"), "\(quotes)")
        let (_, yaml, _) = try run("```kpi\ntiles: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n```\n")
        XCTAssertEqual(yaml.count, 1)
        guard yaml.count == 1 else { return }
        XCTAssertTrue(yaml[0].contains("nested more than 64 levels deep"), "\(yaml)")
    }

    func testCheckIsLinearInTemplateSize() throws {
        // 20,000 headings took over a minute in Stencil's lexer; checked here as one render (no timing).
        let body = (1...20_000).map { "## Abschnitt \($0)" }.joined(separator: "\n\n") + "\n"
        let started = Date()
        let (_, found, briefing) = try run(body)
        XCTAssertEqual(found, [])
        XCTAssertEqual(briefing?.document.blocks.count, 20_001)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
    }

    // MARK: - Values in fenced blocks

    /// Any name — with every YAML-significant character or keyword — inside the author's quotes or
    /// not, makes valid YAML: values go in as placeholders and come back after parsing.
    func testBlockValuesAreSafeWhateverTheQuoting() throws {
        let names = ["Moisling, Genin", "a: b", "# kein Kommentar", "'einfach'", "\"doppelt\"", "A & B", "[x]", "{y}", "100 %",
                     "yes", "null", "~", "- Liste", "? Frage", "| Block", "> gefaltet", "*stern", "!tag", "@at", "`tick`", "x\\y"]
        for name in names {
            for line in ["title: \"{{ params.vorbemerkung }}\"", "title: '{{ params.vorbemerkung }}'", "title: {{ params.vorbemerkung }}",
                         "title: Karte {{ params.vorbemerkung }} und mehr"] {
                let store = try XCTUnwrap(Self.store)
                let facts = try FactsBuilder(store: store)
                let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/block.md").path
                try (Self.header + "```map\nindicator: arm_sgb2\ntable: false\n\(line)\n```\n").write(toFile: file, atomically: true, encoding: .utf8)
                let b = try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", period: Period("2026-10"),
                                                                    parameters: ["vorbemerkung": name]), facts: facts)
                guard case .chart(let c)? = b.document.blocks.last else { return XCTFail("no chart for \(name) in \(line)") }
                XCTAssertTrue(c.spec.caption?.contains(name) == true, "\(name) in \(line): \(c.spec.caption ?? "")")
            }
        }
    }

    // MARK: - Language

    func testAnotherLanguageNeedsTheTemplatesDeclaration() throws {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let file = try XCTUnwrap(Self.folder).appendingPathComponent("Templates/lang.md").path
        try (Self.header + "Text\n").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", language: "en"), facts: facts)) { error in
            XCTAssertEqual((error as? TemplateFailure)?.problems.map(\.description),
                           ["\(file):3:1: the template is written in de and cannot be rendered with --lang en — its own sentences would stay in de; render a template written in that language, or declare `languages: [de, en]` after writing both"])
        }
        try (Self.header.replacingOccurrences(of: "language: de", with: "language: de\nlanguages: [de, en]") + "Text\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let en = try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03", language: "en"), facts: facts)
        XCTAssertEqual(en.language, .en)
    }

    // MARK: - Robustness

    /// Seeded fuzzing of the checker: shipped templates with random characters inserted, deleted and
    /// swapped never crash the checker; every failure is a list of problems with positions in the files.
    func testFuzzedTemplatesNeverCrashTheChecker() throws {
        let store = try XCTUnwrap(Self.store)
        let facts = try FactsBuilder(store: store)
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let templates = try FileManager.default.contentsOfDirectory(atPath: repo.appendingPathComponent("Templates").path)
            .filter { $0.hasSuffix(".md") }.sorted()
        let folder = try XCTUnwrap(Self.folder).appendingPathComponent("Templates")
        for name in ["partials/hinweis-synthetisch.md", "partials/leichte-sprache-keine-zahl.md"] {
            try? FileManager.default.copyItem(at: repo.appendingPathComponent("Templates/\(name)"), to: folder.appendingPathComponent(name))
        }
        var rng = SplitMix(seed: 0x5EED_2026)
        let pieces = ["{{", "}}", "{%", "%}", "{#", "#}", "|", ":", "\"", "'", "```", "\n", "-", "[", "]", ".", "for", "endif", "…", "\u{0}"]
        var failures = 0
        for round in 0..<120 {
            let source = try String(contentsOf: repo.appendingPathComponent("Templates/\(templates[round % templates.count])"), encoding: .utf8)
            var chars = Array(source.unicodeScalars)
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let at = Int(rng.next() % UInt64(max(1, chars.count)))
                switch rng.next() % 3 {
                case 0: chars.insert(contentsOf: pieces[Int(rng.next() % UInt64(pieces.count))].unicodeScalars, at: at)
                case 1: if !chars.isEmpty { chars.remove(at: min(at, chars.count - 1)) }
                default: if chars.count > at + 1 { chars.swapAt(at, at + 1) }
                }
            }
            var text = String.UnicodeScalarView(); text.append(contentsOf: chars)
            let file = folder.appendingPathComponent("fuzz.md").path
            try String(text).write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try BriefingRenderer.render(BriefingRequest(templatePath: file, area: "03"), facts: facts)
            } catch {
                failures += 1
                XCTAssertFalse(error.problems.isEmpty, "round \(round)")
                for p in error.problems { XCTAssertGreaterThanOrEqual(p.line, 1); XCTAssertFalse(p.message.isEmpty) }
            }
        }
        XCTAssertGreaterThan(failures, 30, "the mutations should break most templates")
    }
}

/// A small seeded generator (SplitMix64), so the fuzz test repeats exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
