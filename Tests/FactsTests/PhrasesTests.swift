import Foundation
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
                       "ist gegenüber dem Vormonat um 0,4\u{00A0}Prozentpunkte gestiegen")
        XCTAssertEqual(en.change(up, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "rose by 0.4\u{00A0}percentage points compared with the previous month")
        let down = change(8.1, 9.3, basis: .yearEarlier)
        XCTAssertEqual(de.change(down, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .month),
                       "ist gegenüber dem Vorjahresmonat um 1,2\u{00A0}Prozentpunkte gesunken")
        XCTAssertEqual(en.change(down, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .month),
                       "fell by 1.2\u{00A0}percentage points compared with the same month a year earlier")
        // 9.34 and 9.26 both display as 9,3: unchanged, not "um 0,1 gestiegen".
        let same = change(9.34, 9.26)
        XCTAssertEqual(same.direction, .unchanged)
        XCTAssertEqual(de.change(same, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "ist gegenüber dem Vormonat unverändert geblieben")
        XCTAssertEqual(en.change(same, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .month),
                       "remained unchanged compared with the previous month")
        let q = change(3.0, 2.0, basis: .previousPeriod, granularity: .quarter)
        XCTAssertEqual(de.change(q, unit: .percent, decimals: 1, basis: .previousPeriod, granularity: .quarter),
                       "ist gegenüber dem Vorquartal um 1,0\u{00A0}Prozentpunkte gestiegen")
        XCTAssertEqual(en.change(q, unit: .percent, decimals: 1, basis: .yearEarlier, granularity: .quarter),
                       "rose by 1.0\u{00A0}percentage points compared with the same quarter a year earlier")
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
                       "lässt sich nicht mit dem Vormonat vergleichen (dieser Wert ist aus Datenschutzgründen gesperrt)")
        XCTAssertEqual(de.changeUnavailable(basis: .yearEarlier, granularity: .quarter, baseStatus: .missing),
                       "lässt sich nicht mit dem Vorjahresquartal vergleichen (für ihn liegt kein Wert vor)")
        XCTAssertEqual(en.changeUnavailable(basis: .previousPeriod, granularity: .year, baseStatus: .missing),
                       "cannot be compared with the previous year (no value is available for it)")
        XCTAssertEqual(en.changeUnavailable(basis: .previousPeriod, granularity: .month, baseStatus: .suppressed),
                       "cannot be compared with the previous month (that value is withheld to protect privacy)")
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

    /// Each kind of unit is compared in what a planner would quote (ComparisonRule); the three cases of
    /// issue 13 get the word a statistician would use.
    func testCityComparisonRulesPerUnit() {
        func category(_ v: Double, _ c: Double, _ unit: IndicatorUnit, decimals: Int = 1) -> CityDeviation {
            DeviationMeasure.between(value: v, city: c, decimals: decimals, polarity: .higherIsWorse,
                                     rule: ComparisonRule.defaultRule(for: unit)).category
        }
        // The cases: two years of life expectancy, −18 % purchasing power, +9,4 points of households.
        XCTAssertEqual(category(78.4, 80.4, .years), .wellBelow)
        XCTAssertEqual(category(19_884, 24_396, .euro, decimals: 0), .wellBelow)
        XCTAssertEqual(category(63.7, 54.3, .percent), .wellAbove)
        // Shares: percentage points; 1 and 5 points are the boundaries (owned by the stronger word).
        XCTAssertEqual(category(55.2, 54.3, .percent), .about)       // 0,9 pp
        XCTAssertEqual(category(55.3, 54.3, .percent), .slightlyAbove) // exactly 1 pp
        XCTAssertEqual(category(59.2, 54.3, .percent), .slightlyAbove) // 4,9 pp
        XCTAssertEqual(category(59.3, 54.3, .percent), .wellAbove)   // exactly 5 pp
        XCTAssertEqual(category(23.0, 20.9, .percent), .slightlyAbove) // 2,1 pp; city ≥ 10 %: no floor
        // Small shares (city below 10 %): the relative floor lifts the word.
        XCTAssertEqual(category(5.5, 2.9, .percent), .wellAbove)     // 2,6 pp but +90 %
        XCTAssertEqual(category(3.1, 4.2, .percent), .wellBelow)     // 1,1 pp but −26 %
        XCTAssertEqual(category(9.7, 9.0, .percent), .about)         // 0,7 pp, +7,8 %
        XCTAssertEqual(category(9.9, 9.0, .percent), .slightlyAbove) // 0,9 pp, but +10 %
        XCTAssertEqual(category(10.8, 9.0, .percent), .slightlyAbove) // 1,8 pp, +20 %
        XCTAssertEqual(category(11.3, 9.0, .percent), .wellAbove)    // 2,3 pp, +25,6 %
        // Years: 0,5 and 1,5 years.
        XCTAssertEqual(category(80.0, 80.4, .years), .about)
        XCTAssertEqual(category(79.9, 80.4, .years), .slightlyBelow)
        XCTAssertEqual(category(78.9, 80.4, .years), .wellBelow)
        // Euro: 3 % and 10 %; rates per 1,000 and indices: 5 % and 20 %.
        XCTAssertEqual(category(24_000, 24_396, .euro, decimals: 0), .about)   // −1,6 %
        XCTAssertEqual(category(23_500, 24_396, .euro, decimals: 0), .slightlyBelow) // −3,7 %
        XCTAssertEqual(category(8.7, 8.2, .perThousand), .slightlyAbove)   // +6,1 %
        XCTAssertEqual(category(8.5, 8.2, .perThousand), .about)           // +3,7 %
        XCTAssertEqual(category(71.8, 39.4, .perThousand), .wellAbove)
        // A city value of zero: equal is about, anything else is well above or below.
        XCTAssertEqual(category(0, 0, .perThousand), .about)
        XCTAssertEqual(category(0.1, 0, .perThousand), .wellAbove)
        // Counts are never compared.
        XCTAssertEqual(ComparisonRule.defaultRule(for: .count).measure, .none)
        XCTAssertEqual(category(5000, 200_000, .count, decimals: 0), .about)

        let d = DeviationMeasure.between(value: 5.5, city: 2.9, decimals: 1, polarity: .higherIsWorse, rule: .defaultRule(for: .percent))
        XCTAssertTrue(d.floorApplied)
        XCTAssertEqual(d.standing, .worse)
        XCTAssertEqual(d.absolute, 2.6, accuracy: 1e-9)
        XCTAssertEqual(DeviationMeasure.between(value: 12.1, city: 10, decimals: 1, polarity: .higherIsBetter, rule: .defaultRule(for: .percent)).standing, .better)
        XCTAssertEqual(DeviationMeasure.between(value: 12.1, city: 10, decimals: 1, polarity: .neutral, rule: .defaultRule(for: .percent)).standing, .neutral)
    }

    /// An indicator's own rule (metadata) replaces its unit's default.
    func testAnIndicatorsOwnRuleReplacesTheDefault() {
        var indicator = Indicator(code: "x", name: "X", shortLabel: "X", domain: .health, unit: .years, decimals: 1,
                                  polarity: .higherIsBetter, granularity: .year,
                                  definition: IndicatorDefinition(numerator: "n", denominator: "", referenceDate: "r"),
                                  source: "s", licence: "l", synthetic: false)
        XCTAssertEqual(ComparisonRule.of(indicator), ComparisonRule(measure: .points, about: 0.5, clear: 1.5, origin: "unit"))
        indicator.comparison = ComparisonSetting(measure: .relative, about: 1, clear: 2)
        let rule = ComparisonRule.of(indicator)
        XCTAssertEqual(rule, ComparisonRule(measure: .relative, about: 1, clear: 2, origin: "indicator"))
        // 78,4 against 80,4 is −2,5 %: „deutlich“ under the indicator's own 2 % rule.
        XCTAssertEqual(DeviationMeasure.between(value: 78.4, city: 80.4, decimals: 1, polarity: .higherIsBetter, rule: rule).category, .wellBelow)
        XCTAssertEqual(DeviationMeasure.between(value: 80.0, city: 80.4, decimals: 1, polarity: .higherIsBetter, rule: rule).category, .about)
    }

    func testCityComparisonClauses() {
        let nb = "\u{00A0}"
        XCTAssertEqual(de.cityComparison(.wellAbove, cityValue: "9,0\(nb)%"), "liegt deutlich über dem städtischen Durchschnitt von 9,0\(nb)%")
        XCTAssertEqual(de.cityComparison(.slightlyBelow, cityValue: "9,0\(nb)%"), "liegt leicht unter dem städtischen Durchschnitt von 9,0\(nb)%")
        XCTAssertEqual(de.cityComparison(.about, cityValue: "9,0\(nb)%"), "entspricht etwa dem städtischen Durchschnitt von 9,0\(nb)%")
        XCTAssertEqual(en.cityComparison(.wellAbove, cityValue: "9.0%"), "is well above the city average of 9.0%")
        XCTAssertEqual(en.cityComparison(.slightlyBelow, cityValue: "9.0%"), "is slightly below the city average of 9.0%")
        XCTAssertEqual(en.cityComparison(.about, cityValue: "9.0%"), "is about the same as the city average of 9.0%")
        XCTAssertEqual(de.cityComparisonUnavailable(.ownValue, cityValue: "9,0\(nb)%"), "lässt sich nicht mit dem städtischen Durchschnitt von 9,0\(nb)% vergleichen")
        XCTAssertEqual(de.cityComparisonUnavailable(.notCompared, cityValue: "224.012"), "wird als Anzahl nicht mit dem städtischen Wert von 224.012 verglichen")
        XCTAssertEqual(en.cityComparisonUnavailable(.citySuppressed, cityValue: nil),
                       "cannot be compared with the city average (the city figure is withheld to protect privacy)")
    }

    func testPluralsAndLists() {
        XCTAssertEqual(de.count(1, .district), "1\u{00A0}Stadtteil")
        XCTAssertEqual(de.count(3, .district), "3\u{00A0}Stadtteile")
        XCTAssertEqual(de.count(0, .district), "0\u{00A0}Stadtteile")
        XCTAssertEqual(en.count(1, .district), "1\u{00A0}district")
        XCTAssertEqual(en.count(3, .district), "3\u{00A0}districts")
        XCTAssertEqual(de.count(12345, .person), "12.345\u{00A0}Personen")
        XCTAssertEqual(en.count(12345, .person), "12,345\u{00A0}people")
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

    func testRankPhrasesSayTheirDirection() {
        let nb = "\u{00A0}"
        func r(_ p: Int, _ n: Int, best: Bool = false, worst: Bool = false, ties: Int = 0) -> RankMeasure {
            RankMeasure(position: p, count: n, isBest: best, isWorst: worst, ties: ties)
        }
        XCTAssertEqual(de.rank(r(10, 10, worst: true), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "liegt auf Rang\(nb)10 von 10\(nb)Stadtteilen – das ist der höchste Anteil")
        XCTAssertEqual(de.rank(r(1, 10, best: true), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "liegt auf Rang\(nb)1 von 10\(nb)Stadtteilen – das ist der niedrigste Anteil")
        XCTAssertEqual(de.rank(r(1, 10, best: true), among: .district, unit: .years, polarity: .higherIsBetter),
                       "liegt auf Rang\(nb)1 von 10\(nb)Stadtteilen – das ist der höchste Wert")
        XCTAssertEqual(de.rank(r(4, 10), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "liegt auf Rang\(nb)4 von 10\(nb)Stadtteilen (Rang\(nb)1 ist der niedrigste Anteil)")
        XCTAssertEqual(de.rank(r(3, 10, ties: 1), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "liegt gemeinsam mit einem weiteren Stadtteil auf Rang\(nb)3 von 10\(nb)Stadtteilen (Rang\(nb)1 ist der niedrigste Anteil)")
        XCTAssertEqual(de.rank(r(1, 10, best: true, ties: 2), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "liegt gemeinsam mit 2\(nb)weiteren Stadtteilen auf Rang\(nb)1 von 10\(nb)Stadtteilen – das ist der niedrigste Anteil")
        XCTAssertEqual(de.rank(r(1, 10, best: true, worst: true, ties: 9), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "ist in allen 10\(nb)Stadtteilen gleich hoch")
        XCTAssertEqual(en.rank(r(10, 10, worst: true), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "ranks 10th of 10\(nb)districts – the highest share")
        XCTAssertEqual(en.rank(r(2, 10), among: .district, unit: .perThousand, polarity: .higherIsBetter),
                       "ranks 2nd of 10\(nb)districts (1st is the highest value)")
        XCTAssertEqual(en.rank(r(3, 12, ties: 1), among: .district, unit: .percent, polarity: .higherIsWorse),
                       "shares 3rd place of 12\(nb)districts with 1\(nb)other district (1st is the lowest share)")
        XCTAssertEqual(en.ordinal(11), "11th"); XCTAssertEqual(en.ordinal(21), "21st"); XCTAssertEqual(en.ordinal(112), "112th")
        XCTAssertEqual(de.rankUnavailable(among: .district), "hat keinen Rang unter den Stadtteilen")
        XCTAssertEqual(en.rankUnavailable(among: .district), "has no rank among the districts")
    }

    func testEasyReadNumbers() {
        XCTAssertEqual(de.easyNumber(42), "42")
        XCTAssertEqual(de.easyNumber(9.3), "etwa\u{00A0}9")
        XCTAssertEqual(de.easyNumber(0), "0")
        XCTAssertEqual(de.easyNumber(950), "950")
        XCTAssertEqual(de.easyNumber(12401), "etwa\u{00A0}12.000")
        XCTAssertEqual(en.easyNumber(12401), "about\u{00A0}12,000")
        XCTAssertEqual(de.easyNumber(223156), "etwa\u{00A0}220.000")
        XCTAssertEqual(de.easyNumber(125), "etwa\u{00A0}130")
        XCTAssertEqual(de.easyNumber(-125), "etwa\u{00A0}\u{2212}130")
        XCTAssertEqual(de.easyNumber(1234567.891), "etwa\u{00A0}1,2\u{00A0}Millionen")
        XCTAssertEqual(en.easyNumber(1234567.891), "about\u{00A0}1.2\u{00A0}million")
        XCTAssertEqual(de.easyNumber(1_000_000), "1\u{00A0}Million")
        XCTAssertEqual(de.easyNumber(996_000), "etwa\u{00A0}1\u{00A0}Million")
        XCTAssertEqual(en.easyNumber(3_000_000), "3\u{00A0}million")
        XCTAssertNil(en.easyNumber(.nan))
    }

    func testEasyReadShares() {
        func plain(_ s: String?) -> String? { s?.replacingOccurrences(of: "\u{00A0}", with: " ") }
        XCTAssertEqual(plain(de.easyShare(9.3)), "fast jede 10. Person")
        XCTAssertEqual(plain(en.easyShare(9.3)), "almost 1 in 10 people")
        XCTAssertEqual(plain(de.easyShare(25)), "jede 4. Person")
        XCTAssertEqual(plain(en.easyShare(25)), "1 in 4 people")
        XCTAssertEqual(plain(de.easyShare(50)), "die Hälfte")
        XCTAssertEqual(plain(de.easyShare(51)), "die Hälfte")            // within 3 % of a half
        XCTAssertEqual(plain(de.easyShare(54.1)), "mehr als die Hälfte")
        XCTAssertEqual(plain(en.easyShare(54.1)), "more than half")
        // 44 % is nearly half — not „mehr als jedes 3. Kind“ (issue 13).
        XCTAssertEqual(plain(de.easyShare(44, of: .child)), "fast die Hälfte")
        XCTAssertEqual(plain(de.easyShare(40)), "mehr als jede 3. Person") // 6,7 points from a third, 10 from a half
        XCTAssertEqual(plain(de.easyShare(14.6)), "jede 7. Person")       // 1/7 = 14,29 %, within 3 %
        XCTAssertEqual(plain(de.easyShare(21.1)), "mehr als jede 5. Person")
        XCTAssertEqual(plain(de.easyShare(12.5)), "jede 8. Person")
        XCTAssertEqual(plain(de.easyShare(2.7)), "fast 3 von 100 Personen")
        XCTAssertEqual(plain(en.easyShare(2.7)), "almost 3 in 100 people")
        XCTAssertEqual(plain(de.easyShare(4.1)), "4 von 100 Personen")
        XCTAssertEqual(plain(de.easyShare(0.5)), "weniger als 1 von 100 Personen")
        XCTAssertEqual(plain(en.easyShare(0.5)), "fewer than 1 in 100 people")
        XCTAssertEqual(plain(de.easyShare(75)), "3 von 4 Personen")
        XCTAssertEqual(plain(de.easyShare(88)), "9 von 10 Personen")     // within 3 % of 90
        XCTAssertEqual(plain(de.easyShare(8.6)), "mehr als 8 von 100 Personen")
        XCTAssertEqual(plain(de.easyShare(62)), "fast 2 von 3 Personen")
        XCTAssertEqual(plain(de.easyShare(96)), "fast alle Personen")
        XCTAssertEqual(plain(de.easyShare(100)), "alle Personen")
        XCTAssertEqual(plain(de.easyShare(0)), "keine Person")
        XCTAssertEqual(plain(en.easyShare(0)), "no people")
        XCTAssertEqual(plain(de.easyShare(25, of: .child)), "jedes 4. Kind")
        XCTAssertEqual(plain(de.easyShare(20, of: .household)), "jeder 5. Haushalt")
        XCTAssertEqual(plain(de.easyShare(75, of: .child)), "3 von 4 Kindern")
        XCTAssertEqual(plain(de.easyShare(0, of: .child)), "kein Kind")
        XCTAssertNil(de.easyShare(-1))
        XCTAssertNil(de.easyShare(.nan))
        // Never across a line: the words of a phrase are joined by no-break spaces.
        XCTAssertEqual(de.easyShare(9.3), "fast\u{00A0}jede\u{00A0}10.\u{00A0}Person")
    }

    /// The spoken share is never further from the true one than documented, over the whole range.
    func testEasyShareStaysWithinItsDocumentedDistance() throws {
        func reference(_ text: String) -> Double? {
            let t = text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "fast ", with: "")
                .replacingOccurrences(of: "mehr als ", with: "")
            if t == "die Hälfte" { return 50 }
            if t.hasPrefix("jede ") { return 100 / Double(t.dropFirst(5).prefix { $0.isNumber })! }
            let parts = t.split(separator: " ")
            if parts.count >= 3, parts[1] == "von", let a = Double(parts[0]), let b = Double(parts[2]) { return a * 100 / b }
            return nil
        }
        for tenths in 10..<950 {
            let p = Double(tenths) / 10
            let text = try XCTUnwrap(de.easyShare(p))
            let r = try XCTUnwrap(reference(text), "\(p) → \(text)")
            XCTAssertLessThanOrEqual(abs(r - p), Phrases.easyShareMaximumDistance + 1e-9, "\(p) → \(text)")
            // „fast“ only below the reference, „mehr als“ only above.
            if text.hasPrefix("fast") { XCTAssertLessThan(p, r, text) }
            if text.hasPrefix("mehr") { XCTAssertGreaterThan(p, r, text) }
        }
    }

    func testEasyComparisonSaysBothInOneForm() {
        func plain(_ s: String?) -> String? { s?.replacingOccurrences(of: "\u{00A0}", with: " ") }
        XCTAssertEqual(plain(de.easyShareOf100(44, of: .child)), "44 von 100 Kindern")
        XCTAssertEqual(plain(de.easyShareOf100(20.9, of: .child)), "etwa 21 von 100 Kindern")
        XCTAssertEqual(plain(en.easyShareOf100(7.4)), "about 7 in 100 people")
        XCTAssertEqual(de.easyComparison(areaName: "Moisling", cityName: "Lübeck", category: "wellAbove"),
                       "In Moisling sind es also viel mehr als in ganz Lübeck.")
        XCTAssertEqual(de.easyComparison(areaName: "Moisling", cityName: "Lübeck", category: "about"),
                       "In Moisling ist es also etwa so wie in ganz Lübeck.")
        XCTAssertEqual(en.easyComparison(areaName: "Moisling", cityName: "Lübeck", category: "slightlyBelow"),
                       "So there are a few fewer in Moisling than in all of Lübeck.")
    }
}
