import Foundation

/// Values one worker thread computed for others (briefings, document digests), by key, behind a lock.
final class LockedCache<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    func get(_ key: String) -> Value? { lock.withLock { entries[key] } }
    func put(_ key: String, _ value: Value) { lock.withLock { entries[key] = value } }
}
