import Foundation
import Support

// What a publish run tells the person watching: on a terminal a progress bar with counts and an
// estimate, redrawn in place; otherwise (a log, NO_COLOR, --quiet) one plain line per document.
// Always a summary at the end (printed by the command).

public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable { case bar, lines }
    private let lock = NSLock()
    private let style: Style
    private let write: @Sendable (String) -> Void
    private var total = 0, rendered = 0, skipped = 0, failed = 0
    private var started = ContinuousClock.now

    public init(style: Style, write: @escaping @Sendable (String) -> Void) {
        self.style = style
        self.write = write
    }

    /// The bar only on an interactive terminal, and not when NO_COLOR or --quiet ask for plain output.
    public static func style(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        (isatty(STDERR_FILENO) == 1 && !quiet && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb") ? .bar : .lines
    }

    func start(total: Int) {
        lock.withLock {
            self.total = total
            started = ContinuousClock.now
            if style == .bar { write(bar()) }
        }
    }

    /// `replayed`: an outcome an earlier worker of this run already reported (after a crash): counted, not printed again.
    func finished(job: PublishJob, outcome: JobOutcome, replayed: Bool = false) {
        lock.withLock {
            var line: String?
            switch outcome {
            case .rendered(let o, let ms, let reason):
                rendered += 1
                line = "rendered \(o.file) (\(o.pages) pages, \(Int(ms.rounded())) ms): \(reason)"
            case .skipped(let o, let reason):
                skipped += 1
                line = "skipped  \(o.file) (\(reason))"
            case .failed(let f, _):
                failed += 1
                line = "FAILED   \(f.key): \(f.reason)"
            case .cancelled:
                line = nil
            }
            if replayed { line = nil }
            switch style {
            case .lines:
                if let line { write(line + "\n") }
            case .bar:
                if case .failed = outcome, let line { write("\r\u{1B}[2K" + line + "\n") }
                write(bar())
            }
        }
    }

    /// A message outside the per-document lines (e.g. waiting for a lock).
    public func note(_ text: String) {
        lock.withLock { write((style == .bar ? "\r\u{1B}[2K" : "") + text + "\n") }
    }

    /// Clears the bar before the summary.
    public func end() {
        lock.withLock { if style == .bar { write("\r\u{1B}[2K") } }
    }

    private func bar() -> String {
        let done = rendered + skipped + failed
        let width = 24
        let filled = total == 0 ? width : width * done / total
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        var estimate = ""
        if done > 0 && done < total {
            estimate = String(format: " · ~%.0f s left", seconds / Double(done) * Double(total - done))
        }
        return "\r\u{1B}[2K[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            + "] \(done)/\(total) · \(rendered) rendered · \(skipped) skipped · \(failed) failed" + estimate
    }
}

/// Routes SIGINT and SIGTERM to a cancellation flag: running documents finish (their files are written
/// atomically), no new ones start, and the command exits with 128 + the signal number.
public enum SignalTrap {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func install(_ flag: CancellationFlag, onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                flag.cancel(signal: sig)
                onSignal(sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
