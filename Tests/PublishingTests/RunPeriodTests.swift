import DemoStore
import Foundation
import IndicatorStore
import Testing
@testable import Publishing

/// The shipped templates, next to this package's Tests folder.
let shippedTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Templates")

@Suite struct RunPeriodTests {
    func demoStore() throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("period-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("demo.sqlite").path
        _ = try DemoData.createStore(at: path)
        return (path, folder)
    }

    func templates(_ names: String...) -> [(name: String, path: String)] {
        names.map { ($0, shippedTemplates.appendingPathComponent($0).path) }
    }

    @Test func aQuarterlyRunGivesItsMonthlyDocumentsTheQuartersLastMonth() throws {
        let (path, _) = try demoStore()
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }
        let p = try PeriodResolver.resolve(selection: .latestComplete, maxLag: 0,
                                           templates: templates("quartalsbericht.md", "stadtteilprofil.md"), store: store)
        #expect(p.granularity == "quarter" && p.reference == Period("2026-Q3") && p.newest == Period("2026-Q3") && p.lag == 0)
        #expect(p.documents == ["quartalsbericht.md": Period("2026-Q3")!, "stadtteilprofil.md": Period("2026-09")!])
        #expect(p.lagWarning == nil && p.gaps.isEmpty)
        let monthly = try PeriodResolver.resolve(selection: .latestComplete, maxLag: 0,
                                                 templates: templates("monatsbericht-sozialausschuss.md", "stadtteilprofil.md"), store: store)
        #expect(monthly.reference == Period("2026-10") && monthly.documents["stadtteilprofil.md"] == Period("2026-10"))
        #expect(throws: PeriodProblem.self) {
            try PeriodResolver.resolve(selection: .fixed(Period("2026-09")!), maxLag: nil,
                                       templates: templates("quartalsbericht.md", "stadtteilprofil.md"), store: store)
        }
        do {
            _ = try PeriodResolver.resolve(selection: .fixed(Period("2026-09")!), maxLag: nil,
                                           templates: templates("quartalsbericht.md", "stadtteilprofil.md"), store: store)
        } catch let problem as PeriodProblem {
            #expect(problem.message == "period 2026-09 is a month, but this run reports by quarter (quartalsbericht.md) — give a quarter such as 2026-Q3")
        }
    }

    @Test func anIncompleteNewestMonthIsNamedAndFailsBeyondMaxLag() throws {
        let (path, folder) = try demoStore()
        let csv = folder.appendingPathComponent("suppress.csv").path
        try "indikator;gebiet;zeitraum;wert;status\narm_sgb2;08;2026-10;;gesperrt\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try Importer.run(files: [csv], storePath: path, importedAt: "2026-11-20T00:00:00Z")
        let store = try IndicatorStore.open(path: path)
        defer { store.close() }
        let monthly = templates("monatsbericht-sozialausschuss.md", "stadtteilprofil.md")
        let behind = try PeriodResolver.resolve(selection: .latestComplete, maxLag: 1, templates: monthly, store: store)
        #expect(behind.reference == Period("2026-09") && behind.newest == Period("2026-10") && behind.lag == 1)
        #expect(behind.gaps == [PeriodGap(period: Period("2026-10")!, indicator: "arm_sgb2", area: "08", areaName: "Schlutup", state: "suppressed")])
        #expect(behind.lagWarning == "period 2026-09 is 1 month behind the newest data (2026-10), which is incomplete: "
                + "arm_sgb2 has no value for Schlutup (08) in 2026-10 (suppressed)")
        do {
            _ = try PeriodResolver.resolve(selection: .latestComplete, maxLag: 0, templates: monthly, store: store)
            Issue.record("expected max_lag 0 to fail")
        } catch let problem as PeriodProblem {
            #expect(problem.message.hasPrefix("period 2026-09 is 1 month behind the newest data (2026-10), which is incomplete: arm_sgb2 has no value for Schlutup (08)"))
            #expect(problem.message.hasSuffix("— more than max_lag 0 allows; import the missing values, give --period 2026-09 to publish it anyway, or raise max_lag"))
        }
        // `latest` takes the newest month anyway and lists what it lacks; a fixed period is not held to max_lag.
        let latest = try PeriodResolver.resolve(selection: .latest, maxLag: 0, templates: monthly, store: store)
        #expect(latest.reference == Period("2026-10") && latest.lag == 0 && latest.gapCount == 1)
        let fixed = try PeriodResolver.resolve(selection: .fixed(Period("2026-06")!), maxLag: 0, templates: monthly, store: store)
        #expect(fixed.reference == Period("2026-06") && fixed.lag == 4)
    }
}
