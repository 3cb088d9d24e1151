import Foundation

/// Thread-safe flag set by SIGINT/SIGTERM; workers stop taking new jobs once it is set.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: Int32 = 0
    public init() {}
    public func cancel(signal: Int32) { lock.withLock { if self.signal == 0 { self.signal = signal } } }
    public var cancelledBy: Int32? { lock.withLock { signal == 0 ? nil : signal } }
}
