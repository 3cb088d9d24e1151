import Facts
import Foundation
import IndicatorStore
import Narrative

/// One pass of `civicbrief preview`: the briefing rendered from the store as it is now, its PDF
/// and page images written, or every problem — so a watching session keeps the last good output
/// and says what is wrong with the new one.
public enum PreviewOutcome: Sendable {
    case written(pdf: String, pages: [String], milliseconds: Double)
    case failed(lines: [String], isUserError: Bool)
    /// The template's problems, each with its position.
    case invalid([TemplateProblem])
}

public func previewBriefing(_ request: BriefingRequest, storePath: String, out: String?, dpi: Double) -> PreviewOutcome {
    let start = ContinuousClock.now
    let store: IndicatorStore
    do { store = try IndicatorStore.open(path: storePath) } catch {
        return .failed(lines: ["civicbrief: \(error)"], isUserError: (error as? StoreError)?.isUserError ?? true)
    }
    defer { store.close() }
    let briefing: Briefing
    do {
        let facts = try FactsBuilder(store: store)
        briefing = try BriefingRenderer.render(request, facts: facts)
    } catch let failure as TemplateFailure {
        return .invalid(failure.problems)
    } catch {
        return .failed(lines: ["civicbrief: \(error)"], isUserError: true)
    }
    let path = out ?? defaultOutputPath(for: briefing).replacingOccurrences(of: ".pdf", with: "-preview.pdf")
    do {
        let preview = try renderPreview(datedDocument(briefing), dpi: dpi)
        let pages = try writePreview(preview, pdfPath: path)
        return .written(pdf: path, pages: pages, milliseconds: (ContinuousClock.now - start).milliseconds)
    } catch {
        return .failed(lines: ["\(request.templatePath): \(error.description)"], isUserError: error.isUserError)
    }
}

/// The files a preview depends on — the template's folder (the template, its partials, the index
/// definitions) and the store with its write-ahead log — and a way to wait until one changes.
/// Polls modification times and sizes: portable, and a few dozen `stat` calls per tick.
public struct SourceWatch: Sendable {
    public struct Stamp: Equatable, Sendable { var modified: Date; var size: Int }
    let folder: String
    let files: [String]

    public init(template: String, store: String) {
        folder = (template as NSString).deletingLastPathComponent.isEmpty ? "." : (template as NSString).deletingLastPathComponent
        files = [template, store, store + "-wal"]
    }

    /// Every watched file with its stamp now.
    public func snapshot() -> [String: Stamp] {
        var paths = Set(files)
        if let walker = FileManager.default.enumerator(atPath: folder) {
            for case let name as String in walker where name.hasSuffix(".md") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                paths.insert((folder as NSString).appendingPathComponent(name))
            }
        }
        var stamps: [String: Stamp] = [:]
        for path in paths {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            stamps[path] = Stamp(modified: attributes[.modificationDate] as? Date ?? .distantPast,
                                 size: (attributes[.size] as? NSNumber)?.intValue ?? 0)
        }
        return stamps
    }

    /// Waits until the snapshot differs from `last` and returns the new one.
    public func waitForChange(after last: [String: Stamp], interval: Double = 0.25) -> [String: Stamp] {
        while true {
            Thread.sleep(forTimeInterval: interval)
            let now = snapshot()
            if now != last { return now }
        }
    }
}
