import Foundation

// The run manifest (JSON) a publish run keeps next to its outputs, for the publishing system that
// picks the files up and for the next run, which skips what did not change. It lists every current
// output in the folder — this run's and earlier runs' whose files are still there unchanged — and is
// rewritten atomically as each document finishes, so a run stopped at any point (SIGTERM, kill -9, a
// crash) leaves a correct one. Schema: Schemas/run-manifest.schema.json (README "Run manifest").

/// The build that wrote a manifest.
public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    /// The git commit the binary was built from (`unknown` outside a checkout).
    public var commit: String

    public init(name: String = "civicbrief", version: String, commit: String) {
        self.name = name; self.version = version; self.commit = commit
    }

    public static let unknown = ToolInfo(version: "unknown", commit: "unknown")
}

public struct ManifestInfo: Codable, Sendable, Equatable {
    public var name: String
    public var path: String
}

public struct AreaRef: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
}

/// What a document was built from, in parts, so a run can say which of them changed.
public struct InputDigests: Codable, Sendable, Equatable {
    /// The store's fingerprint (its whole data state, derived index results included).
    public var store: String
    /// Every template file of the template's folder (partials included).
    public var templates: String
    /// Parameters, period, metadata and output pattern.
    public var settings: String
    /// The renderer build.
    public var renderer: String

    /// Which parts differ from `other`, in words, for `--dry-run` and the run's lines.
    public func changes(since other: InputDigests) -> [String] {
        var out: [String] = []
        if store != other.store { out.append("store data changed") }
        if templates != other.templates { out.append("template files changed") }
        if settings != other.settings { out.append("settings changed (parameters, metadata or output pattern)") }
        if renderer != other.renderer { out.append("new civicbrief build") }
        return out
    }
}

/// The data state a run read: the store's fingerprint, when it was last imported into, and the
/// social index its documents show.
public struct DataState: Codable, Sendable, Equatable {
    public var store: String
    /// Time of the newest import batch (ISO 8601 UTC), nil for a store without imports.
    public var importedAt: String?
    public var socialIndex: IndexUse?

    enum CodingKeys: String, CodingKey { case store, importedAt = "imported_at", socialIndex = "social_index" }
}

/// The stored social index a run's documents show, and what the run did about it.
public struct IndexUse: Codable, Sendable, Equatable {
    public var code: String
    public var period: String
    public var basePeriod: String
    public var computedAt: String
    public var inputDigest: String
    /// The manifest's `social_index: recompute` setting.
    public var recompute: Bool
    /// Whether this run computed (and stored) it.
    public var recomputed: Bool

    enum CodingKeys: String, CodingKey {
        case code, period, basePeriod = "base_period", computedAt = "computed_at", inputDigest = "input_digest",
             recompute, recomputed
    }
}

public struct RunOutput: Codable, Sendable, Equatable {
    /// Stable identity: `template/area/period/language` for a document, `pack/period/language` for a pack.
    public var key: String
    /// `document` or `pack`.
    public var kind: String
    /// Path relative to the output folder.
    public var file: String
    public var title: String
    /// The template as the manifest names it (a pack: the manifest's path).
    public var template: String
    /// The document's area; nil for a pack.
    public var area: AreaRef?
    /// A pack's documents' keys, in order; nil for a document.
    public var members: [String]?
    public var period: String
    public var language: String
    public var pages: Int
    public var bytes: Int
    public var sha256: String
    /// `rendered` or `skipped` by this run; `kept`: an earlier run's output, still in the folder unchanged.
    public var status: String
    /// When the file was written (ISO 8601 UTC).
    public var renderedAt: String
    /// The data state (store fingerprint) the file shows.
    public var dataState: String
    public var inputs: InputDigests
    /// Digest of the document model the PDF was rendered from.
    public var document: String

    enum CodingKeys: String, CodingKey {
        case key, kind, file, title, template, area, members, period, language, pages, bytes, sha256, status,
             renderedAt = "rendered_at", dataState = "data_state", inputs, document
    }
}

public struct RunFailure: Codable, Sendable, Equatable {
    public var key: String
    public var kind: String
    public var template: String
    public var area: String?
    public var period: String
    public var language: String
    /// The intended file, relative to the output folder.
    public var file: String?
    public var reason: String
    /// `input` (a template or data problem, exit 2) or `internal` (exit 3).
    public var category: String
}

