@testable import DemoStore
import Foundation
import IndicatorStore
import XCTest

/// The synthetic demo city: reproducible to the byte, anchored to the published figures, and as
/// confidential as real data.
final class DemoDataTests: XCTestCase {
    /// A fresh empty folder, removed when the test ends.
    func scratch() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-demo-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func sha(_ path: String) throws -> String { Checksum.sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// One demo store shared by the read-only tests below (creating it takes well under a second).
    static let shared: (path: String, store: IndicatorStore)? = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("civicbrief-demo-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("demo.sqlite").path
        guard (try? DemoData.createStore(at: path, environment: [:])) != nil, let store = try? IndicatorStore.open(path: path) else { return nil }
        return (path, store)
    }()

    func demo() throws -> IndicatorStore { try XCTUnwrap(Self.shared?.store) }

    func p(_ s: String) -> Period { Period(s)! }

    func testCreationIsReproducibleByteForByte() throws {
        let dir = scratch()
        let a = dir.appendingPathComponent("a.sqlite").path, b = dir.appendingPathComponent("b.sqlite").path
        let summary = try DemoData.createStore(at: a, environment: [:])
        try DemoData.createStore(at: b, environment: [:])
        XCTAssertEqual(try sha(a), try sha(b))
        XCTAssertEqual(summary, DemoData.Summary(areas: 46, indicators: 31, observations: 8601))
        XCTAssertEqual(try sha(a), try sha(try XCTUnwrap(Self.shared?.path)))
    }

    func testAreasAreLuebeckAndItsTenStadtteile() throws {
        let all = try demo().areas()
        let areas = all.filter { $0.level != .subdistrict }
        XCTAssertEqual(all.filter { $0.level == .subdistrict }.count, 35)
        XCTAssertEqual(areas.first, Area(code: "00", name: "Lübeck", level: .city, population: 223_156,
                                         populationDate: CalendarDay(year: 2024, month: 12, day: 31)))
        XCTAssertEqual(areas.dropFirst().map(\.code), ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"])
        XCTAssertEqual(areas.dropFirst().map(\.name), ["Innenstadt", "St. Jürgen", "Moisling", "Buntekuh", "St. Lorenz Süd",
                                                       "St. Lorenz Nord", "St. Gertrud", "Schlutup", "Kücknitz", "Travemünde"])
        XCTAssertTrue(areas.dropFirst().allSatisfy { $0.parent == "00" && $0.level == .district })
        XCTAssertEqual(areas.dropFirst().compactMap(\.population).reduce(0, +), 223_156)
    }

    func testIndicatorsCoverAllDomainsAndAreSyntheticWithDefinitions() throws {
        let indicators = try demo().indicators()
        XCTAssertGreaterThanOrEqual(indicators.count, 24)
        XCTAssertEqual(Set(indicators.map(\.domain)), Set(Domain.allCases))
        for i in indicators {
            XCTAssertTrue(i.synthetic, i.code)
            XCTAssertFalse(i.definition.numerator.isEmpty, i.code)
            XCTAssertFalse(i.definition.referenceDate.isEmpty, i.code)
            XCTAssertTrue(i.source.contains("Synthetische Demodaten"), i.code)
        }
        XCTAssertEqual(Set(indicators.filter { $0.granularity == .month }.map(\.code)),
                       ["arb_alq", "arb_jugend", "arb_langzeit", "arm_sgb2", "arm_kinder_sgb2", "dig_leihgeraete"])
    }

    func testSeriesLengthsAreAnchoredToAFixedEndMonth() throws {
        let store = try demo()
        let sgb2 = try store.series(indicator: "arm_sgb2", area: "03")
        XCTAssertEqual(sgb2.count, 36)
        XCTAssertEqual(sgb2.first?.period, p("2023-11"))
        XCTAssertEqual(sgb2.last?.period, p("2026-10"))
        XCTAssertEqual(try store.series(indicator: "arm_grusi", area: "03").map(\.period.description).last, "2026-Q3")
        XCTAssertEqual(try store.series(indicator: "bev_einwohner", area: "00").count, 7)
    }

    func testCityValuesMatchThePublishedAnchors() throws {
        let store = try demo()
        XCTAssertEqual(try store.cityValue(indicator: "arm_sgb2", period: p("2024-12"))?.value, 9.3)
        XCTAssertEqual(try store.cityValue(indicator: "bev_einwohner", period: p("2024"))?.value, 223_156)
        XCTAssertEqual(try store.cityValue(indicator: "bev_auslaender", period: p("2024"))?.value, 14.6)
        XCTAssertEqual(try store.cityValue(indicator: "bev_85plus", period: p("2024"))?.value, 4.1)
        XCTAssertEqual(try store.cityValue(indicator: "bev_einpersonenhh", period: p("2024"))?.value, 54.1)
        XCTAssertEqual(try store.cityValue(indicator: "arm_grusi", period: p("2024-Q4"))?.value, 2.7)
        XCTAssertEqual(try store.cityValue(indicator: "arm_mindestsicherung", period: p("2024"))?.value, 12.8)
        XCTAssertEqual(try store.cityValue(indicator: "arb_alq", period: p("2024-12"))?.value, 7.5)
    }

    func testCityIsTheAggregateOfItsDistricts() throws {
        let store = try demo()
        for period in ["2023-11", "2025-06", "2026-10"].map(p) {
            let districts = try store.crossSection(indicator: "arm_sgb2", level: .district, period: period)
            let city = try XCTUnwrap(try store.cityValue(indicator: "arm_sgb2", period: period))
            XCTAssertEqual(districts.compactMap(\.numerator).reduce(0, +), city.numerator)
            XCTAssertEqual(districts.compactMap(\.denominator).reduce(0, +), city.denominator)
            let rate = try XCTUnwrap(city.numerator) / XCTUnwrap(city.denominator) * 100
            XCTAssertEqual(city.value, (rate * 10).rounded() / 10)
        }
        // Levels (years, euro): the city is the population-weighted mean of the districts with a value.
        let year = p("2024")
        let pops = Dictionary(uniqueKeysWithValues: try store.areas(level: .district).map { ($0.code, Double($0.population ?? 0)) })
        let le = try store.crossSection(indicator: "ges_lebenserwartung", level: .district, period: year).filter { $0.value != nil }
        let mean = le.map { $0.value! * pops[$0.area]! }.reduce(0, +) / le.map { pops[$0.area]! }.reduce(0, +)
        XCTAssertEqual(try store.cityValue(indicator: "ges_lebenserwartung", period: year)?.value, (mean * 10).rounded() / 10)
    }

    func testPovertyConcentratesWhereItDoesInLuebeck() throws {
        let sgb2 = try demo().crossSection(indicator: "arm_sgb2", level: .district, period: p("2026-09"))
        let ranked = sgb2.sorted { ($0.value ?? 0) > ($1.value ?? 0) }.map(\.area)
        XCTAssertEqual(Set(ranked.prefix(4)), ["03", "04", "09", "06"], "Moisling, Buntekuh, Kücknitz, St. Lorenz Nord")
        XCTAssertEqual(Set(ranked.suffix(2)), ["02", "10"], "St. Jürgen and Travemünde lowest")
        let rank = try XCTUnwrap(try demo().rank(indicator: "arm_sgb2", area: "02", period: p("2026-09")))
        XCTAssertEqual([rank.position, rank.count], [1, 10])
    }

    func testProvisionalSuppressedAndMissingCells() throws {
        let store = try demo()
        let latest = try store.crossSection(indicator: "arb_alq", level: .district, period: p("2026-10"))
        XCTAssertTrue(latest.allSatisfy { $0.status == .provisional })
        XCTAssertEqual(try store.observation(indicator: "arb_alq", area: "01", period: p("2026-09"))?.status, .final)
        let schlutup = try store.series(indicator: "dig_leihgeraete", area: "08")
        let suppressed = schlutup.filter { $0.status == .suppressed }
        XCTAssertFalse(suppressed.isEmpty)
        XCTAssertTrue(suppressed.allSatisfy { $0.value == nil && $0.numerator == nil })
        XCTAssertEqual(try store.observation(indicator: "ges_lebenserwartung", area: "08", period: p("2024"))?.status, .missing)
        XCTAssertNil(try store.rank(indicator: "ges_lebenserwartung", area: "08", period: p("2024")))
    }

    func testExportImportRoundTripGivesTheSameObservations() throws {
        let store = try demo()
        let dir = scratch()
        let meta = dir.appendingPathComponent("meta.yaml").path, obs = dir.appendingPathComponent("obs.csv").path
        try MetadataExport.yaml(areas: try store.areas(), indicators: try store.indicators()).write(toFile: meta, atomically: true, encoding: .utf8)
        try ObservationExport.csv(try store.observations()).write(toFile: obs, atomically: true, encoding: .utf8)
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        let summary = try Importer.run(files: [meta, obs], storePath: fresh)
        XCTAssertEqual(summary.files.last?.inserted, 8601)
        let copy = try IndicatorStore.open(path: fresh)
        defer { copy.close() }
        XCTAssertEqual(try copy.observations(), try store.observations())
        XCTAssertEqual(try copy.indicators(), try store.indicators())
        XCTAssertEqual(try copy.areas(), try store.areas())
        // Importing the export into the original store changes nothing.
        XCTAssertTrue(try Importer.run(files: [obs], storePath: try XCTUnwrap(Self.shared?.path), dryRun: true).changesNothing)
    }

    func testStadtbezirkeAddUpToTheirStadtteil() throws {
        let store = try demo()
        let subdistricts = try store.areas(level: .subdistrict)
        XCTAssertEqual(subdistricts.first(where: { $0.name == "Vorrade" })?.parent, "02")
        XCTAssertEqual(subdistricts.filter { $0.parent == "02" }.count, 11)
        for district in try store.areas(level: .district) {
            let members = subdistricts.filter { $0.parent == district.code }
            XCTAssertEqual(members.compactMap(\.population).reduce(0, +), district.population, district.code)
            let codes = Set(members.map(\.code))
            for period in ["2023-11", "2026-10"].map(p) {
                let own = try XCTUnwrap(try store.observation(indicator: "arm_kinder_sgb2", area: district.code, period: period))
                let parts = try store.crossSection(indicator: "arm_kinder_sgb2", level: .subdistrict, period: period).filter { codes.contains($0.area) }
                XCTAssertEqual(parts.count, members.count)
                XCTAssertEqual(parts.compactMap(\.denominator).reduce(0, +), own.denominator, district.code)
                if parts.allSatisfy({ $0.status != .suppressed }) {
                    XCTAssertEqual(parts.compactMap(\.numerator).reduce(0, +), own.numerator, district.code)
                }
            }
        }
        XCTAssertEqual(try store.crossSection(indicator: "arm_sgb2", level: .subdistrict, period: p("2024-12")).count, 35)
        XCTAssertTrue(try store.crossSection(indicator: "bil_kita_u3", level: .subdistrict, period: p("2024")).isEmpty)
    }

    /// The confidentiality rule (README "Confidentiality") holds everywhere in the demo: no published total
    /// has a suppressed part, no suppressed total has only published parts, and every suppressed cell
    /// carries the one note that does not tell a small case number from its protection.
    func testNoSuppressedCellCanBeRecomputedFromATotal() throws {
        let store = try demo()
        let areas = try store.areas()
        let children = Dictionary(grouping: areas.filter { $0.parent != nil }, by: { $0.parent! }).mapValues { $0.map(\.code) }
        var groups = 0, suppressed = 0
        for indicator in try store.indicators() where [.count, .percent, .perThousand].contains(indicator.unit) {
            let byPeriod = Dictionary(grouping: try store.observations(indicator: indicator.code), by: \.period)
            for (period, cells) in byPeriod {
                let cell = Dictionary(uniqueKeysWithValues: cells.map { ($0.area, $0) })
                for (parent, parts) in children {
                    guard let total = cell[parent] else { continue }
                    let hidden = parts.filter { cell[$0]?.status == .suppressed }
                    if !hidden.isEmpty {
                        groups += 1
                        XCTAssertEqual(total.status, .suppressed, "\(indicator.code) \(parent) \(period): a total next to suppressed parts")
                    }
                    if total.status == .suppressed, parts.allSatisfy({ cell[$0]?.status.hasValue == true }) {
                        XCTFail("\(indicator.code) \(parent) \(period): a suppressed total is the sum of its published parts")
                    }
                }
                for o in cells where o.status == .suppressed {
                    suppressed += 1
                    XCTAssertEqual(o.note, Disclosure.note)
                }
            }
        }
        XCTAssertEqual(groups, 18, "devices lent: 18 months with a small number in a Stadtteil")
        XCTAssertEqual(suppressed, 36)
        // The example: January 2024, Schlutup (08) has 1–2 devices lent; the city total goes with it.
        let jan = try XCTUnwrap(Period("2024-01"))
        let districts = try store.crossSection(indicator: "dig_leihgeraete", level: .district, period: jan)
        XCTAssertEqual(districts.filter { $0.status == .suppressed }.map(\.area), ["08"])
        XCTAssertEqual(try store.cityValue(indicator: "dig_leihgeraete", period: jan)?.status, .suppressed)
        XCTAssertEqual(try store.cityValue(indicator: "dig_leihgeraete", period: try XCTUnwrap(Period("2026-10")))?.status, .provisional,
                       "the shipped month has no small number")
    }
}
