import XCTest
import IndicatorStore
@testable import Facts

/// Facts and notable changes on a small store built through the store's own importer.
final class StoreFactsTests: XCTestCase {
    static let areasCSV = """
        code,name,level,parent,population,population_date
        00,Teststadt,city,,1000,31.12.2024
        01,Nord,district,00,300,31.12.2024
        02,Süd,district,00,300,31.12.2024
        03,Mitte,district,00,200,31.12.2024
        04,West,district,00,200,31.12.2024

        """
    static let indicatorsCSV = """
        code;name;short_label;domain;unit;decimals;polarity;granularity;numerator;denominator;reference_date;source;licence;synthetic
        sgb2;SGB-II-Quote;SGB II;income_poverty;percent;1;higher_is_worse;month;Leistungsberechtigte nach SGB II;Einwohner unter der Regelaltersgrenze;Monatsende;Testdaten;CC0 1.0;ja
        leih;Verliehene Endgeräte;Leihgeräte;digital_participation;count;0;higher_is_better;month;Verliehene Geräte;;Monatsende;Testdaten;CC0 1.0;nein

        """
    static let observationsCSV = """
        indicator,area,period,value,status
        sgb2,00,2023-10,9.0,final
        sgb2,00,2024-09,9.2,final
        sgb2,00,2024-10,9.3,final
        sgb2,01,2023-10,10.0,final
        sgb2,01,2024-04,10.5,final
        sgb2,01,2024-05,10.0,final
        sgb2,01,2024-06,10.2,final
        sgb2,01,2024-07,10.4,final
        sgb2,01,2024-08,10.6,final
        sgb2,01,2024-09,10.8,final
        sgb2,01,2024-10,11.4,final
        sgb2,02,2024-08,6.0,final
        sgb2,02,2024-09,6.0,final
        sgb2,02,2024-10,5.4,final
        sgb2,03,2024-09,9.5,final
        sgb2,03,2024-10,,suppressed
        sgb2,04,2024-09,,suppressed
        sgb2,04,2024-10,9.7,provisional
        leih,00,2024-09,160,final
        leih,00,2024-10,169,final
        leih,01,2024-09,100,final
        leih,01,2024-10,95,final
        leih,02,2024-09,40,final
        leih,02,2024-10,50,final
        leih,03,2024-09,20,final
        leih,03,2024-10,21,final
        leih,04,2024-09,0,final
        leih,04,2024-10,3,final

        """

    nonisolated(unsafe) static var directory: URL?
    nonisolated(unsafe) static var store: IndicatorStore?

    override class func setUp() {
        super.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("facts-tests-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let files = [("areas.csv", areasCSV), ("indicators.csv", indicatorsCSV), ("observations.csv", observationsCSV)]
            for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let path = dir.appendingPathComponent("store.sqlite").path
            try Importer.run(files: files.map { dir.appendingPathComponent($0.0).path }, storePath: path,
                             importedAt: "2024-11-01T00:00:00Z")
            store = try IndicatorStore.open(path: path)
        } catch {
            print("could not build the test store: \(error)")
        }
        directory = dir
    }

    override class func tearDown() {
        store?.close()
        if let directory { try? FileManager.default.removeItem(at: directory) }
        super.tearDown()
    }

    func builder(_ language: Language) throws -> FactsBuilder {
        try FactsBuilder(store: try XCTUnwrap(Self.store, "test store was not built"), language: language)
    }

    let october = Period.month(2024, 10)!

