import Foundation
import XCTest
@testable import IndicatorStore

final class ImportTests: XCTestCase {
    // MARK: Every error class, with exact message and position; the store stays byte-identical.

    func testEveryErrorClassIsListedAndTheStoreStaysByteIdentical() throws {
        let store = try Support.baseStore(self)
        let before = try Support.sha(store)
        let errors = Support.fixture("errors.csv"), missing = Support.fixture("missing_column.csv")
        let encoding = Support.fixture("bad_encoding.csv")
        let lines = Support.problems([errors, missing, encoding], store: store)
        XCTAssertEqual(lines, [
            "\(errors):3:6: unknown area \"99\" — import it first (area metadata CSV or YAML) or correct the code (codes keep leading zeros, e.g. 01)",
            "\(errors):4:1: unknown indicator \"xyz\" — import its definition first (indicator metadata CSV or YAML) or correct the code",
            "\(errors):5:17: value \"zwölf\" is not a number — write it like 1.234,5 (this file uses decimal comma), or leave it empty and set status to missing",
            "\(errors):6:17: percentage \"104,2\" is outside 0–100 — check the value; shares are written in percent (9,3 rather than 0,093)",
            "\(errors):7:14: negative count \"-3\" — counts cannot be negative; check the value",
            "\(errors):8:1: duplicate row for indicator sgb2, area 01, period 2024-10 (first at line 2) — keep one row per indicator, area and period",
            "\(errors):9:9: period \"2024-Q3\" is a quarter but indicator sgb2 is monthly — write a month like 2024-10 or a reference date like 31.10.2024",
            "\(errors):10:21: unknown status \"vorläufig?\" — use final, provisional, suppressed or missing (or endgültig, vorläufig, gesperrt, fehlend)",
            "\(missing):1:1: missing required column \"period\" (German: zeitraum) — the header needs indicator, area, period and value (or indikator, gebiet, zeitraum, wert)",
            "\(encoding):3:18: unreadable encoding: byte 0x81 is neither UTF-8 nor Windows-1252 — save the file as UTF-8 (CSV UTF-8)",
        ])
        XCTAssertEqual(try Support.sha(store), before)
        // The valid line 2 of errors.csv was not written either: one import is one transaction.
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.observations().count, 0)
        XCTAssertEqual(try s.batches().map(\.fileName), [Support.fixture("areas.csv"), Support.fixture("indicators.yaml")])
    }

    func testProblemsAreCappedWithACount() throws {
        let store = try Support.baseStore(self)
        let rows = (1...60).map { "sgb2,7\($0),2024-10,1" }.joined(separator: "\n")
        let path = try Support.file(self, "many.csv", "indicator,area,period,value\n" + rows + "\n")
        let lines = Support.problems([path], store: store)
        XCTAssertEqual(lines.count, 51)
        XCTAssertEqual(lines[0], "\(path):2:6: unknown area \"71\" — import it first (area metadata CSV or YAML) or correct the code (codes keep leading zeros, e.g. 01)")
        XCTAssertEqual(lines[50], "… and 10 more problems")
    }

    func testFailingImportIntoAMissingStoreCreatesNothing() throws {
        let store = Support.scratch(self).appendingPathComponent("new.sqlite").path
        let lines = Support.problems([Support.fixture("long_utf8.csv")], store: store)
        XCTAssertEqual(lines.first, "\(Support.fixture("long_utf8.csv")):2:1: unknown indicator \"sgb2\" (in 4 rows; this is the first) — import its definition first (indicator metadata CSV or YAML) or correct the code")
        XCTAssertFalse(FileManager.default.fileExists(atPath: store))
    }

    func testTabFileWithCommaUsesDecimalComma() throws {
        let store = try Support.baseStore(self)
        let bad = Support.fixture("long_tab_bad.tsv")
        XCTAssertEqual(Support.problems([bad], store: store),
                       ["\(bad):3:14: percentage \"1.234,5\" is outside 0–100 — check the value; shares are written in percent (9,3 rather than 0,093)"])
    }

    func testDecimalPointInSemicolonFileIsRejectedWithTheConvention() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "point.csv", "indicator;area;period;value\nsgb2;01;2024-10;9.3\n")
        XCTAssertEqual(Support.problems([path], store: store),
                       ["\(path):2:17: value \"9.3\" is not a number — write it like 1.234,5 (this file uses decimal comma), or leave it empty and set status to missing"])
    }

    func testNotAStoreIsRefusedAndLeftAlone() throws {
        let path = try Support.file(self, "notes.sqlite", "just text\n")
        let before = try Support.sha(path)
        XCTAssertThrowsError(try Importer.run(files: [Support.fixture("areas.csv")], storePath: path)) { error in
            guard case StoreError.notAStore = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try Support.sha(path), before)
    }

    // MARK: Formats

    func testLongFormatsInEveryEncodingAndSeparator() throws {
        let store = try Support.baseStore(self)
        let summary = try Importer.run(files: ["long_utf8.csv", "long_bom.csv", "long_cp1252.csv", "long_tab.tsv"].map(Support.fixture),
                                       storePath: store, importedAt: Support.importedAt)
        XCTAssertEqual(summary.files.map(\.encoding), ["UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-8"])
        XCTAssertEqual(summary.files.map(\.inserted), [6, 3, 2, 2])
        XCTAssertEqual(summary.files.map(\.revised), [0, 0, 0, 0])
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let y2024 = try XCTUnwrap(Period("2024"))
        // UTF-8, comma separator, quoted thousands separator.
        XCTAssertEqual(try s.observation(indicator: "einw", area: "00", period: y2024)?.value, 1000)
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-10"))),
                       Observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-10")), value: 12.5,
                                   numerator: 50, denominator: 400, status: .final, note: "Hinweis, mit Komma"))
        // Suppressed: no value, whatever the file said.
        let suppressed = try XCTUnwrap(try s.observation(indicator: "sgb2", area: "03", period: try XCTUnwrap(Period("2024-10"))))
        XCTAssertEqual(suppressed.status, .suppressed)
        XCTAssertNil(suppressed.value)
        // UTF-8 with BOM, semicolons, decimal comma, thousands point, quoted separator.
        XCTAssertEqual(try s.observation(indicator: "grusi", area: "02", period: try XCTUnwrap(Period("2024-Q3")))?.note, "Hinweis; mit Semikolon")
        XCTAssertEqual(try s.observation(indicator: "kita", area: "02", period: y2024)?.value, 40.5)
        XCTAssertEqual(try s.observation(indicator: "einw", area: "02", period: y2024)?.value, 1350)
        // Windows-1252, German headers and status words, reference dates.
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-09"))),
                       Observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-09")), value: 12.4,
                                   numerator: 50, denominator: 403, status: .provisional, note: "Schätzung für Nord – Prüfung läuft"))
        XCTAssertEqual(try s.observation(indicator: "einw", area: "01", period: y2024)?.value, 1234)
        // Tab separator, decimal comma detected.
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "02", period: try XCTUnwrap(Period("2024-09")))?.value, 6.1)
        XCTAssertEqual(try s.observation(indicator: "kita", area: "03", period: y2024)?.value, 33.5)
    }

    func testWideFormatWithMapping() throws {
        let store = try Support.baseStore(self)
        let summary = try Importer.run(files: [Support.fixture("wide.csv")], mapping: Support.fixture("wide_mapping.yaml"),
                                       storePath: store, importedAt: Support.importedAt)
        XCTAssertEqual(summary.files.first?.kind, .wide)
        XCTAssertEqual(summary.files.first?.inserted, 6)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let dec = try XCTUnwrap(Period("2024-12"))
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "01", period: dec)?.value, 12.5)
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "02", period: dec)?.value, 6.0)
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "03", period: dec)?.status, .suppressed, "x marks a secret cell")
        XCTAssertEqual(try s.observation(indicator: "einw", area: "03", period: try XCTUnwrap(Period("2024")))?.value, 250)
    }

    func testWideMappingProblemsPointIntoTheMapping() throws {
        let store = try Support.baseStore(self)
        let mapping = try Support.file(self, "map.yaml", """
            area_code_column: Nr.
            period: 2024-Q4
            columns:
              SGB-II-Quote:
                indicator: sgb2
                unit: count
              Einwohner: nope
              Fehlt: einw
            """)
        let wide = Support.fixture("wide.csv")
        XCTAssertEqual(Support.problems([wide], mapping: mapping, store: store), [
            "\(mapping):6:11: unit \"count\" does not match indicator sgb2, which is measured in percent — convert the column (factor:) or map it to an indicator with that unit",
            "\(mapping):7:14: unknown indicator \"nope\" — import its definition first (indicator metadata CSV or YAML) or correct the code",
            "\(wide):1:1: missing column \"Fehlt\" named in the mapping (\(mapping):8) — correct the column name in the mapping or the file's header",
        ])
    }

    func testIndicatorMetadataCSVAndAreaMetadata() throws {
        let store = try Support.baseStore(self)
        try Importer.run(files: [Support.fixture("indicators.csv")], storePath: store, importedAt: Support.importedAt)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.indicator("alq"), Indicator(
            code: "alq", name: "Arbeitslosenquote", shortLabel: "ALQ", domain: .labour, unit: .percent, decimals: 1,
            polarity: .higherIsWorse, granularity: .month,
            definition: IndicatorDefinition(numerator: "Arbeitslose", denominator: "Einwohner 15 bis unter 65", referenceDate: "Monatsmitte"),
            source: "Testdaten; Agentur", licence: "CC0 1.0", synthetic: true))
        XCTAssertEqual(try s.indicator("grusi")?.decimals, 1, "decimals default to 1")
        XCTAssertEqual(try s.indicator("grusi")?.shortLabel, "Grundsicherung im Alter", "short label defaults to the name")
        XCTAssertEqual(try s.area("02"), Area(code: "02", name: "Süd", level: .district, parent: "00", population: 350,
                                              populationDate: CalendarDay(year: 2024, month: 12, day: 31)))
        XCTAssertEqual(try s.areas().map(\.code), ["00", "01", "02", "03"])
    }

    func testMetadataProblems() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "areas.csv", """
            code;name;level;parent;population
            11;Ost;district;77;1.200
            12;West;bezirk;00;12,5
            00;Doppelt;city;01;
            """)
        XCTAssertEqual(Support.problems([path], store: store), [
            "\(path):2:17: unknown parent area \"77\" — define the parent area first or correct the code",
            "\(path):3:9: unknown level \"bezirk\" — use city, district or subdistrict (Stadt, Stadtteil, Stadtbezirk)",
            "\(path):3:19: population \"12,5\" is not a whole number of residents — write a count like 13358 or 13.358",
            "\(path):4:17: the city cannot have a parent area — leave parent empty for the city",
        ])
    }

    func testGeoJSONGeometries() throws {
        let store = try Support.baseStore(self)
        try Importer.run(files: [Support.fixture("areas.geojson")], storePath: store, importedAt: Support.importedAt)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.area("01")?.geometry,
                       "{\"type\":\"Polygon\",\"coordinates\":[[[10.6,53.9],[10.7,53.9],[10.7,54.0],[10.6,53.9]]]}")
        XCTAssertNotNil(try s.area("02")?.geometry)
        XCTAssertEqual(try s.area("03")?.geometry?.hasPrefix("{\"type\":\"MultiPolygon\""), true)
        XCTAssertNil(try s.area("00")?.geometry, "the city is on another level: no feature needed")
        XCTAssertEqual(try s.area("01")?.population, 400, "geometry import keeps the other fields")
        s.close()
        let bad = Support.fixture("areas_bad.geojson")
        XCTAssertEqual(Support.problems([bad], store: store), [
            "\(bad):4:48: feature 1 (code \"07\") matches no area — import the area first (area metadata) or correct the code",
            "\(bad):6:48: area code 1 is a number (did you mean \"01\"?) — write area codes as strings so leading zeros survive, e.g. \"01\"",
            "\(bad):9:27: feature 3 (code \"02\"), area 02: a \"Point\" geometry cannot outline an area — export the areas as Polygon or MultiPolygon features",
        ])
    }

    // MARK: Idempotence, revisions, dry run

    func testReimportingTheSameFilesChangesNothing() throws {
        let store = try Support.baseStore(self)
        let files = ["long_utf8.csv", "long_bom.csv"].map(Support.fixture)
        try Importer.run(files: files, storePath: store, importedAt: Support.importedAt)
        let before = try Support.sha(store)
        let again = try Importer.run(files: files, storePath: store, importedAt: "2030-01-01T00:00:00Z")
        XCTAssertTrue(again.changesNothing)
        XCTAssertEqual(again.files.map(\.unchanged), [6, 3])
        XCTAssertEqual(try Support.sha(store), before, "nothing to change: the file is not even opened for writing")
        // Metadata re-import is a no-op too.
        try Importer.run(files: [Support.fixture("areas.csv"), Support.fixture("indicators.yaml")], storePath: store)
        XCTAssertEqual(try Support.sha(store), before)
    }

    func testRevisionsAreKeptWithTheirBatches() throws {
        let store = try Support.baseStore(self)
        let v1 = try Support.file(self, "v1.csv", "indicator,area,period,value,status\nsgb2,01,2024-10,12.5,provisional\nsgb2,02,2024-10,6.0,final\n")
        let v2 = try Support.file(self, "v2.csv", "indicator,area,period,value,status\nsgb2,01,2024-10,12.7,final\nsgb2,02,2024-10,6.0,final\n")
        try Importer.run(files: [v1], storePath: store, importedAt: "2025-01-01T00:00:00Z")
        let summary = try Importer.run(files: [v2], storePath: store, importedAt: "2025-02-01T00:00:00Z")
        XCTAssertEqual(summary.files.first.map { [$0.inserted, $0.revised, $0.unchanged] }, [0, 1, 1])
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let oct = try XCTUnwrap(Period("2024-10"))
        let history = try s.history(indicator: "sgb2", area: "01", period: oct)
        XCTAssertEqual(history.map(\.revision), [1, 2])
        XCTAssertEqual(history.map(\.isCurrent), [false, true])
        XCTAssertEqual(history.map(\.observation.value), [12.5, 12.7])
        XCTAssertEqual(history.map(\.observation.status), [.provisional, .final])
        XCTAssertEqual(history.map(\.batch.fileName), [v1, v2])
        XCTAssertEqual(history.map(\.batch.importedAt), ["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"])
        XCTAssertEqual(history[1].batch.sha256, try Support.sha(v2))
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "01", period: oct)?.value, 12.7)
        let batches = try s.batches()
        XCTAssertEqual(batches.last.map { [$0.rowsRead, $0.rowsInserted, $0.rowsRevised, $0.rowsUnchanged] }, [2, 0, 1, 1])
        XCTAssertEqual(try s.history(indicator: "sgb2", area: "02", period: oct).count, 1)
    }

    func testDryRunReportsAndWritesNothing() throws {
        let store = try Support.baseStore(self)
        let before = try Support.sha(store)
        let summary = try Importer.run(files: [Support.fixture("long_utf8.csv")], storePath: store, dryRun: true)
        XCTAssertEqual(summary.files.first?.inserted, 6)
        XCTAssertEqual(summary.lines(dryRun: true).prefix(2), [
            "\(Support.fixture("long_utf8.csv")) (long format, UTF-8): 6 rows read; 6 would add, 0 would revise, 0 unchanged; "
                + "1 more cell would be suppressed to protect suppressed values",
            "Confidentiality: would suppress sgb2 00 2024-10 — a total with a suppressed part would give the suppressed value away (README \"Confidentiality\").",
        ])
        XCTAssertEqual(try Support.sha(store), before)
    }

    func testMetadataAndObservationsInOneImport() throws {
        let store = Support.scratch(self).appendingPathComponent("one.sqlite").path
        try Importer.run(files: ["areas.csv", "indicators.yaml", "long_utf8.csv"].map(Support.fixture), storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.observations().count, 6)
    }

    func testSuppressedCellsDropAValueTheFileCarries() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "s.csv", "indicator,area,period,value,numerator,denominator,status\nsgb2,01,2024-10,1.5,2,133,suppressed\n")
        try Importer.run(files: [path], storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let o = try XCTUnwrap(try s.observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-10"))))
        XCTAssertEqual([o.value, o.numerator, o.denominator], [nil, nil, nil])
        XCTAssertFalse(ObservationExport.csv([o]).contains("1.5"))
    }
}

