import Foundation
import XCTest
@testable import IndicatorStore

/// Inputs built to break the importer (issue "Hostile and unusual input"): each gets its clear error
/// with a position, and the store stays byte-identical.
final class HostileInputTests: XCTestCase {
    private func refused(_ name: String, _ text: String, mapping: String? = nil,
                         file: StaticString = #filePath, line: UInt = #line) throws -> (path: String, lines: [String]) {
        let store = try Support.baseStore(self)
        let before = try Support.sha(store)
        let path = try Support.file(self, name, text)
        let lines = Support.problems([path], mapping: mapping, store: store, file: file, line: line)
        XCTAssertEqual(try Support.sha(store), before, "a refused import writes nothing", file: file, line: line)
        return (path, lines)
    }

    // MARK: Depth and aliases

    func testGeometryNested5000LevelsDeepIsRefusedNotACrash() throws {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let text = "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"code\": \"01\"},\n"
            + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": \(deep)}}]}\n"
        let (path, lines) = try refused("deep.geojson", text)
        XCTAssertEqual(lines, ["\(path):2:145: cannot read the file: nesting deeper than 100 levels — flatten the structure; no CivicBrief file needs more than a few levels"])
    }

    func testDeepBlockYAMLIsRefusedInMetadataAndMappings() throws {
        var yaml = "areas:\n"
        for depth in 0..<150 { yaml += String(repeating: " ", count: 2 * depth + 2) + "- \n" }
        let (path, lines) = try refused("deep.yaml", yaml)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("\(path):"), lines[0])
        XCTAssertTrue(lines[0].contains("nesting deeper than 100 levels"), lines[0])
        let mapping = try Support.file(self, "deep-mapping.yaml", "columns: " + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000) + "\n")
        let store = try Support.baseStore(self)
        let problems = Support.problems([Support.fixture("wide.csv")], mapping: mapping, store: store)
        XCTAssertEqual(problems, ["\(mapping):1:109: cannot read the file: nesting deeper than 100 levels — flatten the structure; no CivicBrief file needs more than a few levels"])
    }

    /// "Billion laughs": nine aliases of nine aliases … expand to 10⁹ nodes from a few hundred bytes.
    static let aliasBomb = """
        a: &a ["x","x","x","x","x","x","x","x","x"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        areas: *i

        """

    func testAliasBombIsRefusedInEveryYAMLTheStoreReads() throws {
        let (path, lines) = try refused("bomb.yaml", Self.aliasBomb)
        XCTAssertEqual(lines, ["\(path):6:8: cannot read the file: aliases expand to more than 100000 nodes — write the repeated content out or use fewer aliases (*name)"])
        let mapping = try Support.file(self, "bomb-mapping.yaml", Self.aliasBomb)
        let store = try Support.baseStore(self)
        XCTAssertEqual(Support.problems([Support.fixture("wide.csv")], mapping: mapping, store: store),
                       ["\(mapping):6:8: cannot read the file: aliases expand to more than 100000 nodes — write the repeated content out or use fewer aliases (*name)"])
        // A few aliases, as people use them, are fine.
        XCTAssertNil(YAMLGuard.check("base: &b {level: district, parent: \"00\"}\nareas:\n  - {code: \"01\", x: *b}\n  - {code: \"02\", x: *b}\n"))
    }

    // MARK: Strict CSV

    func testRowsWithMoreOrFewerFieldsThanTheHeaderAreErrors() throws {
        let (path, lines) = try refused("width.csv", """
            indicator,area,period,value,numerator
            sgb2,03,2024-09,5,EXTRA1,EXTRA2
            sgb2,02,2024-09,100,1,2
            sgb2,01,2024-09,12.5
            sgb2,01,2024-08,12.5,50

            """)
        XCTAssertEqual(lines, [
            "\(path):2:26: the row has 6 fields but the header has 5 — remove the extra fields, or quote a value that contains \",\"",
            "\(path):3:23: the row has 6 fields but the header has 5 (a decimal comma? In a comma-separated file write 100.1, quote \"100,1\" or save the file with \";\") — remove the extra fields, or quote a value that contains \",\"",
            "\(path):4:21: the row has 4 fields but the header has 5 — fill in the missing fields (an empty field still needs its \",\")",
        ])
    }

    func testAnUnquotedDecimalCommaInACommaFileIsAnError() throws {
        let (path, lines) = try refused("comma.csv", "indicator,area,period,value,numerator,denominator\nsgb2,02,2024-09,100,1,50,400\n")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("\(path):2:26: the row has 7 fields but the header has 6 (a decimal comma?"), lines[0])
    }

    // MARK: Text hygiene

    func testControlAndDirectionCharactersAreRefusedWithTheirPosition() throws {
        let (path, lines) = try refused("areas.csv", """
            code,name,level,parent
            00,Stadt\u{1B}[2J,city,
            01,\u{202E}live,district,00
            02,Mitte\tOst,district,00

            """)
        XCTAssertEqual(lines, [
            "\(path):2:4: the name contains U+001B (escape) at character 6 — remove it: control and text-direction characters would show as boxes or reorder the text in the PDF",
            "\(path):3:4: the name contains U+202E (right-to-left override) at character 1 — remove it: control and text-direction characters would show as boxes or reorder the text in the PDF",
            "\(path):4:4: the name contains U+0009 (tab) at character 6 — remove it: control and text-direction characters would show as boxes or reorder the text in the PDF",
        ])
        // YAML escapes can spell a NUL, which C libraries would read as the end of the name.
        let (yaml, yamlLines) = try refused("nul.yaml", "areas:\n  - {code: \"04\", name: \"Ost\\0West\", level: district, parent: \"00\"}\n")
        XCTAssertEqual(yamlLines, ["\(yaml):2:24: the name contains U+0000 (NUL) at character 4 — remove it: control and text-direction characters would show as boxes or reorder the text in the PDF"])
    }

    func testNotesKeepTheirTextButBecomeOneLine() throws {
        let store = try Support.baseStore(self)
        let path = try Support.file(self, "notes.csv", "indicator,area,period,value,note\nsgb2,01,2024-10,12.5,\"erste Zeile\n\tzweite Zeile\"\n")
        try Importer.run(files: [path], storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertEqual(try s.observation(indicator: "sgb2", area: "01", period: try XCTUnwrap(Period("2024-10")))?.note, "erste Zeile zweite Zeile")
    }

    func testCodesFollowTheDocumentedCharacterSet() throws {
        let (path, lines) = try refused("codes.csv", """
            code,name,level,parent
            ../../esc/PWNED,Ausbruch,district,00
            a/b,Unterordner,district,00
            .hidden,Versteckt,district,00
            mit Leerzeichen,Leer,district,00
            \(String(repeating: "9", count: 41)),Lang,district,00

            """)
        let rule = TextHygiene.codeRule
        XCTAssertEqual(lines, [
            "\(path):2:1: area code \"../../esc/PWNED\" is not a valid code — use \(rule)",
            "\(path):3:1: area code \"a/b\" is not a valid code — use \(rule)",
            "\(path):4:1: area code \".hidden\" is not a valid code — use \(rule)",
            "\(path):5:1: area code \"mit Leerzeichen\" is not a valid code — use \(rule)",
            "\(path):6:1: area code \"\(String(repeating: "9", count: 40))…\" is not a valid code — use \(rule)",
        ])
        for good in ["01", "01100101", "DE-HH_7.2", "arm_sgb2", "bev_85plus"] { XCTAssertTrue(TextHygiene.isValidCode(good), good) }
        for bad in ["", "-1", "a..b", "ä", "a\u{0}"] { XCTAssertFalse(TextHygiene.isValidCode(bad), bad) }
        let (ind, indLines) = try refused("ind.csv", "code;name;domain;unit;polarity;granularity;numerator;reference_date;source;licence\n"
                                          + "x/y;X;labour;percent;neutral;month;N;M;S;L\n")
        XCTAssertEqual(indLines, ["\(ind):2:1: indicator code \"x/y\" is not a valid code — use \(rule)"])
    }

    func testAHugeValueIsQuotedAsAShortExcerpt() throws {
        let huge = String(repeating: "9x", count: 1_000_000)
        let (path, lines) = try refused("huge.csv", "indicator,area,period,value\nsgb2,01,2024-10,\(huge)\n")
        XCTAssertEqual(lines, ["\(path):2:17: value \"\(String(repeating: "9x", count: 20))…\" is not a number — write it like 1,234.5 (this file uses decimal point), or leave it empty and set status to missing"])
        XCTAssertEqual(quoted("a\u{1B}b\u{202E}c"), "\"aU+001BbU+202Ec\"")
    }

    func testAnIndicatorImportedBeforeItsDefinitionIsReportedOnce() throws {
        let rows = (1...50).map { "arm_neu,0\($0 % 3 + 1),2024-\(String(format: "%02d", $0 % 12 + 1)),\($0)" }
        let (path, lines) = try refused("early.csv", "indicator,area,period,value\n" + rows.joined(separator: "\n") + "\nsgb2,99,2024-10,1\nsgb2,99,2024-09,1\n")
        XCTAssertEqual(lines, [
            "\(path):2:1: unknown indicator \"arm_neu\" (in 50 rows; this is the first) — import its definition first (indicator metadata CSV or YAML) or correct the code",
            "\(path):52:6: unknown area \"99\" (in 2 rows; this is the first) — import it first (area metadata CSV or YAML) or correct the code (codes keep leading zeros, e.g. 01)",
        ])
    }

    // MARK: GeoJSON

    static func collection(_ features: [String]) -> String {
        "{\"type\": \"FeatureCollection\", \"features\": [\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    static func feature(_ props: String, _ geometry: String) -> String {
        "{\"type\": \"Feature\", \"properties\": {\(props)}, \"geometry\": \(geometry)}"
    }

    static let square = "{\"type\": \"Polygon\", \"coordinates\": [[[10, 53], [11, 53], [11, 54], [10, 53]]]}"

    func testInvalidGeometriesAreRefusedWithTheirPosition() throws {
        let (path, lines) = try refused("bad.geojson", Self.collection([
            Self.feature("\"code\": \"01\"", "{\"type\": \"Polygon\", \"coordinates\": [[[\"10.6\", 53.9], [10.7, 53.9], [10.7, 54], [10.6, 53.9]]]}"),
            Self.feature("\"code\": \"02\"", "{\"type\": \"Polygon\", \"coordinates\": null}"),
            Self.feature("\"code\": \"03\"", "{\"type\": \"Polygon\", \"coordinates\": [[[10, 53], [11, 53], [11, 54], [10, 54]]]}"),
            Self.feature("\"code\": \"00\"", "{\"type\": \"Point\", \"coordinates\": [10, 53]}"),
        ]))
        XCTAssertEqual(lines, [
            "\(path):2:101: feature 1 (code \"01\"), area 01: the text \"10.6\" where a coordinate (a number) belongs — write coordinates as JSON numbers, e.g. 10.68, not \"10.68\" or null",
            "\(path):3:98: feature 2 (code \"02\"), area 02: null where a list of rings belongs — write [...] as RFC 7946 describes",
            "\(path):4:130: feature 3 (code \"03\"), area 03: the ring is not closed: its last position differs from its first — repeat the first position at the end of the ring",
            "\(path):5:72: feature 4 (code \"00\"), area 00: a \"Point\" geometry cannot outline an area — export the areas as Polygon or MultiPolygon features",
        ])
    }

    func testGeometriesFindTheirAreasByNameOrByANamedProperty() throws {
        let store = try Support.baseStore(self)
        // Features that carry only a name, as many cities publish them; case and spacing differ.
        let byName = try Support.file(self, "names.geojson", Self.collection([
            Self.feature("\"NAME\": \"nord\"", Self.square), Self.feature("\"NAME\": \"Süd \"", Self.square),
            Self.feature("\"NAME\": \"Mitte\"", Self.square)]))
        XCTAssertEqual(Support.problems([byName], store: store).first?.contains("feature 1 has no property \"code\""), true)
        let summary = try Importer.run(files: [byName], geometryMatch: GeometryMatch(key: .name), storePath: store)
        XCTAssertEqual(summary.files.first?.areasChanged, 3)
        // The code in a property the user names.
        let byProperty = try Support.file(self, "props.geojson", Self.collection([
            Self.feature("\"STT_NR\": \"01\"", Self.square), Self.feature("\"STT_NR\": \"02\"", Self.square),
            Self.feature("\"STT_NR\": \"03\"", Self.square)]))
        XCTAssertEqual(try Importer.run(files: [byProperty], geometryMatch: GeometryMatch(property: "stt_nr"), storePath: store).files.first?.rowsRead, 3)
        let mapping = try Support.file(self, "geo.yaml", "name_property: NAME\n")
        XCTAssertTrue(try Importer.run(files: [byName], mapping: mapping, storePath: store).changesNothing)
    }

    func testFeaturesWithoutAreaAndAreasWithoutFeatureAreListed() throws {
        let store = try Support.scratch(self).appendingPathComponent("s.sqlite").path
        try Importer.run(files: [try Support.file(self, "areas.csv", """
            code,name,level,parent
            00,Teststadt,city,
            01,Nord,district,00
            02,Buntekuh,district,00
            03,Mitte,district,00
            0201,Buntekuh,subdistrict,02

            """)], storePath: store)
        let before = try Support.sha(store)
        let path = try Support.file(self, "names.geojson", Self.collection([
            Self.feature("\"name\": \"Nord\"", Self.square), Self.feature("\"name\": \"Buntekuh\"", Self.square),
            Self.feature("\"name\": \"Nordd\"", Self.square), Self.feature("\"name\": \"Nord\"", Self.square)]))
        let lines = Support.problems([path], store: store)
        XCTAssertEqual(lines.count, 4, "by code: no feature has one")
        var match = GeometryMatch(key: .name)
        let problems: [String]
        do {
            try Importer.run(files: [path], geometryMatch: match, storePath: store)
            return XCTFail("imported")
        } catch let failure as ImportFailure { problems = failure.lines }
        // „Buntekuh“ is a Stadtteil and its Stadtbezirk: the file's other features are Stadtteile, so it is the Stadtteil.
        XCTAssertEqual(problems, [
            "\(path):1:1: no feature for 1 area of level district: 03 \"Mitte\" — add a feature for each (or correct the features reported above)",
            "\(path):4:44: feature 3 (name \"Nordd\") matches no area — correct the name to one the store has (see `civicbrief inspect`), or match by another property",
            "\(path):5:44: feature 4 (name \"Nord\") is a second feature for area 01 (the first is at line 2) — keep one feature per area",
        ])
        XCTAssertEqual(try Support.sha(store), before)
        // Alone, „Buntekuh“ is ambiguous until the level is given.
        let alone = try Support.file(self, "alone.geojson", Self.collection([Self.feature("\"name\": \"Buntekuh\"", Self.square)]))
        do {
            try Importer.run(files: [alone], geometryMatch: match, storePath: store)
            XCTFail("imported")
        } catch let failure as ImportFailure {
            XCTAssertEqual(failure.lines, ["\(alone):2:44: feature 1 (name \"Buntekuh\") fits several areas: 02 (district), 0201 (subdistrict) — say which level the file holds (--level)"])
        }
        match.level = .subdistrict
        try Importer.run(files: [alone], geometryMatch: match, storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        XCTAssertNotNil(try s.area("0201")?.geometry)
        XCTAssertNil(try s.area("02")?.geometry)
    }

    // MARK: Export for German spreadsheets

    func testGermanCSVExportReadsBackToTheSameContent() throws {
        let store = try Support.baseStore(self)
        try Importer.run(files: ["long_utf8.csv", "long_bom.csv"].map(Support.fixture), storePath: store)
        let s = try IndicatorStore.open(path: store)
        defer { s.close() }
        let observations = try s.observations()
        let german = ObservationExport.csv(observations, locale: .de)
        XCTAssertTrue(german.hasPrefix("\u{FEFF}indikator;gebiet;zeitraum;wert;zähler;nenner;status;hinweis\n"))
        XCTAssertTrue(german.contains("\nsgb2;01;2024-10;12,5;50;400;endgültig;Hinweis, mit Komma\n"), german)
        XCTAssertTrue(german.contains("\ngrusi;02;2024-Q3;2,7;;;endgültig;\"Hinweis; mit Semikolon\"\n"), german)
        XCTAssertTrue(german.contains("\nsgb2;00;2024-10;;;;gesperrt;Wert gesperrt (Geheimhaltung)\n"), german)
        let fresh = Support.scratch(self).appendingPathComponent("fresh.sqlite").path
        try Importer.run(files: [Support.fixture("areas.csv"), Support.fixture("indicators.yaml")], storePath: fresh)
        let summary = try Importer.run(files: [try Support.file(self, "de.csv", german)], storePath: fresh)
        XCTAssertEqual(summary.files.first?.encoding, "UTF-8 with BOM")
        let back = try IndicatorStore.open(path: fresh)
        defer { back.close() }
        XCTAssertEqual(try back.observations(), observations)
    }
}
