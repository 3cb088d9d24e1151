import Document
import Facts
import Foundation
import IndicatorStore
import Narrative
import Yams

// A publishing manifest (Templates/*.yaml): which templates, for which areas, which period and
// languages, where the files go and the meeting metadata. Read with Yams' node API so every
// problem is reported at its own FILE:LINE:COLUMN.

/// Which areas a manifest entry covers.
public enum AreaSelection: Sendable, Equatable {
    /// The template's own default area (its first area of its level, e.g. the city).
    case templateDefault
    /// These codes, in this order.
    case codes([String])
    /// Every area of this level.
    case level(AreaLevel)
    /// Every area of every level the template accepts (front matter `area_level`).
    case all
}

/// One `documents:` entry.
public struct ManifestEntry: Sendable, Equatable {
    /// As written in the manifest (relative to the manifest's folder).
    public var template: String
    /// Resolved path used to read it.
    public var templatePath: String
    public var areas: AreaSelection
    public var parameters: [String: String]
    /// Overrides the manifest's languages for this entry.
    public var languages: [String]?
    public var line: Int
    public var column: Int
}

/// The combined pack: one PDF per language with a cover, a table of contents and one section per document.
public struct PackSpec: Sendable, Equatable {
    public var title: String
    /// File-name pattern; placeholders {period} and {lang}.
    public var file: String
}

public struct PublishManifest: Sendable, Equatable {
    public var path: String
    public var name: String
    /// nil: the latest complete period of each template's granularity.
    public var period: String?
    public var languages: [String]
    /// File-name pattern; placeholders {template}, {area}, {period}, {lang}.
    public var output: String
    public var committee: String?
    /// YYYY-MM-DD.
    public var meetingDate: String?
    public var organisation: String?
    public var documents: [ManifestEntry]
    public var pack: PackSpec?
    /// `pdf_standard: a-2a|a-3a`: every document's and the pack's archival standard (overrides the templates').
    public var pdfStandard: PDFStandard? = nil

    public static let defaultOutput = "{template}-{area}-{period}-{lang}.pdf"

    /// Reads and validates the manifest's own structure (not its templates: see `Publisher.check`).
    public static func load(path: String) throws(TemplateFailure) -> PublishManifest {
        let problems = ManifestProblems(file: path)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            problems.add(nil, "cannot read the manifest — check the path and that the file is UTF-8")
            throw problems.failure
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problems.add(nil, "the manifest is empty — it needs at least `documents:`")
                throw problems.failure
            }
            root = node
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                problems.problems.append(TemplateProblem(file: path, line: mark.line, column: mark.column,
                                                         message: "YAML syntax error: \(what) — fix the indentation or quoting"))
            default:
                problems.add(nil, "YAML error: \(error)")
            }
            throw problems.failure
        } catch {
            throw problems.failure
        }
        guard let map = root.mapping else {
            problems.add(root, "the manifest must be a mapping with keys such as documents, period, languages, output")
            throw problems.failure
        }
        let folder = (path as NSString).deletingLastPathComponent
        var manifest = PublishManifest(path: path, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                       period: nil, languages: [], output: defaultOutput, committee: nil, meetingDate: nil,
                                       organisation: nil, documents: [], pack: nil)
        let known = ["name", "period", "languages", "output", "metadata", "documents", "pack", "pdf_standard"]
        for (key, value) in map {
            guard let k = key.string else { continue }
            switch k {
            case "name": manifest.name = problems.string(value, key: k) ?? manifest.name
            case "period":
                guard let p = problems.string(value, key: k) else { break }
                if ["latest", "latest-complete", "latest complete"].contains(p.lowercased()) { manifest.period = nil }
                else if Period(p) == nil {
                    problems.add(value, "cannot read period \"\(p)\" — write latest-complete, 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)")
                } else { manifest.period = p }
            case "languages": manifest.languages = problems.languages(value) ?? []
            case "pdf_standard":
                guard let s = problems.string(value, key: k) else { break }
                if let standard = PDFStandard(rawValue: s.lowercased()) { manifest.pdfStandard = standard } else {
                    problems.add(value, "pdf_standard \"\(s)\" is not known — use a-3a (PDF/A-3a with the data embedded, the default) or a-2a (PDF/A-2a, no attachments)")
                }
            case "output": manifest.output = problems.pattern(value, key: k) ?? manifest.output
            case "metadata":
                guard let m = value.mapping else { problems.add(value, "metadata must be a mapping (committee, meeting_date, organisation)"); break }
                for (mk, mv) in m {
                    switch mk.string ?? "" {
                    case "committee": manifest.committee = problems.string(mv, key: "committee")
                    case "organisation": manifest.organisation = problems.string(mv, key: "organisation")
                    case "meeting_date":
                        if let d = problems.string(mv, key: "meeting_date") {
                            if isISODate(d) { manifest.meetingDate = d } else {
                                problems.add(mv, "meeting_date \"\(d)\" is not a date — write YYYY-MM-DD, e.g. 2026-12-03")
                            }
                        }
                    default:
                        problems.add(mk, "unknown metadata key \"\(mk.string ?? "")\" — use committee, meeting_date or organisation")
                    }
                }
            case "documents":
                guard let seq = value.sequence, !seq.isEmpty else {
                    problems.add(value, "documents must be a non-empty list of entries with a template")
                    break
                }
                for item in seq {
                    if let entry = problems.entry(item, folder: folder) { manifest.documents.append(entry) }
                }
            case "pack":
                guard let m = value.mapping else { problems.add(value, "pack must be a mapping with title and file"); break }
                var pack = PackSpec(title: manifest.name, file: "\(manifest.name)-{period}-{lang}.pdf")
                for (pk, pv) in m {
                    switch pk.string ?? "" {
                    case "title": pack.title = problems.string(pv, key: "title") ?? pack.title
                    case "file": pack.file = problems.pattern(pv, key: "file", allowed: ["period", "lang"]) ?? pack.file
                    default: problems.add(pk, "unknown pack key \"\(pk.string ?? "")\" — use title or file")
                    }
                }
                manifest.pack = pack
            default:
                problems.add(key, "unknown key \"\(k)\" — a manifest has \(known.joined(separator: ", "))")
            }
        }
        if map["documents"] == nil { problems.add(root, "the manifest has no `documents:` list — add at least one template") }
        if manifest.languages.isEmpty { manifest.languages = ["de"] }
        if !problems.problems.isEmpty { throw problems.failure }
        return manifest
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}

