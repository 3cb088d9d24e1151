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
    /// Which period the run publishes (README "Publishing": one period for the whole run).
    public var period: PeriodSelection = .latestComplete
    /// How many periods of the run's granularity the resolved period may lie behind the newest data
    /// before the run fails; nil: no limit (the lag is still reported).
    public var maxLag: Int?
    /// Where `period:` and `max_lag:` are written (line, column), for messages about them.
    public var periodPosition: (line: Int, column: Int) = (1, 1)
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
    /// `social_index:` — whether the run computes the social index it shows (see `IndexCheck`).
    public var socialIndex = SocialIndexSetting()

    public static func == (a: PublishManifest, b: PublishManifest) -> Bool {
        a.path == b.path && a.name == b.name && a.period == b.period && a.maxLag == b.maxLag && a.languages == b.languages
            && a.output == b.output && a.committee == b.committee && a.meetingDate == b.meetingDate
            && a.organisation == b.organisation && a.documents == b.documents && a.pack == b.pack && a.socialIndex == b.socialIndex
            && a.pdfStandard == b.pdfStandard
    }

    public init(path: String, name: String, period: PeriodSelection = .latestComplete, maxLag: Int? = nil, languages: [String],
                output: String, committee: String?, meetingDate: String?, organisation: String?, documents: [ManifestEntry],
                pack: PackSpec?, socialIndex: SocialIndexSetting = SocialIndexSetting()) {
        self.path = path; self.name = name; self.period = period; self.maxLag = maxLag; self.languages = languages
        self.output = output; self.committee = committee; self.meetingDate = meetingDate; self.organisation = organisation
        self.documents = documents; self.pack = pack; self.socialIndex = socialIndex
    }

    public static let defaultOutput = "{template}-{area}-{period}-{lang}.pdf"

    /// Reads and validates the manifest's own structure (not its templates: see `Publisher.check`).
    public static func load(path: String) throws(TemplateFailure) -> PublishManifest {
        let problems = ManifestProblems(file: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
            problems.add(nil, isFolder.boolValue ? "is a folder, not a manifest — give a .yaml file" : "manifest not found — check the path")
            throw problems.failure
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            problems.add(nil, "cannot read the manifest (permission denied?) — check that the file is readable")
            throw problems.failure
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.add(nil, "the manifest is not UTF-8 text — save it as UTF-8")
            throw problems.failure
        }
        let root = try readYAML(text, path: path, problems: problems)
        guard let map = root.mapping else {
            problems.add(root, "the manifest must be a mapping with keys such as documents, period, languages, output")
            throw problems.failure
        }
        let folder = (path as NSString).deletingLastPathComponent
        var manifest = PublishManifest(path: path, name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                       languages: [], output: defaultOutput, committee: nil, meetingDate: nil,
                                       organisation: nil, documents: [], pack: nil)
        let known = ["name", "period", "max_lag", "languages", "output", "metadata", "documents", "pack", "social_index", "pdf_standard"]
        for (key, value) in map {
            guard let k = key.string else { continue }
            switch k {
            case "name": manifest.name = problems.string(value, key: k) ?? manifest.name
            case "period":
                guard let p = problems.string(value, key: k) else { break }
                manifest.periodPosition = (value.mark?.line ?? 1, value.mark?.column ?? 1)
                if let selection = PeriodSelection(p) { manifest.period = selection } else {
                    problems.add(value, "cannot read period \"\(p)\" — write latest-complete, latest, 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)")
                }
            case "max_lag":
                if let text = value.scalar?.string, let n = Int(text), n >= 0 { manifest.maxLag = n } else {
                    problems.add(value, "max_lag must be a whole number of periods (0 or more), e.g. max_lag: 1")
                }
            case "social_index": readSocialIndex(value, folder: folder, problems: problems, into: &manifest)
            case "languages": manifest.languages = problems.languages(value) ?? []
            case "pdf_standard":
                guard let s = problems.string(value, key: k) else { break }
                if let standard = PDFStandard(rawValue: s.lowercased()) { manifest.pdfStandard = standard } else {
                    problems.add(value, "pdf_standard \"\(s)\" is not known — use a-3a (PDF/A-3a with the data embedded, the default) or a-2a (PDF/A-2a, no attachments)")
                }
            case "output": manifest.output = problems.pattern(value, key: k) ?? manifest.output
            case "metadata": readMetadata(value, problems: problems, into: &manifest)
            case "documents":
                guard let seq = value.sequence, !seq.isEmpty else {
                    problems.add(value, "documents must be a non-empty list of entries with a template")
                    break
                }
                for item in seq {
                    if let entry = problems.entry(item, folder: folder) { manifest.documents.append(entry) }
                }
            case "pack": readPack(value, problems: problems, into: &manifest)
            default:
                problems.add(key, "unknown key \"\(k)\" — a manifest has \(known.joined(separator: ", "))")
            }
        }
        if map["documents"] == nil { problems.add(root, "the manifest has no `documents:` list — add at least one template") }
        if manifest.languages.isEmpty { manifest.languages = ["de"] }
        if !problems.problems.isEmpty { throw problems.failure }
        return manifest
    }

    /// The manifest's root node; a syntax error is reported at its place.
    private static func readYAML(_ text: String, path: String, problems: ManifestProblems) throws(TemplateFailure) -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
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
        guard let node else {
            problems.add(nil, "the manifest is empty — it needs at least `documents:`")
            throw problems.failure
        }
        return node
    }

    /// `social_index: {recompute, definition}` (the definition's path relative to the manifest's folder).
    private static func readSocialIndex(_ value: Node, folder: String, problems: ManifestProblems, into manifest: inout PublishManifest) {
        guard let m = value.mapping else { problems.add(value, "social_index must be a mapping, e.g. {recompute: true}"); return }
        for (sk, sv) in m {
            switch sk.string ?? "" {
            case "recompute":
                switch sv.scalar?.string.lowercased() {
                case "true", "yes", "on": manifest.socialIndex.recompute = true
                case "false", "no", "off": manifest.socialIndex.recompute = false
                default: problems.add(sv, "recompute must be true or false")
                }
            case "definition":
                guard let d = problems.string(sv, key: "definition") else { break }
                let resolved = d.hasPrefix("/") ? d : (folder.isEmpty ? d : folder + "/" + d)
                if FileManager.default.fileExists(atPath: resolved) { manifest.socialIndex.definition = resolved } else {
                    problems.add(sv, "index definition \"\(d)\" not found (looked for \(resolved)) — paths are relative to the manifest's folder")
                }
            default:
                problems.add(sk, "unknown social_index key \"\(sk.string ?? "")\" — use recompute or definition")
            }
        }
    }

    /// `metadata: {committee, meeting_date, organisation}`.
    private static func readMetadata(_ value: Node, problems: ManifestProblems, into manifest: inout PublishManifest) {
        guard let m = value.mapping else { problems.add(value, "metadata must be a mapping (committee, meeting_date, organisation)"); return }
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
    }

    /// `pack: {title, file}`; without them the manifest's name.
    private static func readPack(_ value: Node, problems: ManifestProblems, into manifest: inout PublishManifest) {
        guard let m = value.mapping else { problems.add(value, "pack must be a mapping with title and file"); return }
        var pack = PackSpec(title: manifest.name, file: "\(manifest.name)-{period}-{lang}.pdf")
        for (pk, pv) in m {
            switch pk.string ?? "" {
            case "title": pack.title = problems.string(pv, key: "title") ?? pack.title
            case "file": pack.file = problems.pattern(pv, key: "file", allowed: ["period", "lang"]) ?? pack.file
            default: problems.add(pk, "unknown pack key \"\(pk.string ?? "")\" — use title or file")
            }
        }
        manifest.pack = pack
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
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        if s.hasPrefix("/") || parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) || s.contains("\\") {
            add(node, "\(key): \"\(s)\" would not stay inside the output folder — write a relative name without \"..\", \".\", \"//\" or \"\\\"")
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
