import XCTest
@testable import Accessibility

final class ContentStreamTokenizerTests: XCTestCase {
    private func lex(_ text: String) throws -> [(ContentToken.Kind, String)] {
        let bytes = Array(text.utf8)
        return try ContentStreamTokenizer.tokenize(bytes).map {
            ($0.kind, String(decoding: bytes[$0.range], as: UTF8.self))
        }
    }

    private func texts(_ text: String) throws -> [String] { try lex(text).map(\.1) }

    func testLiteralStringsWithNestedParenthesesAndEscapes() throws {
        XCTAssertEqual(try texts(#"(a(b)c) Tj (x\)y\\) Tj (\(BDC) Tj"#),
                       ["(a(b)c)", "Tj", #"(x\)y\\)"#, "Tj", #"(\(BDC)"#, "Tj"])
        XCTAssertEqual(try lex("(a)").first?.0, .literalString)
    }

    func testHexStringsDictionariesAndNames() throws {
        let tokens = try lex("/Span<</ActualText<FEFF 0020>/A#20B 1.5>>BDC")
        XCTAssertEqual(tokens.map(\.1), ["/Span", "<<", "/ActualText", "<FEFF 0020>", "/A#20B", "1.5", ">>", "BDC"])
        XCTAssertEqual(tokens.map(\.0), [.name("Span"), .dictionaryStart, .name("ActualText"), .hexString,
                                         .name("A B"), .number, .dictionaryEnd, .keyword("BDC")])
    }

    func testNestedDictionariesArraysAndNumbers() throws {
        let tokens = try lex("/P <</A <</B [1 -2 +.5]>> /MCID 3>> BDC")
        XCTAssertEqual(tokens.map(\.1), ["/P", "<<", "/A", "<<", "/B", "[", "1", "-2", "+.5", "]", ">>",
                                         "/MCID", "3", ">>", "BDC"])
        XCTAssertEqual(tokens.filter { $0.0 == .number }.count, 4)
    }

    func testCommentsRunToTheEndOfTheLine() throws {
        XCTAssertEqual(try texts("q % /Private << /MCID 0 >> BDC\nQ"), ["q", "% /Private << /MCID 0 >> BDC", "Q"])
    }

    func testInlineImageDataIsOneOpaqueToken() throws {
        // The data contains "EI" and "BDC" without surrounding whitespace and a ')' — none end it.
        let text = "BI /W 4 /H 1 /CS /G /BPC 8 ID xEIBDC) EI Q"
        XCTAssertEqual(try texts(text), ["BI", "/W", "4", "/H", "1", "/CS", "/G", "/BPC", "8", "ID",
                                         "xEIBDC)", "EI", "Q"])
        XCTAssertEqual(try lex(text)[10].0, .inlineImageData)
    }

    func testInlineImageWithExplicitLengthMayContainEIBetweenSpaces() throws {
        let text = "BI /W 5 /H 1 /L 5 ID a EI  EI Q"
        XCTAssertEqual(try texts(text), ["BI", "/W", "5", "/H", "1", "/L", "5", "ID", "a EI ", "EI", "Q"])
    }

    func testMalformedInputIsReportedWithItsOffset() {
        XCTAssertThrowsError(try ContentStreamTokenizer.tokenize(Array("(open ( string)".utf8))) { error in
            XCTAssertEqual(error as? ContentStreamSyntaxError, ContentStreamSyntaxError(offset: 0, message: "unterminated literal string"))
        }
        XCTAssertThrowsError(try ContentStreamTokenizer.tokenize(Array("q <12G4> Tj".utf8))) { error in
            XCTAssertEqual((error as? ContentStreamSyntaxError)?.offset, 5)
        }
        XCTAssertThrowsError(try ContentStreamTokenizer.tokenize(Array("BI /W 1 ID xyz".utf8)))
    }
}

final class ArtifactRewriterTests: XCTestCase {
    private func rewrite(_ text: String, _ mcids: Set<Int>) throws -> String {
        String(decoding: try ArtifactRewriter.rewrite(Array(text.utf8), placeholderTag: "Private", mcids: mcids),
               as: UTF8.self)
    }

    func testOnlyTheListedPlaceholderSequencesChangeAndEverythingElseStaysByteIdentical() throws {
        let input = """
        q /Private << /MCID 0 >> BDC BT (Kopf) Tj ET EMC
        /P<</MCID 1>>BDC BT (/Private << /MCID 0 >> BDC) Tj ET EMC
        /Private << /MCID 2 >> BDC
        /Span << /ActualText <feff0066> >> BDC (f) Tj EMC
        EMC Q
        """
        let expected = """
        q /Artifact << /Type /Pagination >> BDC BT (Kopf) Tj ET EMC
        /P<</MCID 1>>BDC BT (/Private << /MCID 0 >> BDC) Tj ET EMC
        /Artifact << /Type /Pagination >> BDC
        /Span << /ActualText <feff0066> >> BDC (f) Tj EMC
        EMC Q
        """
        XCTAssertEqual(try rewrite(input, [0, 2]), expected)
        XCTAssertEqual(try rewrite(input, [2]).components(separatedBy: "/Artifact").count - 1, 1)
    }

    func testRealContentInsideFurnitureIsRefused() {
        let input = "/Private << /MCID 0 >> BDC /P << /MCID 1 >> BDC (Text) Tj EMC EMC"
        XCTAssertThrowsError(try rewrite(input, [0])) { error in
            XCTAssertEqual((error as? ArtifactRewriter.Failure)?.message,
                           "tagged content (MCID 1) is drawn inside page furniture; it would be hidden from assistive technology")
        }
    }

    func testAnMCIDUnderAnotherTagIsRefused() {
        XCTAssertThrowsError(try rewrite("/P << /MCID 0 >> BDC (Text) Tj EMC", [0])) { error in
            XCTAssertEqual((error as? ArtifactRewriter.Failure)?.message,
                           "MCID 0 belongs to a /Private element but is tagged /P in the content stream")
        }
    }

    func testMissingFurnitureAndUnbalancedSequencesAreRefused() {
        XCTAssertThrowsError(try rewrite("/Private << /MCID 0 >> BDC EMC", [0, 7])) { error in
            XCTAssertEqual((error as? ArtifactRewriter.Failure)?.message, "no marked content found for furniture MCID(s) [7]")
        }
        XCTAssertThrowsError(try rewrite("/Private << /MCID 0 >> BDC", [0]))
        XCTAssertThrowsError(try rewrite("EMC", []))
    }
}
