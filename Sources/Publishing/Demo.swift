import DemoStore
import Document
import Facts
import Foundation
import IndicatorStore
import Narrative
import Support

/// `civicbrief demo`: the synthetic demo store (module DemoStore) with its social index, and the
/// sample set rendered from it — the same briefings every run, from any folder.
public enum Demo {
    /// The sample document (every block type of the document model) could not be rendered.
    public struct SampleFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates the demo store at `storePath` unless it exists (see `createStore`), then renders the
    /// sample set (`requests`) and the document-model sample into `output`, from `templates`. Every
    /// line for the operator goes to `note`; a failing briefing does not stop the others. Returns the
    /// briefings that failed; throws `SampleFailure` when the document-model sample fails.
    public static func run(storePath: String, templates: String, output: String,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           note: (String) -> Void) throws -> [BriefingError] {
        if FileManager.default.fileExists(atPath: storePath) {
            note("Store \(storePath) exists; leaving it as it is.")
        } else {
            try createStore(at: storePath, environment: environment, note: note)
        }
        let store = try IndicatorStore.open(path: storePath)
        defer { store.close() }
        let facts = try FactsBuilder(store: store)
        var failures: [BriefingError] = []
        var timings = RenderTimings()
        for request in requests(templatesFolder: templates, districts: facts.areas(level: .district).map(\.code)) {
            do {
                let written = try renderBriefing(request, facts: facts, folder: output, timings: &timings)
                note("Wrote \(written.path) (\(timings.pages) pages)")
            } catch {
                error.lines.forEach(note)
                failures.append(error)
            }
        }
        // The engine's showcase: every block type of the document model, from JSON.
        let sample = "\(templates)/samples/sample-document.json"
        let samplePDF = "\(output)/sample-document.pdf"
        do {
            let document = try Document.decode(json: try Data(contentsOf: URL(fileURLWithPath: sample)), file: sample)
            try renderPDF(document, to: URL(fileURLWithPath: samplePDF), timings: &timings)
            note("Wrote \(samplePDF) (\(timings.pages) pages)")
        } catch {
            throw SampleFailure(description: "\(sample): \(error)")
        }
        return failures
    }

    /// The demo store with its social index, from the built-in definition so the store is the same
    /// from any folder: at the end of the last complete quarter (for the quarterly report) and for the
    /// newest month. Recorded as computed at the demo's import time unless SOURCE_DATE_EPOCH is set.
    public static func createStore(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                                   note: (String) -> Void) throws {
        let summary = try DemoData.createStore(at: path, environment: environment)
        note("Created demo store \(path): \(summary.areas) areas, \(summary.indicators) indicators, \(summary.observations) observations (synthetic).")
        // The demo city's profile next to its store, unless one is there (a city's own stays).
        let folder = (path as NSString).deletingLastPathComponent
        let profile = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("city.yaml")
        if !FileManager.default.fileExists(atPath: profile) {
            try AtomicFile.write(DemoCity.profileYAML, to: profile)
            note("Wrote the demo city's profile \(profile).")
        }
        let time = environment["SOURCE_DATE_EPOCH"] != nil ? ImportClock.now(environment: environment) : DemoData.importedAt
        let quarterEnd = Period.month(DemoData.endQuarter.year, DemoData.endQuarter.index * 3)
        for period in [quarterEnd, nil] {
            note(try SocialIndex.computeAndStore(try indexDefinition(), storePath: path, period: period,
                                                 computedAt: time).description)
        }
    }

    /// The demo city's social-index definition (module DemoStore), as the built-in one.
    public static func indexDefinition() throws -> SocialIndexDefinition {
        try SocialIndexDefinition.parse(DemoCity.indexDefinitionYAML + "\n", file: "built-in " + Locations.indexDefinition)
    }

    /// The sample set: the monthly report, the quarterly report, every district profile in German, and
    /// one district in English and in Leichte Sprache.
    public static func requests(templatesFolder: String = "Templates", districts: [String]) -> [BriefingRequest] {
        var requests = [
            BriefingRequest(templatePath: "\(templatesFolder)/monatsbericht-sozialausschuss.md"),
            BriefingRequest(templatePath: "\(templatesFolder)/quartalsbericht.md"),
        ]
        requests += districts.map { BriefingRequest(templatePath: "\(templatesFolder)/stadtteilprofil.md", area: $0) }
        if let sample = districts.contains("03") ? "03" : districts.first {
            requests.append(BriefingRequest(templatePath: "\(templatesFolder)/district-profile.en.md", area: sample))
            requests.append(BriefingRequest(templatePath: "\(templatesFolder)/stadtteilprofil-leichte-sprache.md", area: sample))
        }
        return requests
    }
}