public struct RunInfo: Codable, Sendable, Equatable {
    public var started: String
    /// nil while the run is under way.
    public var ended: String?
    /// `running`, `complete`, `failed` (some documents failed) or `interrupted` (a signal).
    public var status: String
    public var shard: String
    /// Rendered, skipped and failed in this run.
    public var rendered: Int
    public var skipped: Int
    public var failed: Int
    /// The combined packs of this run (files relative to the output folder): what to attach.
    public var packs: [String]
}

public struct RunManifest: Codable, Sendable, Equatable {
    public static let schemaVersion = 2

    public var schemaVersion: Int = RunManifest.schemaVersion
    public var tool: ToolInfo
    public var manifest: ManifestInfo
    public var run: RunInfo
    public var periods: ResolvedPeriods?
    public var dataState: DataState?
    public var outputs: [RunOutput]
    public var failures: [RunFailure]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", tool, manifest, run, periods, dataState = "data_state", outputs, failures, warnings
    }

    public init(tool: ToolInfo, manifest: ManifestInfo, run: RunInfo, periods: ResolvedPeriods?, dataState: DataState?,
                outputs: [RunOutput], failures: [RunFailure], warnings: [String]) {
        self.tool = tool; self.manifest = manifest; self.run = run; self.periods = periods; self.dataState = dataState
        self.outputs = outputs; self.failures = failures; self.warnings = warnings
    }

    /// File name inside the output folder: run-manifest.json, or run-manifest-2-of-4.json for a shard.
    public static func fileName(shard: Shard) -> String {
        shard.count == 1 ? "run-manifest.json" : "run-manifest-\(shard.index)-of-\(shard.count).json"
    }

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// A run manifest of this schema version, or nil (missing, unreadable, or written by an older
    /// CivicBrief: its outputs are then rendered again once).
    public static func read(_ url: URL) -> RunManifest? {
        guard let data = try? Data(contentsOf: url),
              let manifest = try? JSONDecoder().decode(RunManifest.self, from: data),
              manifest.schemaVersion == schemaVersion else { return nil }
        return manifest
    }

    /// Joins shard manifests into one: outputs and failures of all, ordered by key; a key present in
    /// several (a re-run shard) keeps the last one given. Run times span all parts.
    public static func merge(_ parts: [RunManifest]) -> RunManifest {
        var outputs: [String: RunOutput] = [:], failures: [String: RunFailure] = [:]
        var warnings: [String] = [], packs: [String] = []
        for part in parts {
            for o in part.outputs { outputs[o.key] = o; failures[o.key] = nil }
            for f in part.failures { failures[f.key] = f; outputs[f.key] = nil }
            for w in part.warnings where !warnings.contains(w) { warnings.append(w) }
            for p in part.run.packs where !packs.contains(p) { packs.append(p) }
        }
        let first = parts.first
        let ended = parts.compactMap(\.run.ended)
        let statuses = Set(parts.map(\.run.status))
        let status = statuses.contains("interrupted") ? "interrupted" : statuses.contains("running") ? "running"
            : (failures.isEmpty ? "complete" : "failed")
        let run = RunInfo(started: parts.map(\.run.started).min() ?? "", ended: ended.count == parts.count ? ended.max() : nil,
                          status: status, shard: "1/1", rendered: parts.map(\.run.rendered).reduce(0, +),
                          skipped: parts.map(\.run.skipped).reduce(0, +), failed: failures.count, packs: packs)
        return RunManifest(tool: first?.tool ?? .unknown, manifest: first?.manifest ?? ManifestInfo(name: "", path: ""), run: run,
                           periods: first?.periods, dataState: first?.dataState,
                           outputs: outputs.keys.sorted().compactMap { outputs[$0] },
                           failures: failures.keys.sorted().compactMap { failures[$0] }, warnings: warnings)
    }
}

/// `--shard I/N`: this process renders the jobs whose position p (0-based, in the manifest's
/// deterministic order) satisfies p mod N == I − 1.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int
    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) { self.index = index; self.count = count }

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i; count = n
    }

    public func contains(position: Int) -> Bool { position % count == index - 1 }
    public var description: String { "\(index)/\(count)" }
}

/// ISO 8601 UTC with seconds, for run times (the wall clock: when things happened, not part of any PDF).
public func isoTimestamp(_ date: Date = Date()) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}
