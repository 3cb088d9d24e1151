import XCTest
@testable import IndicatorStore

/// Query results against values worked out by hand from the small table below.
final class QueryTests: XCTestCase {
    static let table = """
        indicator,area,period,value,numerator,denominator,status
        sgb2,00,2023-10,9.0,90,1000,final
        sgb2,01,2023-10,12.0,48,400,final
        sgb2,02,2023-10,6.0,21,350,final
        sgb2,03,2023-10,8.0,20,250,final
        sgb2,00,2024-09,9.2,,,final
        sgb2,01,2024-09,12.4,,,final
        sgb2,02,2024-09,5.9,,,final
        sgb2,03,2024-09,8.1,,,final
        sgb2,00,2024-10,9.3,,,provisional
        sgb2,01,2024-10,12.5,,,provisional
        sgb2,02,2024-10,6.0,,,provisional
        sgb2,03,2024-10,,,,suppressed
        kita,01,2023,30,,,final
        kita,02,2023,40,,,final
        kita,03,2023,40,,,final
        kita,01,2024,35,,,final
        kita,02,2024,33,,,final
        kita,03,2024,35,,,final
        kita,01,2025,,,,missing

        """

    var store: IndicatorStore!

    override func setUpWithError() throws {
        let path = try Support.baseStore(self)
        try Importer.run(files: [try Support.file(self, "q.csv", Self.table)], storePath: path)
        store = try IndicatorStore.open(path: path)
    }

    override func tearDown() {
        store?.close()
    }

    func p(_ s: String) -> Period { Period(s)! }

    func testSeries() throws {
        let all = try store.series(indicator: "sgb2", area: "01")
        XCTAssertEqual(all.map(\.period.description), ["2023-10", "2024-09", "2024-10"])
        XCTAssertEqual(all.map(\.value), [12.0, 12.4, 12.5])
        XCTAssertEqual(all.first?.numerator, 48)
        XCTAssertEqual(all.first?.denominator, 400)
        let range = try store.series(indicator: "sgb2", area: "01", from: p("2024-01"), to: p("2024-09"))
        XCTAssertEqual(range.map(\.value), [12.4])
        XCTAssertEqual(try store.series(indicator: "sgb2", area: "01", from: p("2024-10")).map(\.value), [12.5])
        XCTAssertThrowsError(try store.series(indicator: "sgb2", area: "01", from: p("2024"))) { error in
            XCTAssertEqual("\(error)", "period 2024 is a year but indicator sgb2 is monthly")
        }
        XCTAssertThrowsError(try store.series(indicator: "nope", area: "01"))
    }

    func testCrossSectionHidesSuppressedValues() throws {
        let districts = try store.crossSection(indicator: "sgb2", level: .district, period: p("2024-10"))
        XCTAssertEqual(districts.map(\.area), ["01", "02", "03"])
        XCTAssertEqual(districts.map(\.value), [12.5, 6.0, nil])
        XCTAssertEqual(districts.map(\.status), [.provisional, .provisional, .suppressed])
        XCTAssertEqual(try store.crossSection(indicator: "sgb2", level: .city, period: p("2024-10")).map(\.area), ["00"])
    }

    func testLatestPeriodIgnoresCellsWithoutValue() throws {
        XCTAssertEqual(try store.latestPeriod(indicator: "sgb2"), p("2024-10"))
        XCTAssertEqual(try store.latestPeriod(indicator: "kita"), p("2024"), "2025 holds only a missing cell")
        XCTAssertNil(try store.latestPeriod(indicator: "einw"))
    }

    func testPreviousPeriodYearEarlierAndCity() throws {
        XCTAssertEqual(try store.previousPeriod(indicator: "sgb2", area: "01", period: p("2024-10"))?.value, 12.4)
        XCTAssertEqual(try store.yearEarlier(indicator: "sgb2", area: "01", period: p("2024-10"))?.value, 12.0)
        XCTAssertNil(try store.previousPeriod(indicator: "sgb2", area: "01", period: p("2023-10")))
        XCTAssertEqual(try store.yearEarlier(indicator: "kita", area: "02", period: p("2024"))?.value, 40)
        let city = try XCTUnwrap(try store.cityValue(indicator: "sgb2", period: p("2024-10")))
        XCTAssertEqual(city.area, "00")
        XCTAssertEqual(city.value, 9.3)
        XCTAssertEqual(city.status, .provisional)
    }