extension ImportTests {
    func testAreaCodeThatLostItsLeadingZeroGetsAHint() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "zeros.csv", "indicator,area,period,value\nsgb2,1,2024-10,9.5\n")
        XCTAssertEqual(Support.problems([path], store: store),
                       ["\(path):2:6: unknown area \"1\" (did you mean \"01\"?) — format the area column as text so leading zeros survive the export"])
    }
}

extension ImportTests {
    func testImportTimeHonoursSourceDateEpoch() {
        XCTAssertEqual(ImportClock.now(environment: ["SOURCE_DATE_EPOCH": "1700000000"]), "2023-11-14T22:13:20Z")
    }

    func testGranularityOfAnIndicatorWithDataCannotChange() throws {
        let store = try Support.baseStore(self)
        try Importer.run(files: [Support.fixture("long_utf8.csv")], storePath: store)
        let path = try Support.file(self, "ind.yaml", """
            indicators:
              - code: sgb2
                name: SGB-II-Quote
                domain: income_poverty
                unit: percent
                polarity: higher_is_worse
                granularity: year
                definition: {numerator: a, denominator: b, reference_date: c}
                source: s
                licence: l
              - {code: sgb2, name: again, domain: labour, unit: percent, polarity: neutral, granularity: month, numerator: a, reference_date: c, source: s, licence: l}
            """)
        XCTAssertEqual(Support.problems([path], store: store), [
            "\(path):7:18: indicator sgb2 is monthly in the store and has observations — keep granularity month or create a new indicator code",
            "\(path):11:12: indicator sgb2 is defined twice (first at line 2) — keep one definition per indicator",
        ])
    }
}

