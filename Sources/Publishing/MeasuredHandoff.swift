import Foundation
import Layout

/// Hands a document job's measured text to the pack job of the same run, which waits for it:
/// the pack places it instead of shaping the same text again. Every expected document is delivered
/// exactly once — measured, or nil when its job failed, was skipped or measured nothing
/// (the pack then measures that document itself).
final class MeasuredHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: Set<String>
    private let expected: Set<String>
    private var delivered: [String: MeasuredDocument] = [:]

    init(expecting keys: Set<String>) {
        pending = keys
        expected = keys
    }

    func expects(_ key: String) -> Bool { expected.contains(key) }

    /// Whether `key` is still to be delivered (a `take` would wait).
    func isPending(_ key: String) -> Bool { condition.withLock { pending.contains(key) } }

    /// Later deliveries for the same key are ignored.
    func deliver(_ key: String, _ measured: MeasuredDocument?) {
        condition.lock()
        defer { condition.unlock() }
        guard pending.remove(key) != nil else { return }
        if let measured { delivered[key] = measured }
        condition.broadcast()
    }

    /// The measured document of `key`, waiting while its job is still to deliver it; nil at once for
    /// a key nobody delivers.
    func take(_ key: String) -> MeasuredDocument? {
        condition.lock()
        defer { condition.unlock() }
        if pending.contains(key) {
            // Waiting is not computing: the document's job may borrow this core to measure faster.
            ComputeThreads.shared.end()
            while pending.contains(key) { condition.wait() }
            ComputeThreads.shared.begin()
        }
        return delivered.removeValue(forKey: key)
    }
}
