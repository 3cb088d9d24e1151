@testable import Narrative
import Stencil
import XCTest

/// Facts reach templates as `TemplateObject`s (reflected once instead of on every `{{ }}`); templates
/// and filters must see exactly what they saw of the plain structs.
final class TemplateObjectTests: XCTestCase {
    struct Value { var formatted: String; var value: Double?; var provisional: Bool }
    struct Rank { var position: Int }
    struct Fact { var current: Value; var rank: Rank?; var history: [Value]; var tags: [String] }

    let fact = Fact(current: Value(formatted: "9,3 %", value: 9.3, provisional: false), rank: nil,
                    history: [Value(formatted: "9,1 %", value: 9.1, provisional: true), Value(formatted: "–", value: nil, provisional: false)],
                    tags: ["a", "b"])

    func testMembersNestedStructsOptionalsAndArrays() throws {
        let object = try XCTUnwrap(templateValue(fact) as? TemplateObject)
        let current = try XCTUnwrap(object[dynamicMember: "current"] as? TemplateObject)
        XCTAssertEqual(current[dynamicMember: "formatted"] as? String, "9,3 %")
        XCTAssertEqual(current[dynamicMember: "value"] as? Double, 9.3)
        XCTAssertEqual(current[dynamicMember: "provisional"] as? Bool, false)
        XCTAssertNil(object[dynamicMember: "rank"], "a nil optional is absent, so `{% if fact.rank %}` is false")
        XCTAssertNil(object[dynamicMember: "nonsense"])
        let history = try XCTUnwrap(object[dynamicMember: "history"] as? [Any])
        XCTAssertEqual(history.count, 2)
        XCTAssertNil((history[1] as? TemplateObject)?[dynamicMember: "value"])
        XCTAssertEqual((object[dynamicMember: "tags"] as? [Any])?.compactMap { $0 as? String }, ["a", "b"])
        // Filters get the struct back.
        XCTAssertNotNil(unwrapOptional(object) as? Fact)
        XCTAssertNotNil(unwrapOptional(Optional<Any>.some(current)) as? Value)
        XCTAssertNil(unwrapOptional(Optional<Int>.none as Any))
    }

    func testStencilRendersWrappedValuesLikeThePlainStructs() throws {
        let template = """
        {{ f.current.formatted }}|{% if f.rank %}rank{% else %}no rank{% endif %}|\
        {% for h in f.history %}{{ h.formatted }}{% if h.value %}={{ h.value }}{% endif %};{% endfor %}
        """
        let environment = Environment()
        let plain = try environment.renderTemplate(string: template, context: ["f": fact])
        let wrapped = try environment.renderTemplate(string: template, context: ["f": templateValue(fact) as Any])
        XCTAssertEqual(wrapped, plain)
        XCTAssertEqual(wrapped, "9,3 %|no rank|9,1 %=9.1;–;")
    }
}