extension ImportTests {
    func testMetadataColumnsAFileLacksKeepTheStoredValues() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "rename.csv", "code,name,level\n01,Nordviertel,district\n")
        try Importer.run(files: [path], storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.area("01"), Area(code: "01", name: "Nordviertel", level: .district, parent: "00", population: 400,
                                              populationDate: CalendarDay(year: 2024, month: 12, day: 31)))
    }
}

/// English indicator names (schema v3): imported from metadata files, kept when a later file leaves
/// them out, exported again; a store from before v3 is still read, with German names only.
final class EnglishLabelTests: XCTestCase {
    func testEnglishNamesAreImportedKeptAndExported() throws {
        let store = try Support.baseStore(self)
        let english = try Support.file(self, "en.csv", """
            code,name,name_en,short_label_en,domain,unit,decimals,polarity,granularity,numerator,denominator,reference_date,numerator_en,reference_date_en,source,licence
            sgb2,SGB-II-Quote,Share receiving SGB II,SGB II rate,income_poverty,percent,1,higher_is_worse,month,Leistungsberechtigte nach SGB II,Einwohner unter der Regelaltersgrenze,Monatsende,People entitled to SGB II,end of month,Testdaten,CC0 1.0

            """)
        try Importer.run(files: [english], storePath: store, importedAt: "2025-03-01T00:00:00Z")
        // The fixture's German file again, without English columns: the English names stay.
        try Importer.run(files: [Support.fixture("indicators.yaml")], storePath: store, importedAt: "2025-04-01T00:00:00Z")
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let sgb2 = try XCTUnwrap(s.indicator("sgb2"))
        XCTAssertEqual([sgb2.nameEN, sgb2.shortLabelEN], ["Share receiving SGB II", "SGB II rate"])
        XCTAssertEqual([sgb2.name(english: true), sgb2.shortLabel(english: true)], ["Share receiving SGB II", "SGB II rate"])
        XCTAssertEqual([sgb2.name(english: false), sgb2.shortLabel(english: false)], ["SGB-II-Quote", "SGB II"])
        // English definition field by field; the denominator has no English text, so it stays German.
        XCTAssertEqual(sgb2.definition(english: true), IndicatorDefinition(
            numerator: "People entitled to SGB II", denominator: "Einwohner unter der Regelaltersgrenze", referenceDate: "end of month"))
        XCTAssertEqual(sgb2.definition(english: false).numerator, "Leistungsberechtigte nach SGB II")
        let einw = try XCTUnwrap(s.indicator("einw"))
        XCTAssertNil(einw.nameEN)
        XCTAssertEqual(einw.name(english: true), "Einwohner", "German where no English name is stored")
        let yaml = MetadataExport.yaml(areas: [], indicators: try s.indicators())
        XCTAssertTrue(yaml.contains("    short_label: \"SGB II\"\n    name_en: \"Share receiving SGB II\"\n    short_label_en: \"SGB II rate\"\n    domain: income_poverty\n"), yaml)
        XCTAssertTrue(yaml.contains("      reference_date: \"Monatsende\"\n      numerator_en: \"People entitled to SGB II\"\n      reference_date_en: \"end of month\"\n    source: \"Testdaten\"\n"), yaml)
        XCTAssertTrue(try Inspection.json(s).contains("\"name_en\" : \"Share receiving SGB II\""))
        // An empty cell in a file that has the column removes the English name.
        let cleared = try Support.file(self, "cleared.csv", """
            code,name,name_en,domain,unit,decimals,polarity,granularity,numerator,denominator,reference_date,source,licence
            sgb2,SGB-II-Quote,,income_poverty,percent,1,higher_is_worse,month,Leistungsberechtigte nach SGB II,Einwohner unter der Regelaltersgrenze,Monatsende,Testdaten,CC0 1.0

            """)
        try Importer.run(files: [cleared], storePath: store, importedAt: "2025-05-01T00:00:00Z")
        let after = try XCTUnwrap(s.indicator("sgb2"))
        XCTAssertNil(after.nameEN)
        XCTAssertEqual(after.shortLabelEN, "SGB II rate", "a column the file does not have keeps its value")
    }

