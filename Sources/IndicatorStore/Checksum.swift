import Crypto

/// SHA-256 digests for import provenance (and, later, run manifests), via swift-crypto.
public enum Checksum {
    /// Lower-case hex SHA-256 digest.
    public static func sha256Hex<C: Collection>(_ data: C) -> String where C.Element == UInt8 {
        SHA256.hash(data: Array(data)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// The SHA-256 an import records for a file (`import_batch.sha256`). It is the hash of the file's bytes
/// — unless the import discards values from it (a value, numerator or denominator given for a
/// suppressed or missing cell, or a cell the confidentiality rule suppresses): then it is the hash of
/// the file's text, as UTF-8 without byte-order mark, with those cells emptied. A hash of the raw file
/// would let anyone confirm a guessed suppressed value by hashing the file with that guess.
struct FileDigest: Sendable {
    /// Of the bytes as read.
    var raw: String
    /// The decoded text, and where each observation's value, numerator and denominator are in it.
    var text: String? = nil
    var valueCells: [Observation.Key: [Range<String.Index>]] = [:]
    /// Cells the import discards whatever the store holds.
    var discarded: [Range<String.Index>] = []

    /// The digest to record when the cells of `suppressed` are discarded as well.
    func sha256(alsoDiscarding suppressed: Set<Observation.Key> = []) -> String {
        guard let text else { return raw }
        let cut = (discarded + suppressed.flatMap { valueCells[$0] ?? [] }).sorted { $0.lowerBound < $1.lowerBound }
        guard !cut.isEmpty else { return raw }
        var kept = ""
        var position = text.startIndex
        for range in cut where range.lowerBound >= position {
            kept += text[position..<range.lowerBound]
            position = range.upperBound
        }
        kept += text[position...]
        return Checksum.sha256Hex(Array(kept.utf8))
    }
}
