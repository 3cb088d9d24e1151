import XCTest
import IndicatorStore
@testable import Facts

final class FormattingTests: XCTestCase {
    let de = Formatting(.de), en = Formatting(.en)
    let nbsp = "\u{00A0}"

    func testNumbersGroupAndSeparate() {
        XCTAssertEqual(de.number(1234.5, decimals: 1), "1.234,5")
        XCTAssertEqual(en.number(1234.5, decimals: 1), "1,234.5")
        XCTAssertEqual(de.number(1234567.891, decimals: 2), "1.234.567,89")
        XCTAssertEqual(en.number(1234567.891, decimals: 2), "1,234,567.89")
        XCTAssertEqual(de.number(1234567.891, decimals: 0), "1.234.568")
        XCTAssertEqual(de.number(999, decimals: 0), "999")
        XCTAssertEqual(de.number(1000, decimals: 0), "1.000")
        XCTAssertEqual(de.number(0, decimals: 1), "0,0")
        XCTAssertEqual(en.number(0, decimals: 0), "0")
        XCTAssertEqual(de.number(-1234.5, decimals: 1), "\u{2212}1.234,5")
        XCTAssertEqual(en.number(-0.25, decimals: 2), "\u{2212}0.25")
        XCTAssertEqual(de.number(9.3, decimals: 3), "9,300")
        XCTAssertEqual(de.number(223156), "223.156")
    }

    func testRoundingIsHalfAwayFromZeroOnTheWrittenDecimal() {
        // 2.675 is 2.67499999… in binary; as written it is a tie and rounds up.
        XCTAssertEqual(de.number(2.675, decimals: 2), "2,68")
        XCTAssertEqual(en.number(1.005, decimals: 2), "1.01")
        XCTAssertEqual(de.number(0.125, decimals: 2), "0,13")
        XCTAssertEqual(de.number(-0.125, decimals: 2), "\u{2212}0,13")
        XCTAssertEqual(de.number(2.5, decimals: 0), "3")
        XCTAssertEqual(de.number(-2.5, decimals: 0), "\u{2212}3")
        XCTAssertEqual(de.number(0.05, decimals: 1), "0,1")
        XCTAssertEqual(de.number(0.04999, decimals: 1), "0,0")
        XCTAssertEqual(de.number(9.95, decimals: 1), "10,0")
        XCTAssertEqual(de.number(999.5, decimals: 0), "1.000")
        XCTAssertEqual(en.number(99999.96, decimals: 1), "100,000.0")
        // A binary artefact of a sum is not shown: 0.1 + 0.2 = 0.30000000000000004.
        XCTAssertEqual(de.number(0.1 + 0.2, decimals: 2), "0,30")
    }

    func testNegativeZeroAfterRoundingHasNoSign() {
        XCTAssertEqual(de.number(-0.04, decimals: 1), "0,0")
        XCTAssertEqual(de.number(-0.0, decimals: 0), "0")
        XCTAssertEqual(de.signedNumber(-0.04, decimals: 1), "0,0")
    }

    func testExponentNotationInputs() {
        XCTAssertEqual(de.number(0.00001, decimals: 5), "0,00001")
        XCTAssertEqual(de.number(0.000015, decimals: 5), "0,00002")
        XCTAssertEqual(en.number(1e16, decimals: 0), "10,000,000,000,000,000")
        XCTAssertEqual(en.number(1.5e-7, decimals: 2), "0.00")
    }

    func testNonFiniteValuesAreNeverShownAsNumbers() {
        XCTAssertEqual(de.number(.nan, decimals: 1), "–")
        XCTAssertEqual(en.percent(.infinity), "–")
        XCTAssertEqual(de.euro(.nan), "–")
        XCTAssertEqual(de.percentagePoints(.nan), "–")
    }

    func testSignedNumbers() {
        XCTAssertEqual(de.signedNumber(0.4, decimals: 1), "+0,4")
        XCTAssertEqual(en.signedNumber(-1234, decimals: 0), "\u{2212}1,234")
        XCTAssertEqual(en.signedNumber(0, decimals: 1), "0.0")
    }

    func testPercent() {
        XCTAssertEqual(de.percent(9.3), "9,3\(nbsp)%")
        XCTAssertEqual(en.percent(9.3), "9.3%")
        XCTAssertEqual(de.percent(0, decimals: 1), "0,0\(nbsp)%")
        XCTAssertEqual(de.percent(100, decimals: 0), "100\(nbsp)%")
        XCTAssertEqual(en.percent(-2.35, decimals: 1), "\u{2212}2.4%")
        XCTAssertEqual(de.percent(2.5, decimals: 1, signed: true), "+2,5\(nbsp)%")
    }

    func testPercentagePoints() {
        XCTAssertEqual(de.percentagePoints(0.4), "0,4\u{00A0}Prozentpunkte")
        XCTAssertEqual(en.percentagePoints(0.4), "0.4\u{00A0}percentage points")
        XCTAssertEqual(de.percentagePoints(1, decimals: 0), "1\u{00A0}Prozentpunkt")
        XCTAssertEqual(en.percentagePoints(-1, decimals: 0), "\u{2212}1\u{00A0}percentage point")
        XCTAssertEqual(de.percentagePoints(1, decimals: 1), "1,0\u{00A0}Prozentpunkte")
        XCTAssertEqual(de.percentagePoints(0.4, style: .short, signed: true), "+0,4\(nbsp)Pp.")
        XCTAssertEqual(en.percentagePoints(-1.25, style: .short, signed: true), "\u{2212}1.3\(nbsp)pp")
    }

