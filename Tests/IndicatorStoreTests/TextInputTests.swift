import Foundation
import XCTest
@testable import IndicatorStore

final class TextInputTests: XCTestCase {
    func testDecodesUTF8WithBOMAndWindows1252() throws {
        let bom = try XCTUnwrap(try? TextDecoder.decode(Data([0xEF, 0xBB, 0xBF] + Array("Zähler".utf8)), file: "f").get())
        XCTAssertEqual(bom.text, "Zähler")
        XCTAssertEqual(bom.encoding, "UTF-8 with BOM")
        let cp = try XCTUnwrap(try? TextDecoder.decode(Data([0x5A, 0xE4, 0x68, 0x6C, 0x65, 0x72, 0x20, 0x96, 0x20, 0x80]), file: "f").get())
        XCTAssertEqual(cp.text, "Zähler – €")
        XCTAssertEqual(cp.encoding, "Windows-1252")
    }

    func testUnreadableEncodingsArePositioned() {
        let bytes: [UInt8] = Array("a,b\nc,".utf8) + [0x81]
        guard case .failure(let p) = TextDecoder.decode(Data(bytes), file: "x.csv") else { return XCTFail("decoded") }
        XCTAssertEqual(p.description, "x.csv:2:3: unreadable encoding: byte 0x81 is neither UTF-8 nor Windows-1252 — save the file as UTF-8 (CSV UTF-8)")
        guard case .failure(let u16) = TextDecoder.decode(Data([0xFF, 0xFE, 0x41, 0x00]), file: "y.csv") else { return XCTFail("decoded") }
        XCTAssertEqual(u16.description, "y.csv:1:1: unreadable encoding: the file is UTF-16 — save it as UTF-8 (CSV UTF-8) or Windows-1252")
        guard case .failure(let nul) = TextDecoder.decode(Data([0x41, 0x00]), file: "z.csv") else { return XCTFail("decoded") }
        XCTAssertEqual(nul.position.column, 2)
    }

    func testTokenizerTracksLinesAndColumnsThroughQuotes() throws {
        let text = "a;b;c\n\"x;1\";  y ;\"multi\nline\"\n\n\"he said \"\"hi\"\"\";2;3\n"
        let table = try CSVTable.parse(text, file: "t.csv").get()
        XCTAssertEqual(table.separator, ";")
        XCTAssertEqual(table.rows.count, 3, "the empty line is skipped")
        XCTAssertEqual(table.rows[1].cells.map(\.text), ["x;1", "y", "multi\nline"])
        XCTAssertEqual(table.rows[1].cells.map(\.column), [1, 9, 12])
        XCTAssertEqual(table.rows[2].line, 5)
        XCTAssertEqual(table.rows[2].cells.map(\.text), ["he said \"hi\"", "2", "3"])
        XCTAssertEqual(table.rows[2].cells[1].column, 18)
    }

    func testTokenizerReportsUnclosedQuote() {
        guard case .failure(let p) = CSVTable.parse("a,b\n1,\"open\n", file: "q.csv") else { return XCTFail("parsed") }
        XCTAssertEqual(p.description, "q.csv:2:3: quoted field is never closed — add the closing quote (\")")
    }

    func testSeparatorSniffing() {
        XCTAssertEqual(CSVTable.sniffSeparator("a;b;c\n1,2;3"), ";")
        XCTAssertEqual(CSVTable.sniffSeparator("a\tb\tc\n"), "\t")
        XCTAssertEqual(CSVTable.sniffSeparator("a,b,c\n"), ",")
        XCTAssertEqual(CSVTable.sniffSeparator("\"a;b\",c\n"), ",")
        XCTAssertEqual(CSVTable.sniffSeparator("single\n"), ",")
    }

    func testNumberConventions() {
        let de = NumberConvention.decimalComma, en = NumberConvention.decimalPoint
        XCTAssertEqual(de.parse("1.234,5"), 1234.5)
        XCTAssertEqual(de.parse("12,5"), 12.5)
        XCTAssertEqual(de.parse("1.234.567"), 1_234_567)
        XCTAssertEqual(de.parse("-3"), -3)
        XCTAssertEqual(de.parse("1 234,5"), 1234.5)
        XCTAssertNil(de.parse("9.3"), "a point in a decimal-comma file must group three digits")
        XCTAssertNil(de.parse("12,x"))
        XCTAssertNil(de.parse("1e5"))
        XCTAssertNil(en.parse(String(repeating: "9", count: 400)))
        XCTAssertEqual(en.parse("1,234.5"), 1234.5)
        XCTAssertEqual(en.parse("9.3"), 9.3)
        XCTAssertNil(en.parse("12,5"))
        XCTAssertNil(en.parse("nan"))
        XCTAssertNil(en.parse(""))
        XCTAssertEqual(NumberConvention.decide(separator: ";", numericSamples: ["9.3"]), .decimalComma)
        XCTAssertEqual(NumberConvention.decide(separator: ",", numericSamples: []), .decimalPoint)
        XCTAssertEqual(NumberConvention.decide(separator: "\t", numericSamples: ["9", "9,3"]), .decimalComma)
        XCTAssertEqual(NumberConvention.decide(separator: "\t", numericSamples: ["9.3"]), .decimalPoint)
    }

    func testSHA256Vectors() {
        XCTAssertEqual(Checksum.sha256Hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Checksum.sha256Hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Checksum.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testExportNumbersReadBackExactly() {
        for v in [9.3, 0.1 + 0.2, 1234.0, 1e-7, 12_345_678.25, -3.5] {
            XCTAssertEqual(NumberConvention.decimalPoint.parse(ObservationExport.number(v)), v, "\(v)")
        }
        XCTAssertEqual(ObservationExport.number(1234), "1234")
        XCTAssertEqual(ObservationExport.number(9.3), "9.3")
    }
}