    func testFactOfADistrictWithARisingRate() throws {
        let fact = try builder(.de).fact(indicator: "sgb2", area: "01", period: october)
        XCTAssertEqual(fact.current.value, 11.4)
        XCTAssertEqual(fact.current.formatted, "11,4\u{00A0}%")
        XCTAssertEqual(fact.current.periodLabel, "Oktober\u{00A0}2024")
        XCTAssertEqual(fact.previous.formattedAbsolute, "+0,6\u{00A0}Pp.")
        XCTAssertEqual(fact.previous.phrase, "ist gegenüber dem Vormonat um 0,6\u{00A0}Prozentpunkte gestiegen")
        XCTAssertEqual(fact.previous.assessment, "deterioration")
        XCTAssertTrue(fact.previous.notable)
        XCTAssertEqual(fact.yearEarlier.phrase, "ist gegenüber dem Vorjahresmonat um 1,4\u{00A0}Prozentpunkte gestiegen")
        XCTAssertEqual(fact.yearEarlier.compared.periodLabel, "Oktober\u{00A0}2023")
        XCTAssertTrue(fact.yearEarlier.notable)
        XCTAssertEqual(fact.trend.direction, "rising")
        XCTAssertEqual(fact.trend.periodsInRow, 5)
        XCTAssertEqual(fact.trend.sinceLabel, "Mai\u{00A0}2024")
        XCTAssertEqual(fact.trend.formattedWindowChange, "+0,9\u{00A0}Pp.")
        XCTAssertEqual(fact.trend.phrase, "ist 5\u{00A0}Monate in Folge gestiegen")
        let city = try XCTUnwrap(fact.city)
        XCTAssertEqual(city.city.formatted, "9,3\u{00A0}%")
        XCTAssertEqual(city.formattedDeviation, "+2,1\u{00A0}Pp.")
        XCTAssertEqual(city.category, "slightlyAbove")
        XCTAssertEqual(city.standing, "worse")
        XCTAssertEqual(city.phrase, "liegt leicht über dem städtischen Durchschnitt von 9,3\u{00A0}%")  // 2,1 points, +22,6 %: slight by the share rule
        XCTAssertEqual(fact.rank, RankFact(position: 3, count: 3, isBest: false, isWorst: true, ties: 0, firstIs: "lowest",
                                           phrase: "liegt auf Rang\u{00A0}3 von 3\u{00A0}Stadtteilen – das ist der höchste Anteil"))
        XCTAssertEqual(fact.indicator.footnote,
                       "SGB-II-Quote: Leistungsberechtigte nach SGB II je 100 Einwohner unter der Regelaltersgrenze. "
                       + "Erhebung: Monatsende, monatlich. Quelle: Testdaten.")
        XCTAssertEqual(fact.indicator.sourceText, "Testdaten; Lizenz: CC0 1.0")
    }

    func testEnglishFactAndRankAgreeWithTheStore() throws {
        let fact = try builder(.en).fact(indicator: "sgb2", area: "02", period: october)
        XCTAssertEqual(fact.previous.phrase, "fell by 0.6\u{00A0}percentage points compared with the previous month")
        XCTAssertEqual(fact.previous.assessment, "improvement")
        XCTAssertEqual(fact.yearEarlier.available, false)
        XCTAssertEqual(fact.yearEarlier.compared.formatted, "–")
        XCTAssertEqual(fact.yearEarlier.phrase,
                       "cannot be compared with the same month a year earlier (no value is available for it)")
        XCTAssertEqual(fact.trend.phrase, "fell in the latest month")
        XCTAssertEqual(fact.city?.phrase, "is well below the city average of 9.3%")
        XCTAssertEqual(fact.city?.standing, "better")
        XCTAssertEqual(fact.rank?.phrase, "ranks 1st of 3\u{00A0}districts – the lowest share")
        let store = try XCTUnwrap(Self.store)
        for area in ["01", "02", "04"] {
            let ours = try builder(.en).fact(indicator: "sgb2", area: area, period: october).rank
            let theirs = try store.rank(indicator: "sgb2", area: area, period: october)
            XCTAssertEqual(ours?.position, theirs?.position, area)
            XCTAssertEqual(ours?.count, theirs?.count, area)
        }
    }

    func testSuppressedValueNeverLeaks() throws {
        let de = try builder(.de).fact(indicator: "sgb2", area: "03", period: october)
        XCTAssertNil(de.current.value)
        XCTAssertEqual(de.current.status, "suppressed")
        XCTAssertEqual(de.current.formatted, "x")
        XCTAssertEqual(de.current.statusSentence, "Der Wert ist aus Datenschutzgründen gesperrt.")
        XCTAssertFalse(de.previous.available)
        XCTAssertNil(de.previous.absolute)
        XCTAssertEqual(de.previous.phrase, "lässt sich nicht mit dem Vormonat vergleichen")
        XCTAssertEqual(de.trend.phrase, "lässt keinen Verlauf erkennen")
        XCTAssertEqual(de.city?.phrase, "lässt sich nicht mit dem städtischen Durchschnitt von 9,3\u{00A0}% vergleichen")
        XCTAssertNil(de.city?.deviation)
        XCTAssertNil(de.rank)
        let en = try builder(.en).fact(indicator: "sgb2", area: "03", period: october)
        XCTAssertEqual(en.current.statusSentence, "The value is withheld to protect privacy.")
        // The JSON a template sees carries no number for the cell.
        let json = String(decoding: try JSONEncoder().encode(en.current), as: UTF8.self)
        XCTAssertFalse(json.contains("\"value\":"), json)
    }

