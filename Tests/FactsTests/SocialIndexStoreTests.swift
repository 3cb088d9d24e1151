import Foundation
import DemoStore
import Support
import XCTest
@testable import IndicatorStore
@testable import Facts

/// The index computed from a store built through the normal importer: stored with provenance, read
/// back unchanged, recognised as stale after an import, and phrased for templates.
final class SocialIndexStoreTests: XCTestCase {
    static let areasCSV = """
        code,name,level,parent,population,population_date
        00,Teststadt,city,,8000,31.12.2024
        01,Anger,district,00,1000,31.12.2024
        02,Berg,district,00,2000,31.12.2024
        03,Carlsbad,district,00,1500,31.12.2024
        04,Dorf,district,00,800,31.12.2024
        05,Eck,district,00,500,31.12.2024
        06,Feld,district,00,200,31.12.2024
        07,Grund,district,00,900,31.12.2024

        """
    static let indicatorsCSV = """
        code;name;short_label;domain;unit;decimals;polarity;granularity;numerator;denominator;reference_date;source;licence;synthetic
        i1;Arbeitslosenquote;ALQ;labour;percent;1;higher_is_worse;year;Arbeitslose;Einwohner 15 bis unter 65;31.12.;Testdaten;CC0 1.0;ja
        i2;Transferbezug;Transfer;income_poverty;percent;1;higher_is_worse;year;Empfänger;Einwohner;31.12.;Testdaten;CC0 1.0;ja
        i3;Kinderarmut;Kinder;income_poverty;percent;1;higher_is_worse;year;Kinder in SGB II;Einwohner unter 15;31.12.;Testdaten;CC0 1.0;ja

        """
    /// The hand-computed example of SocialIndexTests (A–G are 01–07).
    static let observationsCSV: String = {
        let now: [(String, [String])] = [("01", ["5", "8", "12"]), ("02", ["7", "10", "20"]), ("03", ["3", "4", "6"]),
                                         ("04", ["10", "15", "30"]), ("05", ["6", "9", "15"]), ("06", ["50", "50", "50"]),
                                         ("07", ["4", "5", ""])]
        let then: [(String, [String])] = [("01", ["6", "8.5", "13"]), ("02", ["6.5", "9", "18"]), ("03", ["3.5", "4.5", "7"]),
                                          ("04", ["9", "14", "31"]), ("05", ["5", "", "14"]), ("06", ["1", "1", "1"]),
                                          ("07", ["4", "5", "6"])]
        var lines = ["indicator,area,period,value,status"]
        for (year, rows) in [("2024", now), ("2022", then)] {
            for (area, values) in rows {
                for (j, v) in values.enumerated() {
                    let status = v.isEmpty ? (year == "2024" ? "suppressed" : "missing") : "final"
                    lines.append("i\(j + 1),\(area),\(year),\(v),\(status)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()
    static let definitionYAML = """
        code: test_index
        name: Testindex
        level: district
        status_indicators: [i1, i2, i3]

        """

    var directory: URL!
    var storePath: String { directory.appendingPathComponent("store.sqlite").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("index-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = [("areas.csv", Self.areasCSV), ("indicators.csv", Self.indicatorsCSV), ("observations.csv", Self.observationsCSV)]
        for (name, text) in files { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try Importer.run(files: files.map { directory.appendingPathComponent($0.0).path }, storePath: storePath,
                         importedAt: "2024-11-01T00:00:00Z")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func computeAndSave() throws -> IndexRun {
        let def = try SocialIndexDefinition.parse(Self.definitionYAML, file: "test.yaml")
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let run = try SocialIndex.run(def, store: store, computedAt: "2024-11-02T00:00:00Z")
        XCTAssertTrue(try SocialIndex.save(run, storePath: storePath))
        return run
    }

    func report(_ language: Language) throws -> SocialIndexReport {
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        return try XCTUnwrap(try SocialIndexReport.load(store: store, language: language))
    }

    func testTheStoredRunKeepsProvenanceAndEveryValue() throws {
        let run = try computeAndSave()
        XCTAssertEqual(run.period, .year(2024)!)
        XCTAssertEqual(run.basePeriod, .year(2022)!)
        XCTAssertEqual(run.inputCount, 42, "3 indicators × 7 districts × 2 years")
        let d = try XCTUnwrap(run.results.first { $0.area == "04" })
        XCTAssertEqual(try XCTUnwrap(d.statusIndex), 1.4747007023184118, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.dynamicsIndex), 0.5611765515176492, accuracy: 1e-12)

        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let stored = try XCTUnwrap(try SocialIndex.storedRuns(in: store).first)
        XCTAssertEqual(stored, run, "read back exactly as computed, definition and components included")
        XCTAssertEqual(stored.definition.file, "test.yaml")
        XCTAssertEqual(stored.definition.sha256.count, 64)
        XCTAssertEqual(stored.computedAt, "2024-11-02T00:00:00Z")
        XCTAssertTrue(try SocialIndex.isCurrent(stored, store: store))
    }

    func testSavingTheSameResultAgainWritesNothing() throws {
        _ = try computeAndSave()
        let before = try Data(contentsOf: URL(fileURLWithPath: storePath))
        let def = try SocialIndexDefinition.parse(Self.definitionYAML, file: "test.yaml")
        let store = try IndicatorStore.open(path: storePath)
        let again = try SocialIndex.run(def, store: store, computedAt: "2030-01-01T00:00:00Z")
        store.close()
        XCTAssertFalse(try SocialIndex.save(again, storePath: storePath))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: storePath)), before)
    }

    func testAnImportAfterTheComputationMakesTheIndexStaleAndItsNumbersDisappear() throws {
        _ = try computeAndSave()
        XCTAssertTrue(try report(.de).isCurrent)
        let revision = directory.appendingPathComponent("revision.csv")
        try "indicator,area,period,value\ni1,02,2024,7.5\n".write(to: revision, atomically: true, encoding: .utf8)
        try Importer.run(files: [revision.path], storePath: storePath, importedAt: "2024-11-03T00:00:00Z")

        let stale = try report(.de)
        XCTAssertFalse(stale.isCurrent)
        XCTAssertEqual(Set(stale.areas.map(\.state)), ["stale"])
        XCTAssertTrue(stale.areas.allSatisfy { $0.statusIndex == nil && $0.statusClass == nil && $0.dynamicsIndex == nil })
        XCTAssertEqual(stale.warning, "Der gespeicherte Sozialindex passt nicht mehr zu den aktuellen Daten und wird deshalb nicht gezeigt; er wird mit der nächsten Berechnung wieder ausgewiesen.")
        XCTAssertTrue(stale.matrix.allSatisfy { $0.cells.allSatisfy { $0.count == 0 } })

        // A note is not an input: changing only a note keeps the index current. A recomputation does too.
        _ = try computeAndSave()
        XCTAssertTrue(try report(.de).isCurrent)
        let note = directory.appendingPathComponent("note.csv")
        try "indicator,area,period,value,note\ni1,02,2024,7.5,geprüft\n".write(to: note, atomically: true, encoding: .utf8)
        try Importer.run(files: [note.path], storePath: storePath, importedAt: "2024-11-04T00:00:00Z")
        XCTAssertTrue(try report(.de).isCurrent)
    }

    func testAPolarityChangeMakesTheIndexStaleAndReversesTheIndicatorsSign() throws {
        _ = try computeAndSave()
        let flipped = directory.appendingPathComponent("flipped.csv")
        try Self.indicatorsCSV.replacingOccurrences(of: "i1;Arbeitslosenquote;ALQ;labour;percent;1;higher_is_worse",
                                                    with: "i1;Arbeitslosenquote;ALQ;labour;percent;1;higher_is_better")
            .write(to: flipped, atomically: true, encoding: .utf8)
        try Importer.run(files: [flipped.path], storePath: storePath, importedAt: "2024-11-05T00:00:00Z")
        XCTAssertFalse(try report(.de).isCurrent)
        let run = try computeAndSave()
        let d = try XCTUnwrap(run.results.first { $0.area == "04" }?.components.first { $0.indicator == "i1" && $0.kind == .status })
        XCTAssertEqual(d.raw, 10)
        XCTAssertEqual(d.z, -1.468068077643886, accuracy: 1e-12, "higher is better: the z-value enters with its sign reversed")
    }

    func testAStoreWrittenBeforeTheIndexTablesIsUpgradedNotRefused() throws {
        try IndicatorStore.executeForTesting(path: storePath, sql: """
            DROP TABLE index_component; DROP TABLE index_value; DROP TABLE index_run;
            DELETE FROM grdb_migrations WHERE identifier = '\(Schema.derivedIndexIdentifier)';
            """)
        XCTAssertThrowsError(try IndicatorStore.open(path: storePath)) { error in
            XCTAssertTrue("\(error)".contains("written by an older CivicBrief"), "\(error)")
        }
        try IndicatorStore.upgradeSchema(path: storePath)
        let store = try IndicatorStore.open(path: storePath)
        XCTAssertEqual(try SocialIndex.storedRuns(in: store), [])
        store.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: storePath))
        try IndicatorStore.upgradeSchema(path: storePath)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: storePath)), before, "a current store is left alone")
        let text = directory.appendingPathComponent("not-a-store.sqlite")
        try "hello".write(to: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try IndicatorStore.upgradeSchema(path: text.path))
    }

    func testFactsAndPhrasesInGermanAndEnglish() throws {
        _ = try computeAndSave()
        let de = try report(.de)
        XCTAssertEqual(de.period, "2024")
        XCTAssertEqual(de.basePeriodText, "2022")
        let dorf = try XCTUnwrap(de.area("04"))
        XCTAssertEqual(dorf.state, "computed")
        XCTAssertEqual(dorf.statusIndexText, "1,47")
        XCTAssertEqual(dorf.statusClass, 3)
        XCTAssertEqual(dorf.statusClassKey, "niedrig")
        XCTAssertEqual(dorf.dynamicsIndexText, "0,56")
        XCTAssertEqual(dorf.dynamicsClassKey, "stabil")
        XCTAssertEqual(dorf.combinedClass, "3/2")
        XCTAssertEqual(dorf.combinedLabel, "Status niedrig, Dynamik stabil")
        XCTAssertEqual(dorf.phrase, "Nach der MSS-Methode gehört Dorf im Sozialindex (Stand 2024) zur Statusklasse „niedrig“ (Statusindex 1,47) und zur Dynamikklasse „stabil“ (Dynamikindex 0,56).")
        XCTAssertEqual(de.area("03")?.statusIndexText, "\u{2212}1,24")
        XCTAssertEqual(de.area("03")?.statusClassLabel, "hoch")
        XCTAssertEqual(de.area("05")?.phrase, "Nach der MSS-Methode gehört Eck im Sozialindex (Stand 2024) zur Statusklasse „mittel“ (Statusindex \u{2212}0,10); eine Dynamik lässt sich nicht berechnen, weil Vergleichswerte fehlen oder gesperrt sind.")
        XCTAssertEqual(de.area("06")?.phrase, "Feld ist nicht im Sozialindex enthalten, weil dort weniger als 300 Menschen wohnen.")
        XCTAssertEqual(de.area("06")?.statusIndexText, "\u{2013}")
        XCTAssertEqual(de.area("07")?.phrase, "Für Grund wird kein Sozialindex ausgewiesen, weil Eingangswerte aus Datenschutzgründen gesperrt sind.")
        XCTAssertEqual(de.unclassified.map(\.area.code), ["05", "06", "07"])

        XCTAssertEqual(de.matrixColumns, ["positiv", "stabil", "negativ"])
        XCTAssertEqual(de.matrix.map(\.statusClassLabel), ["hoch", "mittel", "niedrig", "sehr niedrig"])
        XCTAssertEqual(de.matrixMarkdown(.de), """
            | Status \\ Dynamik | positiv | stabil | negativ |
            |---|---|---|---|
            | hoch | – | Carlsbad | – |
            | mittel | – | Anger | Berg |
            | niedrig | – | Dorf | – |
            | sehr niedrig | – | – | – |
            """)

        let en = try report(.en)
        XCTAssertEqual(en.area("04")?.phrase, "In the social index (MSS method, 2024), Dorf is in status class “low” (status index 1.47) and dynamics class “stable” (dynamics index 0.56).")
        XCTAssertEqual(en.area("04")?.combinedLabel, "status low, dynamics stable")
        XCTAssertEqual(en.area("06")?.phrase, "Feld is not included in the social index because fewer than 300 people live there.")
        XCTAssertEqual(en.matrixColumns, ["positive", "stable", "negative"])
    }

    func testABriefingSeesOnlyAnIndexOfItsPeriodOrEarlierAndADistrictItsMembers() throws {
        _ = try computeAndSave()
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        XCTAssertNil(try SocialIndexReport.load(store: store, asOf: .year(2023)!, language: .de))
        XCTAssertEqual(try SocialIndexReport.load(store: store, asOf: .month(2024, 11)!, language: .de)?.period, nil,
                       "November 2024 ends before the year 2024 does")
        XCTAssertEqual(try SocialIndexReport.load(store: store, asOf: .month(2025, 1)!, language: .de)?.period, "2024")
        let report = try XCTUnwrap(try SocialIndexReport.load(store: store, language: .de))
        XCTAssertEqual(report.members(of: "00").map(\.area.code), ["01", "02", "03", "04", "05", "06", "07"])
        XCTAssertEqual(report.members(of: "04"), [])
    }

    func testNoStoredIndexIsNilAndUnknownIndicatorsAreNamed() throws {
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        XCTAssertNil(try SocialIndexReport.load(store: store, language: .de))
        let def = try SocialIndexDefinition.parse("code: x\nname: y\nlevel: district\nstatus_indicators: [i1, nope]\n", file: "x.yaml")
        XCTAssertThrowsError(try SocialIndex.run(def, store: store, computedAt: "t")) { error in
            XCTAssertEqual("\(error)", "x.yaml: the status indicator \"nope\" is not in the store — import its metadata or correct status_indicators")
        }
    }

    func testTheBuiltInDefinitionIsTheShippedFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent(Locations.indexDefinition), encoding: .utf8)
        XCTAssertEqual(DemoCity.indexDefinitionYAML + "\n", text, "a multi-line literal drops the final newline")
    }
}