    func testIndexCommandsUpgradeAStoreFromBeforeEnglishNames() throws {
        let path = Support.scratch(self).appendingPathComponent("v2.sqlite").path
        try IndicatorStore.createForTesting(path: path, upTo: Schema.derivedIndexIdentifier)
        try IndicatorStore.upgradeSchema(path: path)
        let s = try IndicatorStore.open(path: path)
        defer { s.close() }
        XCTAssertEqual(try s.read { db in try Schema.migrator.hasCompletedMigrations(db) }, true)
    }

    func testAStoreFromBeforeEnglishNamesIsReadAndUpgradedByTheNextImport() throws {
        let path = Support.scratch(self).appendingPathComponent("v2.sqlite").path
        try IndicatorStore.createForTesting(path: path, upTo: Schema.derivedIndexIdentifier, sql: """
            INSERT INTO indicator (code, name, short_label, domain, unit, decimals, polarity, granularity, numerator,
                                   denominator, reference_date, source, licence, synthetic)
            VALUES ('alq', 'Arbeitslosenquote', 'ALQ', 'labour', 'percent', 1, 'higher_is_worse', 'month', 'Arbeitslose',
                    'Einwohner', 'Monatsmitte', 'Test', 'CC0 1.0', 1)
            """)
        do {
            let s = try IndicatorStore.open(path: path)
            defer { s.close() }
            let alq = try XCTUnwrap(s.indicator("alq"))
            XCTAssertEqual([alq.name(english: true), alq.shortLabel(english: true)], ["Arbeitslosenquote", "ALQ"])
        }
        try Importer.run(files: [Support.fixture("areas.csv")], storePath: path, importedAt: Support.importedAt)
        let s = try IndicatorStore.open(path: path)
        defer { s.close() }
        XCTAssertEqual(try s.indicator("alq")?.nameEN, nil)
        try IndicatorStore.executeForTesting(path: path, sql: "UPDATE indicator SET name_en = 'Unemployment rate' WHERE code = 'alq'")
        XCTAssertEqual(try s.indicator("alq")?.name(english: true), "Unemployment rate")
    }
}

