import DemoStore
import Facts
import Foundation
import IndicatorStore
@testable import Narrative
import XCTest

/// The vocabulary `check` validates against and `civicbrief facts` prints cannot drift from the code:
/// it is read from the Facts types, every member has a description, and the context the renderer
/// builds has exactly the variables it lists.
final class TemplateVocabularyTests: XCTestCase {
    func testEveryFactMemberIsDescribed() {
        for type in TemplateVocabulary.factTypes {
            let name = TemplateVocabulary.typeName(type)
            let object = TemplateVocabulary.objects[name]
            XCTAssertNotNil(object, name)
            XCTAssertFalse(object?.description.isEmpty ?? true, "\(name) has no description")
            XCTAssertFalse(object?.members.isEmpty ?? true, name)
            for m in object?.members ?? [] {
                XCTAssertFalse(m.description.isEmpty, "\(name).\(m.name) has no description in FactDescriptions")
            }
        }
        // No description for a member that does not exist (renamed or removed).
        for key in FactDescriptions.members.keys {
            let parts = key.split(separator: ".").map(String.init)
            XCTAssertNotNil(TemplateVocabulary.objects[parts[0]]?.member(parts[1]), "FactDescriptions has \(key), the type does not")
        }
    }

    func testMembersAreTheStoredPropertiesWithTheirTypes() {
        let fact = TemplateVocabulary.objects["IndicatorFact"]
        XCTAssertEqual(fact?.member("current")?.type, .object("ValueFact"))
        XCTAssertEqual(fact?.member("city")?.optional, true)
        XCTAssertEqual(TemplateVocabulary.objects["ValueFact"]?.member("value")?.type, .number)
        XCTAssertEqual(TemplateVocabulary.objects["RankFact"]?.member("ties")?.type, .integer)
        XCTAssertEqual(TemplateVocabulary.objects["CityFact"]?.member("rule")?.type, .object("ComparisonRule"))
        XCTAssertEqual(TemplateVocabulary.objects["ComparisonRule"]?.member("measure")?.type, .text)
        XCTAssertEqual(TemplateVocabulary.objects["NotableChanges"]?.member("improvements")?.type, .list(.object("NotableChange")))
    }

    func testTheRenderContextHasExactlyTheListedVariables() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        try DemoData.createStore(at: path)
        // The demo store has an index: compute it as `demo` does, so socialindex variables exist.
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }
        let problems = ProblemCollector(file: "x")
        let source = FactSource(facts: try FactsBuilder(store: store), language: .de, period: Period("2026-10")!, problems: problems)
        let area = try XCTUnwrap(try store.areas().first { $0.code == "03" })
        let context = makeContext(source: source, area: area, params: [:], templateName: "t")
        let listed = Set(TemplateVocabulary.variables.map(\.name))
        let optional = Set(TemplateVocabulary.variables.filter(\.optional).map(\.name))
        XCTAssertTrue(Set(context.keys).isSubset(of: listed), "context has unlisted variables: \(Set(context.keys).subtracting(listed))")
        XCTAssertEqual(listed.subtracting(context.keys).subtracting(optional), [], "listed variables missing from the context")
        // Members of the area dictionary are those of the Area object.
        let areaMembers = Set(TemplateVocabulary.objects["Area"]?.members.map(\.name) ?? [])
        XCTAssertTrue(Set((context["area"] as? [String: Any])?.keys.map { $0 } ?? []).isSubset(of: areaMembers))
    }

    func testTheReferenceListsPathsWithTypes() {
        let entries = TemplateReference.entries()
        let paths = Set(entries.map(\.path))
        for p in ["area.name", "facts.<code>.current.formatted", "facts.<code>.city.phrase", "districts[].code", "|value_phrase", "|easy_share_100:[\"child\"|\"household\"|\"person\"]"] {
            XCTAssertTrue(paths.contains(p), p)
        }
        XCTAssertEqual(entries.first { $0.path == "facts.<code>.current.value" }?.type, "number (may be absent)")
        let markdown = TemplateReference.markdown()
        XCTAssertTrue(markdown.hasPrefix("| variable | type | what it is |\n|---|---|---|\n| `area` |"), markdown)
        for object in ["**Area**", "**IndicatorFact**", "**ValueFact**", "**CityFact**", "**ComparisonRule**", "**SocialIndexAreaFact**", "**ForLoop**"] {
            XCTAssertEqual(markdown.components(separatedBy: object).count, 2, "\(object) once")
        }
    }
}
