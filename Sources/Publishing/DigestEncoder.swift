import Crypto
import Foundation

/// SHA-256 of an `Encodable` value's full content, for deciding whether a document changed since the
/// last run. Same role as hashing its sorted-keys JSON, without the JSON: writing every coordinate of
/// a document's charts as decimal text cost more than a page of typesetting. Every key and element is
/// written with its nesting depth and every scalar with a type tag (strings with their length), so two
/// different values cannot give the same bytes. Keys come in encoding order, which synthesized
/// `Codable` conformances keep stable; dictionaries (whose order changes from process to process) are
/// refused, and the caller falls back to sorted-keys JSON.
enum DigestEncoder {
    struct UnorderedValue: Error {}

    static func sha256Hex<T: Encodable>(_ value: T, appending suffix: [UInt8] = []) throws -> String {
        let sink = Sink()
        var top = Single(sink: sink, depth: 0)
        try top.encode(value)
        sink.bytes += suffix
        return SHA256.hash(data: sink.bytes).map { String(format: "%02x", $0) }.joined()
    }

    final class Sink {
        var bytes: [UInt8] = []
        /// Whether a type is a dictionary or set, asked once per type: a protocol conformance check
        /// on every encoded value cost a tenth of a digest.
        private var unordered: [ObjectIdentifier: Bool] = [:]
        func isUnordered<T>(_ type: T.Type) -> Bool {
            if let known = unordered[ObjectIdentifier(type)] { return known }
            let answer = type is any UnorderedCollection.Type
            unordered[ObjectIdentifier(type)] = answer
            return answer
        }
        func tag(_ t: UInt8) { bytes.append(t) }
        /// Opens a key or an array element at `depth`.
        func mark(_ t: UInt8, depth: Int) { bytes.append(t); integer(UInt32(truncatingIfNeeded: depth)) }
        func integer<I: FixedWidthInteger>(_ i: I) { withUnsafeBytes(of: i.littleEndian) { bytes += $0 } }
        func string(_ s: String) {
            integer(UInt64(s.utf8.count))
            bytes += s.utf8
        }
    }

    struct Writer: Encoder {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            sink.tag(0x7B)  // {
            return KeyedEncodingContainer(Keyed<Key>(sink: sink, depth: depth + 1))
        }
        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            sink.tag(0x5B)  // [
            return Unkeyed(sink: sink, depth: depth + 1)
        }
        func singleValueContainer() -> any SingleValueEncodingContainer { Single(sink: sink, depth: depth) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey] = []
        func key(_ k: Key) { sink.mark(0x4B, depth: depth); sink.string(k.stringValue) }  // K

        mutating func encodeNil(forKey key: Key) throws { self.key(key); sink.tag(0) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            var single = Single(sink: sink, depth: depth)
            try single.encode(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey> {
            self.key(key)
            return Writer(sink: sink, depth: depth).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            return Writer(sink: sink, depth: depth).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { sink.mark(0x53, depth: depth); return Writer(sink: sink, depth: depth) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { self.key(key); return Writer(sink: sink, depth: depth) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey] = []
        var count = 0

        mutating func element() { count += 1; sink.mark(0x2C, depth: depth) }  // ,
        mutating func encodeNil() throws { element(); sink.tag(0) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            element()
            var single = Single(sink: sink, depth: depth)
            try single.encode(value)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            element()
            return Writer(sink: sink, depth: depth).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            element()
            return Writer(sink: sink, depth: depth).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { element(); return Writer(sink: sink, depth: depth) }
    }

    /// Scalars with a type tag each; anything else encodes itself, opening its own container.
    struct Single: SingleValueEncodingContainer {
        let sink: Sink
        let depth: Int
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws { sink.tag(0) }
        mutating func encode(_ value: Bool) throws { sink.tag(value ? 0x74 : 0x66) }
        mutating func encode(_ value: String) throws { sink.tag(0x22); sink.string(value) }
        mutating func encode(_ value: Double) throws { sink.tag(0x64); sink.integer(value.bitPattern) }
        mutating func encode(_ value: Float) throws { try encode(Double(value)) }
        mutating func encode(_ value: Int) throws { sink.tag(0x69); sink.integer(Int64(value)) }
        mutating func encode(_ value: Int8) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int16) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int32) throws { try encode(Int(value)) }
        mutating func encode(_ value: Int64) throws { sink.tag(0x69); sink.integer(value) }
        mutating func encode(_ value: UInt) throws { sink.tag(0x75); sink.integer(UInt64(value)) }
        mutating func encode(_ value: UInt8) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt16) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt32) throws { try encode(UInt(value)) }
        mutating func encode(_ value: UInt64) throws { sink.tag(0x75); sink.integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            // Scalars by type identity (cheap), not by dynamic casts.
            if T.self == String.self, let v = value as? String { return try encode(v) }
            if T.self == Double.self, let v = value as? Double { return try encode(v) }
            if T.self == Int.self, let v = value as? Int { return try encode(v) }
            if T.self == Bool.self, let v = value as? Bool { return try encode(v) }
            if sink.isUnordered(T.self) { throw UnorderedValue() }
            try value.encode(to: Writer(sink: sink, depth: depth))
        }
    }
}

/// Collections whose encoding order is not stable between processes.
protocol UnorderedCollection {}
extension Dictionary: UnorderedCollection {}
extension Set: UnorderedCollection {}
