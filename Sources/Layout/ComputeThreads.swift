import Foundation

/// How many threads of this process may compute at once. The typesetter borrows an idle core for
/// measuring (`Typesetter.measuresInParallel`) only while fewer than `limit` threads are busy, so
/// `civicbrief publish --jobs N` keeps to N busy threads — `--jobs 1` is one core — and a run's
/// last document still gets the core the others have left. Single-document commands have all cores.
public final class ComputeThreads: @unchecked Sendable {
    public static let shared = ComputeThreads(limit: ProcessInfo.processInfo.activeProcessorCount)

    private let lock = NSLock()
    private var _limit: Int
    /// The process's first thread counts as busy until it hands its work to others.
    private var busy = 1

    init(limit: Int) { _limit = max(1, limit) }

    public var limit: Int {
        get { lock.withLock { _limit } }
        set { lock.withLock { _limit = max(1, newValue) } }
    }

    /// The calling thread starts computing (always allowed: its work was handed to it).
    public func begin() { lock.withLock { busy += 1 } }

    /// The calling thread stops computing (finished, or waiting for others).
    public func end() { lock.withLock { busy -= 1 } }

    /// Starts one more computing thread if the limit allows; `end()` when it is done.
    public func tryBegin() -> Bool {
        lock.withLock {
            guard busy < _limit else { return false }
            busy += 1
            return true
        }
    }
}
