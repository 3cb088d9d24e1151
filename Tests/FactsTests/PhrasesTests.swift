import XCTest
import IndicatorStore
@testable import Facts

final class PhrasesTests: XCTestCase {
    let de = Phrases(.de), en = Phrases(.en)

    func change(_ current: Double, _ base: Double, unit: IndicatorUnit = .percent, decimals: Int = 1,
                polarity: Polarity = .higherIsWorse, basis: ChangeBasis = .previousPeriod,
                granularity: Granularity = .month) -> ChangeMeasure {
        ChangeMeasure.between(current: current, base: base, unit: unit, decimals: decimals, polarity: polarity,
                              basis: basis, granularity: granularity)
    }

    func testChangeClauses() {
        let up = change(9.7, 9.3)
        XCTAssertEqual(de.change(up, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "ist gegenüber dem Vormonat um 0,4 Prozentpunkte gestiegen")
        XCTAssertEqual(en.change(up, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "rose by 0.4 percentage points compared with the previous month")
        let down = change(8.1, 9.3, basis: .yearEarlier)
        XCTAssertEqual(de.change(down, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .month),
                       "ist gegenüber dem Vorjahresmonat um 1,2 Prozentpunkte gesunken")
        XCTAssertEqual(en.change(down, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .month),
                       "fell by 1.2 percentage points compared with the same month a year earlier")
        // 9.34 and 9.26 both display as 9,3: unchanged, not "um 0,1 gestiegen".
        let same = change(9.34, 9.26)
        XCTAssertEqual(same.direction, .unchanged)
        XCTAssertEqual(de.change(same, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "ist gegenüber dem Vormonat unverändert geblieben")
        XCTAssertEqual(en.change(same, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "remained unchanged compared with the previous month")
        let q = change(3.0, 2.0, basis: .previousPeriod, granularity: .quarter)
        XCTAssertEqual(de.change(q, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .quarter),
                       "ist gegenüber dem Vorquartal um 1,0 Prozentpunkte gestiegen")
        XCTAssertEqual(en.change(q, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .quarter),
                       "rose by 1.0 percentage points compared with the same quarter a year earlier")
        let counts = change(5040, 4800, unit: .count, decimals: 0, polarity: .neutral, basis: .previousPeriod, granularity: .year)
        XCTAssertEqual(de.change(counts, unit: .count, decimals: 0, basis: .previousPeriod, granularity: .year),
                       "ist gegenüber dem Vorjahr um 240 (5,0\u{00A0}%) gestiegen")
        XCTAssertEqual(en.change(counts, unit: .count, decimals: 0, basis: .yearEarlier, granularity: .year),
                       "rose by 240 (5.0%) compared with the previous year")
        let euros = change(1234567.891, 1334567.891, unit: .euro, decimals: 0, polarity: .higherIsBetter)
        XCTAssertEqual(en.change(euros, unit: .euro, decimals: 0, basis: .previousPeriod, granularity: .year),
                       "fell by €100,000 (7.5%) compared with the previous year")
        XCTAssertEqual(de.change(euros, unit: .euro, decimals: 0, basis: .previousPeriod, granularity: .year),
                       "ist gegenüber dem Vorjahr um 100.000\u{00A0}€ (7,5\u{00A0}%) gesunken")
        // From zero there is no relative change to show.
        let fromZero = change(3, 0, unit: .count, decimals: 0, polarity: .higherIsBetter)
        XCTAssertEqual(de.change(fromZero, unit: .count, decimals: 0, basis: .previousPeriod, granularity: .month),
                       "ist gegenüber dem Vormonat um 3 gestiegen")
    }

    func testChangeUnavailable() {
        XCTAssertEqual(de.changeUnavailable(basis: .previousPeriod, granularity: .month, baseStatus: .suppressed),
                       "lässt sich nicht mit dem Vormonat vergleichen, weil der Wert des Vergleichszeitraums aus Datenschutzgründen gesperrt ist")
        XCTAssertEqual(de.changeUnavailable(basis: .yearEarlier, granularity: .quarter, baseStatus: .missing),
                       "lässt sich nicht mit dem Vorjahresquartal vergleichen, weil für den Vergleichszeitraum kein Wert vorliegt")
        XCTAssertEqual(en.changeUnavailable(basis: .previousPeriod, granularity: .year, baseStatus: .missing),
                       "cannot be compared with the previous year because no value is available for it")
        XCTAssertEqual(en.changeUnavailable(basis: .previousPeriod, granularity: .month, baseStatus: .suppressed),
                       "cannot be compared with the previous month because that value is withheld to protect privacy")
    }

    func testAssessmentFollowsPolarity() {
        XCTAssertEqual(change(9.7, 9.3, polarity: .higherIsWorse).assessment, .deterioration)
        XCTAssertEqual(change(9.7, 9.3, polarity: .higherIsBetter).assessment, .improvement)
        XCTAssertEqual(change(8.0, 9.3, polarity: .higherIsWorse).assessment, .improvement)
        XCTAssertEqual(change(8.0, 9.3, polarity: .neutral).assessment, .neutral)
        XCTAssertEqual(change(9.3, 9.3, polarity: .higherIsWorse).assessment, .unchanged)
        XCTAssertEqual(de.assessment(.improvement), "eine Verbesserung")
        XCTAssertEqual(en.assessment(.deterioration), "a deterioration")
        XCTAssertNil(en.assessment(.neutral))
    }

    func testNotableThresholds() {
        // Percentages: 0.5 pp against the previous month or quarter, 1.0 pp year on year.
        XCTAssertTrue(change(9.8, 9.3).notable)
        XCTAssertFalse(change(9.7, 9.3).notable)
        XCTAssertTrue(change(8.8, 9.3).notable)
        XCTAssertFalse(change(9.8, 9.3, basis: .yearEarlier).notable)
        XCTAssertTrue(change(10.3, 9.3, basis: .yearEarlier).notable)
        // Yearly indicators: the previous period is the previous year, so the year-on-year threshold applies.
        XCTAssertFalse(change(9.8, 9.3, granularity: .year).notable)
        XCTAssertEqual(change(10.3, 9.3, granularity: .year).score, 1.0, accuracy: 1e-9)
        // Other units: 5 % relative against the previous period, 10 % year on year.
        XCTAssertTrue(change(105, 100, unit: .count, decimals: 0).notable)
        XCTAssertFalse(change(104, 100, unit: .count, decimals: 0).notable)
        XCTAssertTrue(change(95, 100, unit: .count, decimals: 0).notable)
        XCTAssertFalse(change(109, 100, unit: .count, decimals: 0, basis: .yearEarlier).notable)
        XCTAssertTrue(change(110, 100, unit: .count, decimals: 0, basis: .yearEarlier).notable)
        XCTAssertEqual(change(110, 100, unit: .count, decimals: 0).score, 2.0, accuracy: 1e-9)
        XCTAssertTrue(change(3, 0, unit: .count, decimals: 0).notable)
        // Counts also need an absolute change of at least 3.
        XCTAssertFalse(change(2, 0, unit: .count, decimals: 0).notable)
        XCTAssertFalse(change(21, 20, unit: .count, decimals: 0).notable)
        XCTAssertTrue(change(63, 60, unit: .count, decimals: 0).notable)
        XCTAssertTrue(change(2.1, 2.0, unit: .perThousand, decimals: 1).notable)
        XCTAssertFalse(change(0, 0, unit: .count, decimals: 0).notable)
        XCTAssertNil(change(2, 0, unit: .count, decimals: 0).relativePercent)
        // Rounding first: 9.349 → 9,3 and 9.751 → 9,8 is a change of 0,5 pp.
        XCTAssertTrue(change(9.751, 9.349).notable)
    }

    func testCityComparison() {
        func dev(_ v: Double, _ c: Double, _ polarity: Polarity = .higherIsWorse) -> DeviationMeasure {
            DeviationMeasure.between(value: v, city: c, decimals: 1, polarity: polarity)
        }
        XCTAssertEqual(dev(9.7, 9.3).category, .about)          // +4.3 %
        XCTAssertEqual(dev(10.5, 10.0).category, .slightlyAbove) // exactly +5 %: slightly
        XCTAssertEqual(dev(12.0, 10.0).category, .slightlyAbove) // exactly +20 %: still slightly
        XCTAssertEqual(dev(12.1, 10.0).category, .wellAbove)
        XCTAssertEqual(dev(9.5, 10.0).category, .slightlyBelow)
        XCTAssertEqual(dev(9.6, 10.0).category, .about)
        XCTAssertEqual(dev(4.0, 9.3).category, .wellBelow)
        XCTAssertEqual(dev(0, 0).category, .about)
        XCTAssertEqual(dev(0.1, 0).category, .wellAbove)
        XCTAssertNil(dev(0.1, 0).relativePercent)
        XCTAssertEqual(dev(12.1, 10.0).standing, .worse)
        XCTAssertEqual(dev(12.1, 10.0, .higherIsBetter).standing, .better)
        XCTAssertEqual(dev(12.1, 10.0, .neutral).standing, .neutral)
        XCTAssertEqual(dev(10.1, 10.0).standing, .same)
        XCTAssertEqual(dev(12.1, 10.0).absolute, 2.1, accuracy: 1e-9)
        XCTAssertEqual(de.cityComparison(.wellAbove), "liegt deutlich über dem städtischen Durchschnitt")
        XCTAssertEqual(de.cityComparison(.slightlyBelow), "liegt leicht unter dem städtischen Durchschnitt")
        XCTAssertEqual(de.cityComparison(.about), "entspricht in etwa dem städtischen Durchschnitt")
        XCTAssertEqual(en.cityComparison(.wellAbove), "is well above the city average")
        XCTAssertEqual(en.cityComparison(.slightlyBelow), "is slightly below the city average")
        XCTAssertEqual(en.cityComparison(.about), "is about the same as the city average")
        XCTAssertEqual(de.cityComparisonUnavailable, "lässt sich nicht mit dem städtischen Durchschnitt vergleichen")
    }

    func testPluralsAndLists() {
        XCTAssertEqual(de.count(1, .district), "1 Stadtteil")
        XCTAssertEqual(de.count(3, .district), "3 Stadtteile")
        XCTAssertEqual(de.count(0, .district), "0 Stadtteile")
        XCTAssertEqual(en.count(1, .district), "1 district")
        XCTAssertEqual(en.count(3, .district), "3 districts")
        XCTAssertEqual(de.count(12345, .person), "12.345 Personen")
        XCTAssertEqual(en.count(12345, .person), "12,345 people")
        XCTAssertEqual(de.list(["Moisling", "Buntekuh", "Kücknitz"]), "Moisling, Buntekuh und Kücknitz")
        XCTAssertEqual(en.list(["Moisling", "Buntekuh", "Kücknitz"]), "Moisling, Buntekuh and Kücknitz")
        XCTAssertEqual(de.list(["Moisling", "Buntekuh"]), "Moisling und Buntekuh")
        XCTAssertEqual(en.list(["Moisling", "Buntekuh"], conjunction: .or), "Moisling or Buntekuh")
        XCTAssertEqual(de.list(["Moisling"]), "Moisling")
        XCTAssertEqual(de.list([]), "")
    }

    func testStatusPhrases() {
        XCTAssertEqual(de.statusSentence(.suppressed), "Der Wert ist aus Datenschutzgründen gesperrt.")
        XCTAssertEqual(de.statusSentence(.missing), "Für diesen Zeitraum liegt kein Wert vor.")
        XCTAssertEqual(en.statusSentence(.suppressed), "The value is withheld to protect privacy.")
        XCTAssertEqual(en.statusSentence(.missing), "No value is available for this period.")
        XCTAssertNil(de.statusSentence(.final))
        XCTAssertEqual(de.statusClause(.suppressed), "ist aus Datenschutzgründen gesperrt")
        XCTAssertEqual(en.statusClause(.missing), "is not available for this period")
        XCTAssertEqual(de.provisionalNote(.provisional), "vorläufig")
        XCTAssertNil(en.provisionalNote(.final))
    }

    func testBasisLabels() {
        XCTAssertEqual(de.basisLabel(.previousPeriod, granularity: .month), "Vormonat")
        XCTAssertEqual(de.basisLabel(.yearEarlier, granularity: .month), "Vorjahresmonat")
        XCTAssertEqual(de.basisLabel(.previousPeriod, granularity: .quarter), "Vorquartal")
        XCTAssertEqual(de.basisLabel(.yearEarlier, granularity: .quarter), "Vorjahresquartal")
        XCTAssertEqual(de.basisLabel(.yearEarlier, granularity: .year), "Vorjahr")
        XCTAssertEqual(en.basisLabel(.previousPeriod, granularity: .quarter), "previous quarter")
        XCTAssertEqual(en.basisPhrase(.previousPeriod, granularity: .year), "compared with the previous year")
    }

    func testRankPhrases() {
        let r = RankMeasure(position: 3, count: 10, isBest: false, isWorst: false)
        XCTAssertEqual(de.rank(r), "Rang 3 von 10")
        XCTAssertEqual(de.rank(r, among: .district), "Rang 3 von 10 Stadtteilen")
        XCTAssertEqual(en.rank(r, among: .district), "rank 3 of 10 districts")
    }

    func testEasyReadNumbers() {
        XCTAssertEqual(de.easyNumber(42), "42")
        XCTAssertEqual(de.easyNumber(9.3), "etwa 9")
        XCTAssertEqual(de.easyNumber(0), "0")
        XCTAssertEqual(de.easyNumber(950), "950")
        XCTAssertEqual(de.easyNumber(12401), "etwa 12.000")
        XCTAssertEqual(en.easyNumber(12401), "about 12,000")
        XCTAssertEqual(de.easyNumber(223156), "etwa 220.000")
        XCTAssertEqual(de.easyNumber(125), "etwa 130")
        XCTAssertEqual(de.easyNumber(-125), "etwa -130")
        XCTAssertEqual(de.easyNumber(1234567.891), "etwa 1,2 Millionen")
        XCTAssertEqual(en.easyNumber(1234567.891), "about 1.2 million")
        XCTAssertEqual(de.easyNumber(1_000_000), "1 Million")
        XCTAssertEqual(de.easyNumber(996_000), "etwa 1 Million")
        XCTAssertEqual(en.easyNumber(3_000_000), "3 million")
        XCTAssertNil(en.easyNumber(.nan))
    }

    func testEasyReadShares() {
        XCTAssertEqual(de.easyShare(9.3), "fast jede 10. Person")
        XCTAssertEqual(en.easyShare(9.3), "almost 1 in 10 people")
        XCTAssertEqual(de.easyShare(25), "jede 4. Person")
        XCTAssertEqual(en.easyShare(25), "1 in 4 people")
        XCTAssertEqual(de.easyShare(51), "etwa die Hälfte")
        XCTAssertEqual(en.easyShare(51), "about half")
        XCTAssertEqual(de.easyShare(50), "die Hälfte")
        XCTAssertEqual(de.easyShare(45), "etwa die Hälfte")
        XCTAssertEqual(de.easyShare(44.9), "mehr als jede 3. Person")
        XCTAssertEqual(de.easyShare(14.6), "jede 7. Person")    // 1/7 = 14.29 %, within 3 %
        XCTAssertEqual(de.easyShare(21.1), "mehr als jede 5. Person")
        XCTAssertEqual(de.easyShare(2.7), "fast 3 von 100 Personen")
        XCTAssertEqual(en.easyShare(2.7), "almost 3 in 100 people")
        XCTAssertEqual(de.easyShare(4.1), "4 von 100 Personen")
        XCTAssertEqual(de.easyShare(0.5), "weniger als 1 von 100 Personen")
        XCTAssertEqual(en.easyShare(0.5), "fewer than 1 in 100 people")
        XCTAssertEqual(de.easyShare(75), "3 von 4 Personen")
        XCTAssertEqual(en.easyShare(54.1), "about half")
        XCTAssertEqual(de.easyShare(88), "9 von 10 Personen")  // within 3 % of 90
        XCTAssertEqual(de.easyShare(85), "fast 9 von 10 Personen")
        XCTAssertEqual(de.easyShare(62), "mehr als 3 von 5 Personen")
        XCTAssertEqual(de.easyShare(96), "fast alle Personen")
        XCTAssertEqual(de.easyShare(100), "alle Personen")
        XCTAssertEqual(de.easyShare(0), "keine Person")
        XCTAssertEqual(en.easyShare(0), "no people")
        XCTAssertEqual(de.easyShare(25, of: .child), "jedes 4. Kind")
        XCTAssertEqual(de.easyShare(20, of: .household), "jeder 5. Haushalt")
        XCTAssertEqual(de.easyShare(75, of: .child), "3 von 4 Kindern")
        XCTAssertEqual(de.easyShare(0, of: .child), "kein Kind")
        XCTAssertNil(de.easyShare(-1))
        XCTAssertNil(de.easyShare(.nan))
    }
}