    func testRankRespectsPolarityAndTies() throws {
        // SGB II: higher is worse, so the lowest value ranks first; 03 is suppressed and takes no part.
        XCTAssertEqual(try store.rank(indicator: "sgb2", area: "02", period: p("2024-10")), Rank(position: 1, count: 2))
        XCTAssertEqual(try store.rank(indicator: "sgb2", area: "01", period: p("2024-10")), Rank(position: 2, count: 2))
        XCTAssertNil(try store.rank(indicator: "sgb2", area: "03", period: p("2024-10")))
        XCTAssertEqual(try store.rank(indicator: "sgb2", area: "03", period: p("2024-09")), Rank(position: 2, count: 3))
        // Childcare: higher is better; ties share the better rank.
        XCTAssertEqual(try store.rank(indicator: "kita", area: "01", period: p("2024")), Rank(position: 1, count: 3))
        XCTAssertEqual(try store.rank(indicator: "kita", area: "03", period: p("2024")), Rank(position: 1, count: 3))
        XCTAssertEqual(try store.rank(indicator: "kita", area: "02", period: p("2024")), Rank(position: 3, count: 3))
        XCTAssertEqual(try store.rank(indicator: "kita", area: "01", period: p("2023")), Rank(position: 3, count: 3))
    }

    func testIndicatorSummariesForInspect() throws {
        let summaries = Dictionary(uniqueKeysWithValues: try store.indicatorSummaries().map { ($0.indicator.code, $0) })
        XCTAssertEqual(summaries["sgb2"]?.firstPeriod, p("2023-10"))
        XCTAssertEqual(summaries["sgb2"]?.lastPeriod, p("2024-10"))
        XCTAssertEqual(summaries["sgb2"]?.observationCount, 12)
        XCTAssertEqual(summaries["kita"]?.lastPeriod, p("2025"))
        XCTAssertEqual(summaries["kita"]?.observationCount, 7)
        XCTAssertEqual(summaries["einw"]?.observationCount, 0)
        XCTAssertNil(summaries["einw"]?.firstPeriod)
        let text = try Inspection.text(store)
        XCTAssertTrue(text.contains("sgb2   SGB-II-Quote (synthetic)  income_poverty  percent  higher_is_worse   month        2023-10  2024-10  12"), text)
    }

    func testExportFiltersAndNeverRevealsSuppressedValues() throws {
        let csv = ObservationExport.csv(try store.observations(indicator: "sgb2", area: "03"))
        XCTAssertEqual(csv, """
            indicator,area,period,value,numerator,denominator,status,note
            sgb2,03,2023-10,8,20,250,final,
            sgb2,03,2024-09,8.1,,,final,
            sgb2,03,2024-10,,,,suppressed,

            """)
        let json = ObservationExport.json(try store.observations(indicator: "kita", area: "01"))
        XCTAssertEqual(json, """
            [
              {"indicator": "kita", "area": "01", "period": "2023", "value": 30, "numerator": null, "denominator": null, "status": "final", "note": null},
              {"indicator": "kita", "area": "01", "period": "2024", "value": 35, "numerator": null, "denominator": null, "status": "final", "note": null},
              {"indicator": "kita", "area": "01", "period": "2025", "value": null, "numerator": null, "denominator": null, "status": "missing", "note": null}
            ]

            """)
    }
}

final class MemoizedTests: XCTestCase {
    /// A snapshot remembers derived values (a remembered nil included); a live store, whose data may
    /// change, computes every time.
    func testSnapshotsRememberDerivedValuesLiveStoresDoNot() throws {
        let store = try IndicatorStore.open(path: try Support.baseStore(self))
        defer { store.close() }
        let snapshot = try store.snapshot()
        defer { snapshot.close() }
        var calls = 0
        func count() -> Int? { calls += 1; return calls }
        func none() -> Int? { calls += 1; return nil }
        XCTAssertEqual(snapshot.memoized("a", count), 1)
        XCTAssertEqual(snapshot.memoized("a", count), 1)
        XCTAssertEqual(snapshot.memoized("b", count), 2)
        XCTAssertNil(snapshot.memoized("c", none))
        XCTAssertNil(snapshot.memoized("c", none))
        XCTAssertEqual(calls, 3)
        XCTAssertEqual(store.memoized("a", count), 4)
        XCTAssertEqual(store.memoized("a", count), 5)
    }
}

final class StateStampTests: XCTestCase {
    /// Snapshots taken with no write between them have equal stamps; an import changes the stamp.
    func testAnImportChangesTheStamp() throws {
        let path = try Support.baseStore(self)
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }
        let first = try store.snapshot(), second = try store.snapshot()
        defer { first.close(); second.close() }
        XCTAssertEqual(try first.stateStamp(), try second.stateStamp())
        let more = try Support.file(self, "more.csv", "indicator,area,period,value,status\nsgb2,01,2024-11,12.9,final\n")
        try Importer.run(files: [more], storePath: path, importedAt: "2025-02-01T00:00:00Z")
        let third = try store.snapshot()
        defer { third.close() }
        XCTAssertNotEqual(try first.stateStamp(), try third.stateStamp())
        XCTAssertEqual(try first.stateStamp(), try first.stateStamp(), "a snapshot keeps its state")
    }
}