/// An indicator's own comparison rule and English source/licence (schema v4): imported from CSV
/// (German decimal commas too) and YAML, kept when a later file leaves them out, reset by an empty
/// cell, exported and imported back unchanged; mistakes are errors at their cell.
final class ComparisonSettingTests: XCTestCase {
    func testRulesAndEnglishSourcesAreImportedKeptExportedAndReadBack() throws {
        let store = try Support.baseStore(self)
        let csv = try Support.file(self, "rules.csv", """
            code;name;domain;unit;decimals;polarity;granularity;numerator;denominator;reference_date;source;licence;source_en;licence_en;comparison;comparison_about;comparison_clear
            sgb2;SGB-II-Quote;income_poverty;percent;1;higher_is_worse;month;Leistungsberechtigte;Einwohner;Monatsende;Statistikstelle;Datenlizenz;Statistics office;Data licence;points;0,5;2,5
            einw;Einwohner;demography;count;0;neutral;year;Personen;;31.12.;Statistikstelle;Datenlizenz;;;none;;

            """)
        try Importer.run(files: [csv], storePath: store, importedAt: "2025-03-01T00:00:00Z")
        try Importer.run(files: [Support.fixture("indicators.yaml")], storePath: store, importedAt: "2025-04-01T00:00:00Z")
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let sgb2 = try XCTUnwrap(s.indicator("sgb2"))
        XCTAssertEqual(sgb2.comparison, ComparisonSetting(measure: .points, about: 0.5, clear: 2.5), "kept by a file without the columns")
        XCTAssertEqual([sgb2.source(english: true), sgb2.licence(english: true)], ["Statistics office", "Data licence"])
        XCTAssertEqual(try s.indicator("einw")?.comparison?.measure, ComparisonSetting.Measure.none)
        let yaml = MetadataExport.yaml(areas: try s.areas(), indicators: try s.indicators())
        XCTAssertTrue(yaml.contains("    comparison: {measure: points, about: 0.5, clear: 2.5}\n"), yaml)
        XCTAssertTrue(yaml.contains("    source_en: \"Statistics office\"\n    licence_en: \"Data licence\"\n"), yaml)
        XCTAssertTrue(try Inspection.json(s).contains("\"comparison_about\" : 0.5"))
        // The export imports into an empty store as the same indicators.
        let exported = try Support.file(self, "meta.yaml", yaml)
        let copy = Support.scratch(self).appendingPathComponent("copy.sqlite").path
        try Importer.run(files: [exported], storePath: copy, importedAt: "2025-05-01T00:00:00Z")
        let c = try IndicatorStore.open(path: copy)
        defer { c.close() }
        XCTAssertEqual(try c.indicators(), try s.indicators())
        // An empty comparison cell returns the indicator to its unit's default.
        let reset = try Support.file(self, "reset.csv", """
            code,name,domain,unit,decimals,polarity,granularity,numerator,denominator,reference_date,source,licence,comparison
            sgb2,SGB-II-Quote,income_poverty,percent,1,higher_is_worse,month,Leistungsberechtigte,Einwohner,Monatsende,Statistikstelle,Datenlizenz,

            """)
        try Importer.run(files: [reset], storePath: store, importedAt: "2025-06-01T00:00:00Z")
        XCTAssertNil(try s.indicator("sgb2")?.comparison)
    }

    func testBadRulesAreErrorsAtTheirCells() throws {
        let store = try Support.baseStore(self)
        let csv = try Support.file(self, "bad.csv", """
            code,name,domain,unit,decimals,polarity,granularity,numerator,denominator,reference_date,source,licence,comparison,comparison_about,comparison_clear
            sgb2,SGB-II-Quote,income_poverty,percent,1,higher_is_worse,month,L,E,M,S,L,percentage,1,5
            einw,Einwohner,demography,count,0,neutral,year,P,,31.12.,S,L,points,,5
            grusi,Grundsicherung,income_poverty,percent,1,higher_is_worse,quarter,G,E,Q,S,L,relative,9,3

            """)
        XCTAssertEqual(Support.problems([csv], store: store), [
            "\(csv):2:76: unknown comparison measure \"percentage\" — use points, relative, share or none",
            "\(csv):3:69: comparison points needs comparison_about — give the threshold (e.g. comparison_about 1 and comparison_clear 5 for percentage points)",
            "\(csv):4:92: comparison_clear (3.0) is smaller than comparison_about (9.0) — „deutlich“ must start at or above the end of „etwa gleich“",
        ])
    }
}
