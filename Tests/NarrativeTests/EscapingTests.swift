@testable import Narrative
import XCTest

final class EscapingTests: XCTestCase {
    func testEscapedValueStaysText() {
        XCTAssertEqual(MarkdownEscaping.escape("# * | [x](y)"), "\\# \\* \\| \\[x\\]\\(y\\)")
        XCTAssertEqual(MarkdownEscaping.unescape(MarkdownEscaping.escape("3. Quartal: a|b")), "3. Quartal: a|b")
        XCTAssertEqual(MarkdownEscaping.escape("a\n\n# b"), "a \\# b")
        // Non-ASCII text passes unchanged; blanks collapse around it, leading and trailing ones go.
        XCTAssertEqual(MarkdownEscaping.escape("  „Kücknitz“\r\n\t– 9,5 % (Ø)  "), "„Kücknitz“ – 9,5 \\% \\(Ø\\)")
    }
}
