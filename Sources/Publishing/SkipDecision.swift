import Document
import Facts
import Foundation
import IndicatorStore
import Narrative

// Whether a job is skipped, rendered or failed, and why — everything short of drawing the PDF, so
// `--dry-run` decides exactly as the run does. Skipping has two levels (README "Run manifest and
// skipping"): identical inputs (store fingerprint, template files, settings, renderer) give identical
// bytes, so the job is skipped without building anything; else the briefing is built, and when its
// document's digest equals the one on disk its bytes would be the same, so it is skipped too.

/// What `decide` found for a job: what the run does with it, and why.
public enum Decision: Sendable {
    case skip(RunOutput, reason: String)
    case render(Prepared, reason: String)
    case fail(RunFailure, userError: Bool)

    public var action: String {
        switch self {
        case .skip: "skip"
        case .render: "render"
        case .fail: "fail"
        }
    }

    public var reason: String {
        switch self {
        case .skip(_, let r), .render(_, let r): r
        case .fail(let f, _): f.reason
        }
    }
}

/// A job ready to be drawn: its content and its run-manifest entry without the PDF's numbers.
public struct Prepared: Sendable {
    let content: Content
    var output: RunOutput
}

/// What a job renders: one briefing, or the pack of several.
enum Content {
    case document(Document)
    case pack(PackDocument)

    /// Digest of everything a document's PDF bytes depend on besides the renderer (`suffix`): the run
    /// manifest's `document` (a pack's combines its cover's and its sections').
    static func digest(_ document: Document, appending suffix: [UInt8]) throws -> String {
        do { return try DigestEncoder.sha256Hex(document, appending: suffix) } catch {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Checksum.sha256Hex(Array(try encoder.encode(document)) + suffix)
        }
    }
}

extension Publisher {
    /// `store` is the run's snapshot or one showing the same data state (see `run`).
    static func decide(_ job: PublishJob, context: RunContext, store snapshot: IndicatorStore) -> Decision {
        let manifest = context.manifest, options = context.options, fingerprint = context.fingerprint
        func failed(_ reason: String, user: Bool) -> Decision { .fail(job.failure(reason: reason, user: user), userError: user) }
        let members = job.kind == .pack ? job.members : [job]
        if let crashed = members.first(where: { context.crashed[$0.key] != nil }), job.kind == .pack {
            return failed("its document \(crashed.key) crashed civicbrief; the pack is not made without it", user: false)
        }

        // Level 1: identical inputs → identical bytes, skip without building anything.
        let inputs = inputDigests(job, manifest: manifest, options: options, fingerprint: fingerprint, templates: context.templates)
        let previous = context.previous.all[job.key]
        let onDisk = context.previous.valid[job.key] != nil
        if !options.force, var prev = previous, onDisk, prev.inputs == inputs {
            prev.status = "skipped"
            return .skip(prev, reason: "unchanged inputs")
        }
        let why: String = options.force ? "forced (--force)"
            : previous == nil ? "new"
            : !onDisk ? "the file was changed or removed since it was written"
            : previous.map { inputs.changes(since: $0.inputs).joined(separator: "; ") } ?? "new"

        let briefings: [Briefing]
        switch self.briefings(of: job, context: context, store: snapshot) {
        case .failure(let problem): return failed(problem.reason, user: true)
        case .success(let built): briefings = built
        }
        guard !briefings.isEmpty else { return failed("the pack has no documents", user: true) }
        let documents = briefings.map { applyMetadata($0.document, manifest: manifest, period: $0.period) }
        let content: Content, title: String
        if job.kind == .pack, let pack = manifest.pack {
            let periodText = Formatting(job.language.lowercased().hasPrefix("en") ? .en : .de).period(job.period)
            content = .pack(Pack.assemble(documents, title: pack.title, manifest: manifest, language: job.language,
                                          date: documentDate(manifest: manifest, period: job.period), period: periodText))
            title = pack.title
        } else {
            content = .document(documents[0])
            title = documents[0].metadata.title
        }
        let documentDigest: String
        do { documentDigest = try digest(of: content, documents: documents, job: job, context: context) } catch {
            return failed("cannot encode the document: \(error)", user: false)
        }
        let area = job.kind == .pack ? nil : AreaRef(code: briefings[0].areaCode, name: job.areaName ?? briefings[0].areaCode)
        let output = RunOutput(key: job.key, kind: job.kind.rawValue, file: job.file, title: title, template: job.template,
                               area: area, members: job.kind == .pack ? members.map(\.key) : nil, period: job.period.description,
                               language: job.language, pages: 0, bytes: 0, sha256: "", status: "rendered",
                               renderedAt: "", dataState: fingerprint, inputs: inputs, document: documentDigest)
        // Level 2: the data changed, but not this document → its bytes would be the same.
        if !options.force, var prev = previous, onDisk, prev.document == documentDigest, prev.file == job.file {
            prev.status = "skipped"; prev.inputs = inputs; prev.dataState = fingerprint; prev.title = title
            return .skip(prev, reason: "unchanged document (\(why) elsewhere)")
        }
        return .render(Prepared(content: content, output: output), reason: why)
    }

