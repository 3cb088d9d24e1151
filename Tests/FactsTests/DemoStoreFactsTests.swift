import DemoStore
import XCTest
import IndicatorStore
@testable import Facts

/// Every indicator of the demo store, for every Stadtteil, in both languages: facts build and say
/// something for every cell, and no suppressed value or non-number ever reaches the text.
final class DemoStoreFactsTests: XCTestCase {
    func testEveryDemoFactIsCompleteAndLeaksNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("facts-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        try DemoData.createStore(at: path, environment: [:])
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }

        var facts = 0, withheld: [String] = []
        let indicators = try store.indicators(), areas = try store.areas().filter { $0.level != .subdistrict }
        for language in Language.allCases {
            let builder = try FactsBuilder(store: store, language: language)
            // All of them in German; a sample in English (the English text is built by the same code paths).
            for indicator in language == .de ? indicators : Array(indicators.prefix(4)) {
                for area in areas {
                    let fact = try builder.fact(indicator: indicator.code, area: area.code)
                    facts += 1
                    let texts = [fact.current.formatted, fact.previous.phrase, fact.yearEarlier.phrase, fact.trend.phrase,
                                 fact.city?.phrase ?? "-", fact.rank?.phrase ?? "-", fact.indicator.footnote]
                    // Reference dates such as „31.12.“ end the definition without a second period.
                    XCTAssertFalse(fact.indicator.footnote.contains(".."), fact.indicator.footnote)
                    for text in texts {
                        XCTAssertFalse(text.isEmpty, "\(indicator.code)/\(area.code)")
                        XCTAssertFalse(text.lowercased().contains("nan") || text.lowercased().contains("inf"), text)
                    }
                    if fact.current.status == "suppressed" || fact.current.status == "missing" {
                        withheld.append("\(language.tag) \(indicator.code)/\(area.code) \(fact.current.status)")
                        XCTAssertNil(fact.current.value)
                        XCTAssertNil(fact.previous.absolute)
                        XCTAssertNil(fact.city?.deviation)
                        XCTAssertNil(fact.rank)
                        XCTAssertNotNil(fact.current.statusSentence)
                    } else {
                        XCTAssertNotNil(fact.current.value)
                        XCTAssertNil(fact.current.statusSentence)
                    }
                }
            }
        }
        XCTAssertEqual(facts, (indicators.count + 4) * areas.count)
        // The demo's latest values withheld or missing (DemoCells), each checked above.
        XCTAssertEqual(withheld, ["de-DE ges_lebenserwartung/08 missing"], "the one latest value the demo lacks, said in words")
        XCTAssertEqual(areas.count, 11)
        let notable = try FactsBuilder(store: store, language: .de).notableChanges(period: DemoData.endMonth)
        XCTAssertFalse((notable.improvements + notable.deteriorations).isEmpty)
        for change in notable.improvements + notable.deteriorations {
            XCTAssertGreaterThanOrEqual(change.score, 1 - 1e-9)
        }
        // Moisling is the demo's most deprived Stadtteil (DOMAIN.md): its SGB II rate is well above the city's.
        let moisling = try FactsBuilder(store: store, language: .de).fact(indicator: "arm_sgb2", area: "03")
        XCTAssertEqual(moisling.city?.phrase, "liegt deutlich über dem städtischen Durchschnitt von 9,0\u{00A0}%")
        XCTAssertEqual(moisling.city?.standing, "worse")
        XCTAssertEqual(moisling.rank?.count, 10)
    }
}