    func testSuppressedComparisonValueAndProvisionalCurrent() throws {
        let fact = try builder(.de).fact(indicator: "sgb2", area: "04", period: october)
        XCTAssertTrue(fact.current.provisional)
        XCTAssertEqual(fact.current.status, "provisional")
        XCTAssertEqual(fact.previous.compared.formatted, "x")
        XCTAssertNil(fact.previous.compared.value)
        XCTAssertEqual(fact.previous.phrase,
                       "lässt sich nicht mit dem Vormonat vergleichen (dieser Wert ist aus Datenschutzgründen gesperrt)")
        XCTAssertEqual(fact.trend.direction, "unknown")
        XCTAssertEqual(fact.city?.phrase, "entspricht etwa dem städtischen Durchschnitt von 9,3\u{00A0}%")
        XCTAssertEqual(fact.rank?.position, 2)
    }

    func testMissingPeriodAndCityArea() throws {
        let missing = try builder(.en).fact(indicator: "sgb2", area: "03", period: Period.month(2024, 3)!)
        XCTAssertEqual(missing.current.status, "missing")
        XCTAssertEqual(missing.current.formatted, "–")
        XCTAssertEqual(missing.current.statusSentence, "No value is available for this period.")
        XCTAssertEqual(missing.previous.phrase, "cannot be compared with the previous month")
        let city = try builder(.de).fact(indicator: "sgb2", area: "00")
        XCTAssertEqual(city.current.period, "2024-10")  // latest period by default
        XCTAssertNil(city.city)
        XCTAssertNil(city.rank)
        XCTAssertEqual(city.yearEarlier.phrase, "ist gegenüber dem Vorjahresmonat um 0,3\u{00A0}Prozentpunkte gestiegen")
    }

    func testCountsAreNotComparedWithTheCityTotal() throws {
        let fact = try builder(.de).fact(indicator: "leih", area: "02", period: october)
        XCTAssertEqual(fact.previous.phrase, "ist gegenüber dem Vormonat um 10 (25,0\u{00A0}%) gestiegen")
        XCTAssertEqual(fact.previous.formattedRelative, "+25,0\u{00A0}%")
        XCTAssertEqual(fact.city?.available, false)
        XCTAssertEqual(fact.city?.phrase, "wird als Anzahl nicht mit dem städtischen Wert von 169 verglichen")
        XCTAssertEqual(fact.indicator.footnote,
                       "Verliehene Endgeräte: Verliehene Geräte. Erhebung: Monatsende, monatlich. Quelle: Testdaten.")
    }

    func testProfileAndTableHelpers() throws {
        let profile = try builder(.de).profile(area: "02")
        XCTAssertEqual(profile.map(\.indicator.code), ["leih", "sgb2"])
        XCTAssertEqual(profile.map(\.current.formatted), ["50", "5,4\u{00A0}%"])
        let table = try builder(.en).facts(indicator: "sgb2")
        XCTAssertEqual(table.map(\.area.name), ["Nord", "Süd", "Mitte", "West"])
        XCTAssertEqual(table.map(\.current.formatted), ["11.4%", "5.4%", "x", "9.7%"])
        XCTAssertEqual(table.map { $0.rank?.position ?? 0 }, [3, 1, 0, 2])
        XCTAssertEqual(Formatting(.de).quantity(9.25, unitName: "%", decimals: 1), "9,3\u{00A0}%")
        XCTAssertEqual(Formatting(.en).quantity(1234, unitName: "EUR", decimals: 0), "€1,234")
        XCTAssertNil(Formatting(.en).quantity(1, unitName: "furlongs", decimals: 0))
    }