    /// Why a job's briefing could not be built: every problem of its template, one per line.
    struct BriefingProblem: Error { var reason: String }

    /// The briefings of a job (a pack: of its documents) from the snapshot. A pack's documents are the
    /// same briefings as the document jobs', so they are shared through a cache (keyed by the store
    /// fingerprint too, for safety).
    private static func briefings(of job: PublishJob, context: RunContext, store snapshot: IndicatorStore)
        -> Result<[Briefing], BriefingProblem> {
        var briefings: [Briefing] = []
        let facts: FactsBuilder
        do { facts = try FactsBuilder(store: snapshot) } catch {
            return .failure(BriefingProblem(reason: "cannot read the indicator store: \(error)"))
        }
        for m in job.kind == .pack ? job.members : [job] {
            let cacheKey = Checksum.sha256Hex(Array("\(context.fingerprint)|\(m.key)|\(context.templates.digest(of: m.templatePath))|\(m.parameters.sorted { $0.key < $1.key })".utf8))
            if let cached = context.briefings.get(cacheKey) { briefings.append(cached); continue }
            do {
                let briefing = try BriefingRenderer.render(request(m, standard: context.manifest.pdfStandard), facts: facts)
                context.briefings.put(cacheKey, briefing)
                briefings.append(briefing)
            } catch {
                let reason = error.problems.map(\.description).joined(separator: "\n")
                return .failure(BriefingProblem(reason: job.kind == .pack ? "its document \(m.key) failed: \(reason)" : reason))
            }
        }
        return .success(briefings)
    }

    /// The run manifest's `document` digest of `content`. A document's is kept for the packs that
    /// contain it; a pack's combines its cover's and its sections', where a section that is its document
    /// as that document's job rendered it reuses that job's digest (encoding a document with its maps
    /// takes milliseconds).
    private static func digest(of content: Content, documents: [Document], job: PublishJob, context: RunContext) throws -> String {
        let suffix = Array(context.options.renderer.utf8)
        switch content {
        case .document(let document):
            let digest = try Content.digest(document, appending: suffix)
            context.digests.put(job.key, digest)
            return digest
        case .pack(let pack):
            var parts = [try Content.digest(pack.cover, appending: suffix)]
            for (i, section) in pack.sections.enumerated() {
                if section == documents[i], let known = context.digests.get(job.members[i].key) {
                    parts.append(known)
                } else {
                    parts.append(try Content.digest(section, appending: suffix))
                }
            }
            return Checksum.sha256Hex(Array(("pack\n" + parts.joined(separator: "\n")).utf8))
        }
    }

    /// The parts of what a job's bytes depend on besides the renderer's code: store fingerprint,
    /// template files, settings (period, metadata, output pattern, parameters) and the renderer build.
    static func inputDigests(_ job: PublishJob, manifest: PublishManifest, options: PublishOptions, fingerprint: String,
                             templates: TemplateDigests) -> InputDigests {
        var settings = "\(job.key)\nperiod=\(job.period)\n"
        settings += "meta=\(manifest.committee ?? "")|\(manifest.meetingDate ?? "")|\(manifest.organisation ?? "")\n"
        if let standard = manifest.pdfStandard { settings += "pdf_standard=\(standard.rawValue)\n" }
        if job.kind == .pack { settings += "pack=\(manifest.pack?.title ?? "")|\(manifest.pack?.file ?? "")\n" }
        else { settings += "output=\(manifest.output)\n" }
        var files = ""
        for m in job.kind == .pack ? job.members : [job] {
            files += "\(m.key) \(templates.digest(of: m.templatePath))\n"
            settings += m.key + " " + m.parameters.keys.sorted().map { "\($0)=\(m.parameters[$0] ?? "")" }.joined(separator: "&") + "\n"
        }
        return InputDigests(store: fingerprint, templates: Checksum.sha256Hex(Array(files.utf8)),
                            settings: Checksum.sha256Hex(Array(settings.utf8)), renderer: options.renderer)
    }
}
