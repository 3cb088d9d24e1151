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
