import XCTest
import IndicatorStore
@testable import Facts

/// Every phrase a template can print (value, change against the previous period and a year earlier,
/// comparison with the city, rank, trend) in every state of the value — final, provisional,
/// suppressed, missing, zero, negative, first period without earlier values, tied rank — in German
/// and English, against exact sentences: each is a predicate with the indicator as subject that reads
/// correctly in its slot, and only the value phrase says why a value is missing.
final class PhraseMatrixTests: XCTestCase {
    static let october = Period("2024-10")!

    static func indicator(unit: IndicatorUnit = .percent) -> Indicator {
        Indicator(code: "sgb2", name: "SGB-II-Quote", shortLabel: "SGB-II-Quote", domain: .incomePoverty, unit: unit, decimals: 1,
                  polarity: .higherIsWorse, granularity: .month,
                  definition: IndicatorDefinition(numerator: "n", denominator: "d", referenceDate: "r"),
                  source: "s", licence: "l", synthetic: false)
    }

    static let city = Area(code: "00", name: "Teststadt", level: .city)
    static let nord = Area(code: "01", name: "Nord", level: .district, parent: "00")

    static func obs(_ area: String, _ period: String, _ value: Double?, _ status: ObservationStatus = .final) -> Observation {
        Observation(indicator: "sgb2", area: area, period: Period(period)!, value: value, status: status)
    }

    /// The inputs of one state: the area's own cells and the cross-section of the four districts.
    static func inputs(_ state: String) -> FactInputs {
        var unit: IndicatorUnit = .percent
        var current: Observation? = obs("01", "2024-10", 11.4)
        var previous: Observation? = obs("01", "2024-09", 10.8)
        var year: Observation? = obs("01", "2023-10", 10.0)
        var cityValue = obs("00", "2024-10", 9.3)
        var others: [Observation] = [obs("02", "2024-10", 5.4), obs("03", "2024-10", 9.5), obs("04", "2024-10", 9.7)]
        switch state {
        case "final": break
        case "provisional": current = obs("01", "2024-10", 11.4, .provisional)
        case "suppressed": current = obs("01", "2024-10", nil, .suppressed)
        case "missing": current = nil
        case "zero":
            current = obs("01", "2024-10", 0); previous = obs("01", "2024-09", 0)
        case "negative":
            unit = .index
            current = obs("01", "2024-10", -1.5); previous = obs("01", "2024-09", -1.0); year = obs("01", "2023-10", -1.5)
            cityValue = obs("00", "2024-10", 0.3)
            others = [obs("02", "2024-10", 0.4), obs("03", "2024-10", -0.2), obs("04", "2024-10", 1.1)]
        case "first":
            previous = nil; year = nil
        case "tied":
            current = obs("01", "2024-10", 9.7)
        case "cityMissing":
            cityValue = obs("00", "2024-10", nil, .suppressed)
        default: XCTFail("unknown state \(state)")
        }
        let series = [previous, current].compactMap { $0 }
        return FactInputs(indicator: indicator(unit: unit), area: nord, period: october, current: current, previous: previous,
                          yearEarlier: year, series: series, city: city, cityObservation: cityValue,
                          crossSection: others + [current].compactMap { $0 })
    }

    static let states = ["final", "provisional", "suppressed", "missing", "zero", "negative", "first", "tied", "cityMissing"]

    /// What each phrase filter prints for a fact.
    static func phrases(_ fact: IndicatorFact, _ language: Language) -> [String: String] {
        let p = Phrases(language)
        return ["value": fact.current.phrase, "change": fact.previous.phrase, "changeYear": fact.yearEarlier.phrase,
                "comparison": fact.city?.phrase ?? "", "rank": fact.rank?.phrase ?? p.rankUnavailable(among: .district),
                "trend": fact.trend.phrase]
    }