    func testEuro() {
        XCTAssertEqual(de.euro(1234), "1.234\(nbsp)€")
        XCTAssertEqual(en.euro(1234), "€1,234")
        XCTAssertEqual(de.euro(-1234.5), "\u{2212}1.235\(nbsp)€")
        XCTAssertEqual(en.euro(-1234.5), "\u{2212}€1,235")
        XCTAssertEqual(en.euro(1234567.891, decimals: 2), "€1,234,567.89")
        XCTAssertEqual(en.euro(12, signed: true), "+€12")
        XCTAssertEqual(en.euro(-0.2), "€0")
        XCTAssertEqual(de.euro(0), "0\(nbsp)€")
    }

    func testOtherUnits() {
        XCTAssertEqual(de.perThousand(12.34), "12,3\u{00A0}je\u{00A0}1.000")
        XCTAssertEqual(en.perThousand(12.34), "12.3\u{00A0}per\u{00A0}1,000")
        XCTAssertEqual(de.years(81.25), "81,3\u{00A0}Jahre")
        XCTAssertEqual(en.years(1, decimals: 0), "1\u{00A0}year")
        XCTAssertEqual(de.years(1, decimals: 0), "1\u{00A0}Jahr")
        XCTAssertEqual(de.quantity(1234567.891, unit: .count, decimals: 0), "1.234.568")
        XCTAssertEqual(en.quantity(102.5, unit: .index, decimals: 1), "102.5")
        XCTAssertEqual(de.change(0.44, unit: .percent, decimals: 1), "+0,4\u{00A0}Prozentpunkte")
        XCTAssertEqual(en.change(-120, unit: .count, decimals: 0, style: .short), "\u{2212}120")
        XCTAssertEqual(de.change(12, unit: .euro, decimals: 0), "+12\(nbsp)€")
    }

    func testCellsNeverShowZeroForSuppressedOrMissing() {
        XCTAssertEqual(de.cell(nil, status: .suppressed, unit: .percent, decimals: 1), "x")
        XCTAssertEqual(en.cell(nil, status: .missing, unit: .percent, decimals: 1), "–")
        XCTAssertEqual(de.cell(nil, status: .final, unit: .count, decimals: 0), "–")
        XCTAssertEqual(de.cell(0, status: .final, unit: .count, decimals: 0), "0")
        XCTAssertEqual(de.cell(9.34, status: .provisional, unit: .percent, decimals: 1), "9,3\(nbsp)%")
        XCTAssertEqual(StatusSymbols.legend(.de), "x = aus Datenschutzgründen gesperrt; – = kein Wert vorhanden; p = vorläufiger Wert.")
        XCTAssertEqual(StatusSymbols.legend(.en), "x = withheld to protect privacy; – = no value available; p = provisional value.")
    }

    func testPeriodsAndDates() throws {
        let october = try XCTUnwrap(Period.month(2024, 10)), q3 = try XCTUnwrap(Period.quarter(2024, 3))
        let year = try XCTUnwrap(Period.year(2024)), march = try XCTUnwrap(Period.month(2025, 3))
        XCTAssertEqual(de.period(october), "Oktober\u{00A0}2024")
        XCTAssertEqual(en.period(october), "October\u{00A0}2024")
        XCTAssertEqual(de.period(march), "März\u{00A0}2025")
        XCTAssertEqual(de.period(q3), "3.\u{00A0}Quartal\u{00A0}2024")
        XCTAssertEqual(en.period(q3), "Q3\u{00A0}2024")
        XCTAssertEqual(de.period(year), "2024")
        XCTAssertEqual(en.period(year), "2024")
        let day = try XCTUnwrap(CalendarDay(year: 2024, month: 12, day: 31))
        XCTAssertEqual(de.date(day), "31.12.2024")
        XCTAssertEqual(en.date(day), "31\u{00A0}December\u{00A0}2024")
        XCTAssertEqual(de.longDate(day), "31.\u{00A0}Dezember\u{00A0}2024")
        let early = try XCTUnwrap(CalendarDay(year: 2025, month: 3, day: 1))
        XCTAssertEqual(de.date(early), "01.03.2025")
        XCTAssertEqual(en.date(early), "1\u{00A0}March\u{00A0}2025")
        XCTAssertEqual(de.monthName(13), "")
    }

    func testQuotes() {
        XCTAssertEqual(de.quoted("Moisling"), "\u{201E}Moisling\u{201C}")
        XCTAssertEqual(en.quoted("Moisling"), "\u{201C}Moisling\u{201D}")
    }

    func testLanguageTags() {
        XCTAssertEqual(Language(tag: "de_DE"), .de)
        XCTAssertEqual(Language(tag: "EN-gb"), .en)
        XCTAssertEqual(Language(tag: "en"), .en)
        XCTAssertNil(Language(tag: "fr"))
        XCTAssertEqual(Language.de.tag, "de-DE")
    }

    func testDisplayRounding() {
        XCTAssertEqual(2.675.roundedForDisplay(places: 2), 2.68)
        XCTAssertEqual((-0.04).roundedForDisplay(places: 1), 0)
        XCTAssertEqual((0.1 + 0.2).roundedForDisplay(places: 1), 0.3)
    }
}
