import XCTest
@testable import IndicatorStore

final class PeriodTests: XCTestCase {
    func testParsesAndFormatsTheThreeForms() throws {
        let month = try XCTUnwrap(Period("2024-10"))
        XCTAssertEqual(month.granularity, .month)
        XCTAssertEqual(month.year, 2024)
        XCTAssertEqual(month.index, 10)
        XCTAssertEqual(month.description, "2024-10")
        XCTAssertEqual(Period("2024-Q3")?.description, "2024-Q3")
        XCTAssertEqual(Period("2024-q3")?.description, "2024-Q3")
        XCTAssertEqual(Period("2024")?.granularity, .year)
        XCTAssertEqual(Period("2024")?.description, "2024")
        XCTAssertEqual(Period(" 2024-01 ")?.description, "2024-01")
        for bad in ["2024-13", "2024-00", "2024-Q5", "2024-Q0", "24-10", "2024-1", "2024/10", "", "+2024", "2024-10-01x", "abcd"] {
            XCTAssertNil(Period(bad), bad)
        }
    }

    func testReferenceDatesBecomeThePeriodOfTheGranularity() {
        XCTAssertEqual(Period.parse("31.12.2024", granularity: .year)?.description, "2024")
        XCTAssertEqual(Period.parse("31.12.2024", granularity: .quarter)?.description, "2024-Q4")
        XCTAssertEqual(Period.parse("31.12.2024", granularity: .month)?.description, "2024-12")
        XCTAssertEqual(Period.parse("1.4.2024", granularity: .quarter)?.description, "2024-Q2")
        XCTAssertEqual(Period.parse("2024-09-30", granularity: .quarter)?.description, "2024-Q3")
        XCTAssertEqual(Period.parse("29.02.2024", granularity: .month)?.description, "2024-02")
        XCTAssertNil(Period.parse("29.02.2023", granularity: .month))
        XCTAssertNil(Period.parse("31.04.2024", granularity: .month))
        // Explicit periods keep their own granularity, so a mismatch can be reported.
        XCTAssertEqual(Period.parse("2024-Q3", granularity: .month)?.granularity, .quarter)
    }

    func testPreviousYearEarlierAndNext() throws {
        XCTAssertEqual(Period("2024-01")?.previous().description, "2023-12")
        XCTAssertEqual(Period("2024-Q1")?.previous().description, "2023-Q4")
        XCTAssertEqual(Period("2024")?.previous().description, "2023")
        XCTAssertEqual(Period("2024-10")?.yearEarlier().description, "2023-10")
        XCTAssertEqual(Period("2024-Q3")?.yearEarlier().description, "2023-Q3")
        XCTAssertEqual(Period("2023-12")?.next().description, "2024-01")
        XCTAssertEqual(Period("2024-10")?.advanced(by: -35).description, "2021-11")
        XCTAssertEqual(try XCTUnwrap(Period("2024-10")).distance(from: try XCTUnwrap(Period("2023-11"))), 11)
        XCTAssertNil(try XCTUnwrap(Period("2024-10")).distance(from: try XCTUnwrap(Period("2024"))))
        XCTAssertEqual(Period.range(from: try XCTUnwrap(Period("2024-Q3")), through: try XCTUnwrap(Period("2025-Q2"))).map(\.description),
                       ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"])
        XCTAssertEqual(Period("2024-Q2")?.lastDay.description, "2024-06-30")
        XCTAssertEqual(Period("2024-02")?.lastDay.description, "2024-02-29")
    }

    func testOrdering() throws {
        let sorted = ["2024-10", "2023-12", "2024-02", "2024-09"].compactMap { Period($0) }.sorted().map(\.description)
        XCTAssertEqual(sorted, ["2023-12", "2024-02", "2024-09", "2024-10"])
        XCTAssertLessThan(try XCTUnwrap(Period("2024-Q3")), try XCTUnwrap(Period("2024-Q4")))
        XCTAssertLessThan(try XCTUnwrap(Period("2023")), try XCTUnwrap(Period("2024")))
        XCTAssertEqual(Period("2024-10"), Period.month(2024, 10))
    }

    func testCodableAsText() throws {
        let data = try JSONEncoder().encode([Period("2024-Q3")])
        XCTAssertEqual(String(data: data, encoding: .utf8), "[\"2024-Q3\"]")
        XCTAssertEqual(try JSONDecoder().decode([Period].self, from: data).first?.description, "2024-Q3")
    }
}
