import Foundation

/// How one job of a run ended: the run manifest's entry and the progress line come from it.
public enum JobOutcome: Sendable {
    case rendered(RunOutput, milliseconds: Double, reason: String)
    case skipped(RunOutput, reason: String)
    case failed(RunFailure, userError: Bool)
    case cancelled

    var key: String? {
        switch self {
        case .rendered(let o, _, _), .skipped(let o, _): o.key
        case .failed(let f, _): f.key
        case .cancelled: nil
        }
    }
}
