import Foundation

// The run manifest (JSON) a publish run writes next to its outputs: every file with what it is, its
// bytes' sha256 and the digests of what it was built from. The next run reads it to skip documents
// whose inputs did not change; shards each write one and `merge` joins them.

public struct RunOutput: Codable, Sendable, Equatable {
    /// Stable identity of the job: template|area|language, or pack|language.
    public var key: String
    /// "document" or "pack".
    public var kind: String
    /// Path relative to the output folder.
    public var file: String
    public var template: String
    public var area: String?
    public var period: String
    public var language: String
    public var pages: Int
    public var sha256: String
    /// Digest of the inputs: store fingerprint, template files, parameters, metadata, renderer build.
    public var inputs: String
    /// Digest of the document model the PDF was rendered from.
    public var document: String
    /// "rendered" or "skipped" in this run.
    public var status: String
}

public struct RunFailure: Codable, Sendable, Equatable {
    public var key: String
    public var template: String
    public var area: String?
    public var language: String
    public var reason: String
}

public struct RunManifest: Codable, Sendable, Equatable {
    public var manifest: String
    /// "I/N".
    public var shard: String
    public var outputs: [RunOutput]
    public var failures: [RunFailure]

    public init(manifest: String, shard: String, outputs: [RunOutput], failures: [RunFailure]) {
        self.manifest = manifest; self.shard = shard; self.outputs = outputs; self.failures = failures
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

    public static func read(_ url: URL) -> RunManifest? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(RunManifest.self, from: data)
    }

    /// Joins shard manifests into one: outputs and failures of all, ordered by key; a key present in
    /// several (a re-run shard) keeps the last one given.
    public static func merge(_ parts: [RunManifest]) -> RunManifest {
        var outputs: [String: RunOutput] = [:], failures: [String: RunFailure] = [:]
        for part in parts {
            for o in part.outputs { outputs[o.key] = o; failures[o.key] = nil }
            for f in part.failures { failures[f.key] = f; outputs[f.key] = nil }
        }
        return RunManifest(manifest: parts.first?.manifest ?? "", shard: "1/1",
                           outputs: outputs.keys.sorted().compactMap { outputs[$0] },
                           failures: failures.keys.sorted().compactMap { failures[$0] })
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
