import Foundation
import IndicatorStore

extension DemoData {
    /// Creates the demo store at `path` (which must not exist yet).
    @discardableResult
    public static func createStore(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Summary {
        let data = generate()
        // The store applies the confidentiality rule (`Disclosure`) to the generated cells, as to any
        // import, and records the SHA-256 of the rows it wrote.
        let time = environment["SOURCE_DATE_EPOCH"] != nil ? ImportClock.now(environment: environment) : importedAt
        try Importer.importGenerated(areas: data.areas, indicators: data.indicators, observations: data.observations,
                                     source: "demo: synthetic data, seed \(seed)", storePath: path, importedAt: time)
        return Summary(areas: data.areas.count, indicators: data.indicators.count, observations: data.observations.count)
    }
}