/// Collects manifest problems with their positions.
final class ManifestProblems {
    let file: String
    var problems: [TemplateProblem] = []
    init(file: String) { self.file = file }

    var failure: TemplateFailure { TemplateFailure(problems) }

    func add(_ node: Node?, _ message: String) {
        problems.append(TemplateProblem(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message))
    }

    func string(_ node: Node, key: String) -> String? {
        guard let s = node.scalar?.string, !s.isEmpty else {
            add(node, "\(key) must be a text")
            return nil
        }
        return s
    }

    func pattern(_ node: Node, key: String, allowed: [String] = ["template", "area", "period", "lang"]) -> String? {
        guard let s = string(node, key: key) else { return nil }
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                add(node, "\(key): unclosed { in \"\(s)\" — placeholders are \(allowed.map { "{\($0)}" }.joined(separator: ", "))")
                return nil
            }
            let name = String(rest[rest.index(after: open)..<close])
            if !allowed.contains(name) {
                add(node, "\(key): unknown placeholder {\(name)} — use \(allowed.map { "{\($0)}" }.joined(separator: ", "))")
                return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        if s.contains("/") && s.split(separator: "/").contains("..") {
            add(node, "\(key): \"..\" would write outside the output folder — use a name inside it")
            return nil
        }
        if !s.hasSuffix(".pdf") { add(node, "\(key): \"\(s)\" must end in .pdf"); return nil }
        return s
    }

    func languages(_ node: Node) -> [String]? {
        let items: [Node] = node.sequence.map(Array.init) ?? [node]
        var result: [String] = []
        for item in items {
            guard let s = item.scalar?.string, let l = Language(tag: s) else {
                add(item, "unknown language \"\(item.scalar?.string ?? "")\" — use de or en")
                continue
            }
            result.append(l == .de ? "de" : "en")
        }
        return result
    }

    func entry(_ node: Node, folder: String) -> ManifestEntry? {
        let line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        guard let map = node.mapping else {
            add(node, "each document entry is a mapping: `- template: stadtteilprofil.md`")
            return nil
        }
        guard let templateNode = map["template"], let template = string(templateNode, key: "template") else {
            add(node, "document entry without `template:` — name a template file next to the manifest")
            return nil
        }
        let resolved = template.hasPrefix("/") ? template : (folder.isEmpty ? template : folder + "/" + template)
        if !FileManager.default.fileExists(atPath: resolved) {
            add(templateNode, "template \"\(template)\" not found (looked for \(resolved)) — paths are relative to the manifest's folder")
        }
        var entry = ManifestEntry(template: template, templatePath: resolved, areas: .templateDefault, parameters: [:],
                                  languages: nil, line: line, column: column)
        for (key, value) in map {
            switch key.string ?? "" {
            case "template": break
            case "areas":
                if let seq = value.sequence {
                    let codes = seq.compactMap { $0.scalar?.string }
                    if codes.count != seq.count || codes.isEmpty { add(value, "areas: a list of area codes as text, e.g. [\"01\", \"03\"]") }
                    entry.areas = .codes(codes)
                } else if let s = value.scalar?.string {
                    if s.lowercased() == "all" { entry.areas = .all }
                    else if let level = AreaLevel(lenient: s) { entry.areas = .level(level) }
                    else { add(value, "areas: \"\(s)\" is not a level — use city, district, subdistrict, all or a list of codes") }
                } else {
                    add(value, "areas: use a level (city, district, subdistrict), all, or a list of codes")
                }
            case "parameters":
                guard let m = value.mapping else { add(value, "parameters must be a mapping of name: value"); break }
                for (pk, pv) in m {
                    guard let k = pk.string, let v = pv.scalar?.string else { add(pv, "parameter values must be texts or numbers"); continue }
                    entry.parameters[k] = v
                }
            case "languages":
                entry.languages = languages(value)
            default:
                add(key, "unknown key \"\(key.string ?? "")\" in a document entry — use template, areas, parameters, languages")
            }
        }
        return entry
    }
}
