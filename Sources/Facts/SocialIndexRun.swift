import Foundation
import IndicatorStore

/// A computed index with its provenance: the definition (file, SHA-256 and every parameter), the
/// periods, a digest of every input value it was computed from, and when. The store keeps it as a
/// `StoredIndexRun`, with the definition as JSON it does not interpret.
public struct IndexRun: Hashable, Sendable {
    public var definition: SocialIndexDefinition
    public var period: Period
    public var basePeriod: Period
    /// SHA-256 of the input observations and area populations (see `IndexInputs.digest`).
    public var inputDigest: String
    public var inputCount: Int
    /// ISO 8601 UTC; from SOURCE_DATE_EPOCH when set.
    public var computedAt: String
    public var results: [IndexAreaResult]

    public init(definition: SocialIndexDefinition, period: Period, basePeriod: Period, inputDigest: String,
                inputCount: Int, computedAt: String, results: [IndexAreaResult]) {
        self.definition = definition; self.period = period; self.basePeriod = basePeriod; self.inputDigest = inputDigest
        self.inputCount = inputCount; self.computedAt = computedAt; self.results = results
    }

    /// The run as the store returned it; nil when its definition JSON cannot be read (written by
    /// another version), so it is not shown rather than misread.
    public init?(_ stored: StoredIndexRun) {
        guard let definition = try? JSONDecoder().decode(SocialIndexDefinition.self, from: Data(stored.definitionJSON.utf8)) else {
            return nil
        }
        self.init(definition: definition, period: stored.period, basePeriod: stored.basePeriod, inputDigest: stored.inputDigest,
                  inputCount: stored.inputCount, computedAt: stored.computedAt, results: stored.results)
    }

    /// The run as the store keeps it (the definition as JSON with sorted keys).
    public func stored() throws -> StoredIndexRun {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(definition), as: UTF8.self)
        return StoredIndexRun(definitionCode: definition.code, definitionFile: definition.file, definitionSHA256: definition.sha256,
                              definitionJSON: json, level: definition.level, period: period, basePeriod: basePeriod,
                              inputDigest: inputDigest, inputCount: inputCount, computedAt: computedAt, results: results)
    }
}

extension SocialIndex {
    /// The current stored run of each definition (or of `code`), newest period first.
    public static func storedRuns(in store: IndicatorStore, definition code: String? = nil) throws -> [IndexRun] {
        try store.indexRuns(definition: code).compactMap(IndexRun.init)
    }

    /// Stores `run` as the current result of its definition and period (see `IndicatorStore.saveIndexRun`):
    /// false when an identical run is current already.
    @discardableResult
    public static func save(_ run: IndexRun, storePath: String) throws -> Bool {
        try IndicatorStore.saveIndexRun(try run.stored(), path: storePath)
    }
}
