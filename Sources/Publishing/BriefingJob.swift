import Document
import Facts
import Support
import Foundation
import IndicatorStore
import Layout
import Narrative

// One briefing from template to file, shared by `render`, `demo` and (later) `publish`.

/// The default output path: `<folder>/<template>-<area>-<period>-<lang>.pdf`, each value escaped as
/// one file-name component (see `OutputPath.escape`), so an area code can never name another folder.
public func defaultOutputPath(for briefing: Briefing, folder: String = Locations.outputFolder) -> String {
    let language = briefing.language == .de ? "de" : "en"
    // A language already in the template's name (district-profile.en) is not repeated.
    let name = Publisher.cleanName(briefing.templateName, language: language)
    let file = OutputPath.fill("{template}-{area}-{period}-{lang}.pdf",
                               ["template": name, "area": briefing.areaCode, "period": briefing.period.description, "lang": language])
    return folder + "/" + file
}

/// The briefing's document with its date: its own, else the end of its period (see `Publisher.documentDate`).
public func datedDocument(_ briefing: Briefing) -> Document {
    var document = briefing.document
    if document.metadata.date == nil { document.metadata.date = Publisher.documentDate(manifest: nil, period: briefing.period) }
    return document
}

/// Why a briefing could not be written: the template (exit 2) or the PDF pipeline (its own classification).
public enum BriefingError: Error, Sendable, CustomStringConvertible {
    case template(TemplateFailure)
    case render(template: String, DocumentRenderError)

    public var isUserError: Bool {
        switch self {
        case .template: return true
        case .render(_, let e): return e.isUserError
        }
    }

    /// One line per problem, `FILE:LINE:COLUMN: …`.
    public var lines: [String] {
        switch self {
        case .template(let failure): return failure.problems.map(\.description)
        case .render(let template, let e): return ["\(template): \(e.description)"]
        }
    }

    public var description: String { lines.joined(separator: "\n") }
}

/// Checks and renders `request` with what `facts` knows, writes the PDF atomically to `out` (default:
/// `defaultOutputPath` in `folder`) and returns the briefing and the path written.
@discardableResult
public func renderBriefing(_ request: BriefingRequest, facts: FactsBuilder, out: String? = nil, folder: String = Locations.outputFolder,
                           timings: inout RenderTimings) throws(BriefingError) -> (briefing: Briefing, path: String) {
    let briefing: Briefing
    do { briefing = try BriefingRenderer.render(request, facts: facts) } catch { throw .template(error) }
    let path = try writeBriefing(briefing, templatePath: request.templatePath, out: out, folder: folder, timings: &timings)
    return (briefing, path)
}

/// Renders an already checked briefing to PDF and writes it atomically; returns the path written.
public func writeBriefing(_ briefing: Briefing, templatePath: String, out: String? = nil, folder: String = Locations.outputFolder,
                          timings: inout RenderTimings) throws(BriefingError) -> String {
    let path = out ?? defaultOutputPath(for: briefing, folder: folder)
    do { try renderPDF(datedDocument(briefing), to: URL(fileURLWithPath: path), timings: &timings) } catch {
        throw .render(template: templatePath, error)
    }
    return path
}

/// Where a template or manifest named on the command line is: the path as given if it exists, else
/// the same name in the shipped templates folder (so `render monatsbericht-sozialausschuss.md` works
/// from any folder, as `demo` does), trying the usual extension when none is given. Nil, with every
/// place looked at, when it is nowhere.
public func locateInput(_ given: String, extensions: [String],
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> (path: String?, searched: [String]) {
    let fm = FileManager.default
    var candidates = [given] + extensions.filter { !given.hasSuffix($0) }.map { given + $0 }
    if !given.hasPrefix("/"), let shipped = Locations.templates(environment: environment).directory {
        let name = (given as NSString).lastPathComponent
        let names = [given, name] + extensions.filter { !name.hasSuffix($0) }.map { name + $0 }
        for n in names {
            let path = shipped.appendingPathComponent(n).path
            if !candidates.contains(path) { candidates.append(path) }
        }
    }
    var isFolder: ObjCBool = false
    if let found = candidates.first(where: { fm.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue }) {
        return (found, candidates)
    }
    return (nil, candidates)
}