    func testFactsEncodeAsPlainJSON() throws {
        let fact = try builder(.en).fact(indicator: "sgb2", area: "01", period: october)
        let data = try JSONEncoder().encode(fact)
        XCTAssertEqual(try JSONDecoder().decode(IndicatorFact.self, from: data), fact)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual((object["previous"] as? [String: Any])?["direction"] as? String, "rising")
        XCTAssertEqual((object["current"] as? [String: Any])?["formatted"] as? String, "11.4%")
    }

    func testErrorsNameTheProblem() throws {
        XCTAssertThrowsError(try builder(.de).fact(indicator: "nope", area: "01")) { error in
            XCTAssertEqual(error as? FactsError, .unknownIndicator("nope"))
        }
        XCTAssertThrowsError(try builder(.de).fact(indicator: "sgb2", area: "1")) { error in
            XCTAssertEqual(error as? FactsError, .unknownArea("1"))
        }
        XCTAssertThrowsError(try builder(.de).fact(indicator: "sgb2", area: "01", period: Period.year(2024)!)) { error in
            XCTAssertEqual((error as? FactsError)?.description,
                           "period 2024 does not fit indicator sgb2, which is monthly — write the period as 2024-10 (month), 2024-Q3 (quarter) or 2024 (year)")
        }
    }

    func testNotableChangesOfAMonth() throws {
        let n = try builder(.de).notableChanges(period: october)
        // Mitte's 20 → 21 devices is +5 %, but a count must change by at least 3.
        XCTAssertEqual(n.improvements.map { "\($0.indicatorCode)/\($0.area.code)" }, ["leih/02", "sgb2/02", "leih/04"])
        XCTAssertEqual(n.deteriorations.map { "\($0.indicatorCode)/\($0.area.code)" }, ["sgb2/01", "leih/01"])
        XCTAssertEqual(n.neutral, [])
        XCTAssertEqual(n.improvementAreas, ["Süd", "West"])
        XCTAssertEqual(Phrases(.de).list(n.improvementAreas), "Süd und West")
        XCTAssertEqual(n.deteriorationAreas, ["Nord"])
        let top = try XCTUnwrap(n.improvements.first)
        XCTAssertEqual(top.score, 5, accuracy: 1e-9)
        XCTAssertEqual(top.formattedAbsolute, "+10")
        XCTAssertEqual(top.current.formatted, "50")
        XCTAssertEqual(top.compared.formatted, "40")
        XCTAssertEqual(n.deteriorations[0].phrase, "ist gegenüber dem Vormonat um 0,6\u{00A0}Prozentpunkte gestiegen")
        XCTAssertEqual(n.deteriorations[1].formattedRelative, "\u{2212}5,0\u{00A0}%")
        XCTAssertEqual(n.thresholdNote,
                       "Als auffällig gilt eine Veränderung gegenüber dem Vormonat um mindestens 0,5\u{00A0}Prozentpunkte bei Anteilen und um mindestens 5\u{00A0}% bei anderen Größen.")
        let limited = try builder(.en).notableChanges(period: october, limit: 1)
        XCTAssertEqual(limited.improvements.map(\.area.name), ["Süd"])
        XCTAssertEqual(limited.thresholdNote,
                       "A change compared with the previous month counts as notable from 0.5\u{00A0}percentage points for shares and from 5% for other measures.")
    }

    func testNotableChangesYearOnYearAndFiltered() throws {
        let n = try builder(.en).notableChanges(period: october, basis: .yearEarlier)
        XCTAssertEqual(n.deteriorations.map(\.area.code), ["01"])
        XCTAssertEqual(n.deteriorations.first?.phrase, "rose by 1.4\u{00A0}percentage points compared with the same month a year earlier")
        XCTAssertEqual(n.improvements, [])
        let onlyCounts = try builder(.de).notableChanges(period: october, indicators: ["leih"])
        XCTAssertEqual(onlyCounts.improvements.map(\.indicatorCode), ["leih", "leih"])
        XCTAssertThrowsError(try builder(.de).notableChanges(period: october, indicators: ["nope"]))
        let city = try builder(.de).notableChanges(period: october, level: .city)
        // 9,2 → 9,3 % is below 0,5 pp; 160 → 169 is +5,6 %.
        XCTAssertEqual(city.improvements.map { "\($0.indicatorCode)/\($0.area.code)" }, ["leih/00"])
        XCTAssertEqual(city.deteriorations, [])
    }
}