    /// Read and checked sentence by sentence (issue 13): each fits „Die SGB-II-Quote … .“ / "The SGB II rate … .",
    /// and a missing value's reason appears only in `value`.
    static let expected: [String: String] = [
        "de|final|change": "ist gegenüber dem Vormonat um 0,6\u{00A0}Prozentpunkte gestiegen",
        "de|final|changeYear": "ist gegenüber dem Vorjahresmonat um 1,4\u{00A0}Prozentpunkte gestiegen",
        "de|final|comparison": "liegt leicht über dem städtischen Durchschnitt von 9,3\u{00A0}%",
        "de|final|rank": "liegt auf Rang\u{00A0}4 von 4\u{00A0}Stadtteilen – das ist der höchste Anteil",
        "de|final|trend": "ist zuletzt gestiegen",
        "de|final|value": "beträgt 11,4\u{00A0}%",
        "de|provisional|change": "ist gegenüber dem Vormonat um 0,6\u{00A0}Prozentpunkte gestiegen",
        "de|provisional|changeYear": "ist gegenüber dem Vorjahresmonat um 1,4\u{00A0}Prozentpunkte gestiegen",
        "de|provisional|comparison": "liegt leicht über dem städtischen Durchschnitt von 9,3\u{00A0}%",
        "de|provisional|rank": "liegt auf Rang\u{00A0}4 von 4\u{00A0}Stadtteilen – das ist der höchste Anteil",
        "de|provisional|trend": "ist zuletzt gestiegen",
        "de|provisional|value": "beträgt vorläufig 11,4\u{00A0}%",
        "de|suppressed|change": "lässt sich nicht mit dem Vormonat vergleichen",
        "de|suppressed|changeYear": "lässt sich nicht mit dem Vorjahresmonat vergleichen",
        "de|suppressed|comparison": "lässt sich nicht mit dem städtischen Durchschnitt von 9,3\u{00A0}% vergleichen",
        "de|suppressed|rank": "hat keinen Rang unter den Stadtteilen",
        "de|suppressed|trend": "lässt keinen Verlauf erkennen",
        "de|suppressed|value": "ist für Oktober\u{00A0}2024 aus Datenschutzgründen gesperrt",
        "de|missing|change": "lässt sich nicht mit dem Vormonat vergleichen",
        "de|missing|changeYear": "lässt sich nicht mit dem Vorjahresmonat vergleichen",
        "de|missing|comparison": "lässt sich nicht mit dem städtischen Durchschnitt von 9,3\u{00A0}% vergleichen",
        "de|missing|rank": "hat keinen Rang unter den Stadtteilen",
        "de|missing|trend": "lässt keinen Verlauf erkennen",
        "de|missing|value": "liegt für Oktober\u{00A0}2024 nicht vor",
        "de|zero|change": "ist gegenüber dem Vormonat unverändert geblieben",
        "de|zero|changeYear": "ist gegenüber dem Vorjahresmonat um 10,0\u{00A0}Prozentpunkte gesunken",
        "de|zero|comparison": "liegt deutlich unter dem städtischen Durchschnitt von 9,3\u{00A0}%",
        "de|zero|rank": "liegt auf Rang\u{00A0}1 von 4\u{00A0}Stadtteilen – das ist der niedrigste Anteil",
        "de|zero|trend": "ist zuletzt unverändert geblieben",
        "de|zero|value": "beträgt 0,0\u{00A0}%",
        "de|negative|change": "ist gegenüber dem Vormonat um 0,5 gesunken",
        "de|negative|changeYear": "ist gegenüber dem Vorjahresmonat unverändert geblieben",
        "de|negative|comparison": "liegt deutlich unter dem städtischen Durchschnitt von 0,3",
        "de|negative|rank": "liegt auf Rang\u{00A0}1 von 4\u{00A0}Stadtteilen – das ist der niedrigste Wert",
        "de|negative|trend": "ist zuletzt gesunken",
        "de|negative|value": "beträgt \u{2212}1,5",
        "de|first|change": "lässt sich nicht mit dem Vormonat vergleichen (für ihn liegt kein Wert vor)",
        "de|first|changeYear": "lässt sich nicht mit dem Vorjahresmonat vergleichen (für ihn liegt kein Wert vor)",
        "de|first|comparison": "liegt leicht über dem städtischen Durchschnitt von 9,3\u{00A0}%",
        "de|first|rank": "liegt auf Rang\u{00A0}4 von 4\u{00A0}Stadtteilen – das ist der höchste Anteil",
        "de|first|trend": "lässt keinen Verlauf erkennen (es fehlen frühere Werte)",
        "de|first|value": "beträgt 11,4\u{00A0}%",
        "de|tied|change": "ist gegenüber dem Vormonat um 1,1\u{00A0}Prozentpunkte gesunken",
        "de|tied|changeYear": "ist gegenüber dem Vorjahresmonat um 0,3\u{00A0}Prozentpunkte gesunken",
        "de|tied|comparison": "entspricht etwa dem städtischen Durchschnitt von 9,3\u{00A0}%",
        "de|tied|rank": "liegt gemeinsam mit einem weiteren Stadtteil auf Rang\u{00A0}3 von 4\u{00A0}Stadtteilen – das ist der höchste Anteil",
        "de|tied|trend": "ist zuletzt gesunken",
        "de|tied|value": "beträgt 9,7\u{00A0}%",
        "de|cityMissing|change": "ist gegenüber dem Vormonat um 0,6\u{00A0}Prozentpunkte gestiegen",
        "de|cityMissing|changeYear": "ist gegenüber dem Vorjahresmonat um 1,4\u{00A0}Prozentpunkte gestiegen",
        "de|cityMissing|comparison": "lässt sich nicht mit dem städtischen Durchschnitt vergleichen (der städtische Wert ist aus Datenschutzgründen gesperrt)",
        "de|cityMissing|rank": "liegt auf Rang\u{00A0}4 von 4\u{00A0}Stadtteilen – das ist der höchste Anteil",
        "de|cityMissing|trend": "ist zuletzt gestiegen",
        "de|cityMissing|value": "beträgt 11,4\u{00A0}%",
        "en|final|change": "rose by 0.6\u{00A0}percentage points compared with the previous month",
        "en|final|changeYear": "rose by 1.4\u{00A0}percentage points compared with the same month a year earlier",
        "en|final|comparison": "is slightly above the city average of 9.3%",
        "en|final|rank": "ranks 4th of 4\u{00A0}districts – the highest share",
        "en|final|trend": "rose in the latest month",
        "en|final|value": "is 11.4%",
        "en|provisional|change": "rose by 0.6\u{00A0}percentage points compared with the previous month",
        "en|provisional|changeYear": "rose by 1.4\u{00A0}percentage points compared with the same month a year earlier",
        "en|provisional|comparison": "is slightly above the city average of 9.3%",
        "en|provisional|rank": "ranks 4th of 4\u{00A0}districts – the highest share",
        "en|provisional|trend": "rose in the latest month",
        "en|provisional|value": "is provisionally 11.4%",
        "en|suppressed|change": "cannot be compared with the previous month",
        "en|suppressed|changeYear": "cannot be compared with the same month a year earlier",
        "en|suppressed|comparison": "cannot be compared with the city average of 9.3%",
        "en|suppressed|rank": "has no rank among the districts",
        "en|suppressed|trend": "shows no trend",
        "en|suppressed|value": "is withheld for October\u{00A0}2024 to protect privacy",
        "en|missing|change": "cannot be compared with the previous month",
        "en|missing|changeYear": "cannot be compared with the same month a year earlier",
        "en|missing|comparison": "cannot be compared with the city average of 9.3%",
        "en|missing|rank": "has no rank among the districts",
        "en|missing|trend": "shows no trend",
        "en|missing|value": "is not available for October\u{00A0}2024",
        "en|zero|change": "remained unchanged compared with the previous month",
        "en|zero|changeYear": "fell by 10.0\u{00A0}percentage points compared with the same month a year earlier",
        "en|zero|comparison": "is well below the city average of 9.3%",
        "en|zero|rank": "ranks 1st of 4\u{00A0}districts – the lowest share",
        "en|zero|trend": "remained unchanged in the latest month",
        "en|zero|value": "is 0.0%",
        "en|negative|change": "fell by 0.5 compared with the previous month",
        "en|negative|changeYear": "remained unchanged compared with the same month a year earlier",
        "en|negative|comparison": "is well below the city average of 0.3",
        "en|negative|rank": "ranks 1st of 4\u{00A0}districts – the lowest value",
        "en|negative|trend": "fell in the latest month",
        "en|negative|value": "is \u{2212}1.5",
        "en|first|change": "cannot be compared with the previous month (no value is available for it)",
        "en|first|changeYear": "cannot be compared with the same month a year earlier (no value is available for it)",
        "en|first|comparison": "is slightly above the city average of 9.3%",
        "en|first|rank": "ranks 4th of 4\u{00A0}districts – the highest share",
        "en|first|trend": "shows no trend (earlier values are missing)",
        "en|first|value": "is 11.4%",
        "en|tied|change": "fell by 1.1\u{00A0}percentage points compared with the previous month",
        "en|tied|changeYear": "fell by 0.3\u{00A0}percentage points compared with the same month a year earlier",
        "en|tied|comparison": "is about the same as the city average of 9.3%",
        "en|tied|rank": "shares 3rd place of 4\u{00A0}districts with 1\u{00A0}other district – the highest share",
        "en|tied|trend": "fell in the latest month",
        "en|tied|value": "is 9.7%",
        "en|cityMissing|change": "rose by 0.6\u{00A0}percentage points compared with the previous month",
        "en|cityMissing|changeYear": "rose by 1.4\u{00A0}percentage points compared with the same month a year earlier",
        "en|cityMissing|comparison": "cannot be compared with the city average (the city figure is withheld to protect privacy)",
        "en|cityMissing|rank": "ranks 4th of 4\u{00A0}districts – the highest share",
        "en|cityMissing|trend": "rose in the latest month",
        "en|cityMissing|value": "is 11.4%"
    ]

    func testEveryPhraseInEveryStateAndLanguage() {
        var seen = 0
        for language in [Language.de, .en] {
            for state in Self.states {
                let fact = IndicatorFact(Self.inputs(state), language: language)
                for (kind, text) in Self.phrases(fact, language) {
                    let key = "\(language == .de ? "de" : "en")|\(state)|\(kind)"
                    XCTAssertEqual(text, Self.expected[key], key)
                    seen += 1
                    // No doubled words, no table symbol, no empty brackets in any phrase.
                    let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
                    for (a, b) in zip(words, words.dropFirst()) { XCTAssertNotEqual(a, b, "doubled word in \(key): \(text)") }
                    XCTAssertFalse(text.contains("()"), key)
                    XCTAssertFalse(words.contains("x"), key)
                    for before in ["beträgt", "von", "is", "of"] { XCTAssertFalse(text.contains(before + " \u{2013}"), key) }
                    // Only the value phrase gives the reason for a missing value.
                    if kind != "value", ["suppressed", "missing"].contains(state) {
                        XCTAssertFalse(text.contains("Datenschutz") || text.contains("privacy"), key)
                    }
                }
            }
        }
        XCTAssertEqual(seen, Self.expected.count)
    }
}
