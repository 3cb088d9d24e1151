import Foundation

/// Hands out work to worker threads and collects their outcomes: jobs in order (by slot), and the
/// postponed rest of jobs already begun (see `JobStep`).
final class WorkQueue: @unchecked Sendable {
    enum Task {
        case job(slot: Int)
        case rest(index: Int, () -> JobStep)
    }
    private let lock = NSLock()
    private var nextIndex = 0
    private var skipped: Set<Int> = []
    private var urgent: [(index: Int, run: () -> JobStep)] = []
    private var rests: [(index: Int, run: () -> JobStep)] = []
    private(set) var outcomes: [JobOutcome?]
    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    /// First the briefings of a pack's documents (`packed`: they come first in the order), so all of
    /// them are under way as early as possible; then urgent postponed work (measuring what a pack
    /// waits for); then the next job — unless it would only wait (`ready` is false: a pack whose
    /// documents are still being measured) while postponed work is there to do. Postponed work is done
    /// even after a cancellation: its job has begun, and finishing it loses nothing. Nil: nothing left
    /// for this thread (whoever postpones work later does it itself). Since urgent work comes before
    /// any pack, a thread never waits in a pack while the work that pack waits for sits here.
    func next(cancelled: Bool, packed: (Int) -> Bool, ready: (Int) -> Bool) -> Task? {
        lock.withLock {
            while skipped.contains(nextIndex) { nextIndex += 1 }
            let jobLeft = !cancelled && nextIndex < outcomes.count
            if jobLeft, packed(nextIndex) {
                defer { nextIndex += 1 }
                return .job(slot: nextIndex)
            }
            if !urgent.isEmpty {
                let step = urgent.removeFirst()
                return .rest(index: step.index, step.run)
            }
            if jobLeft, rests.isEmpty || ready(nextIndex) {
                defer { nextIndex += 1 }
                return .job(slot: nextIndex)
            }
            if !rests.isEmpty {
                let rest = rests.removeFirst()
                return .rest(index: rest.index, rest.run)
            }
            return nil
        }
    }

    func postpone(_ index: Int, urgent isUrgent: Bool, _ step: @escaping () -> JobStep) {
        lock.withLock { if isUrgent { urgent.append((index, step)) } else { rests.append((index, step)) } }
    }

    func record(_ index: Int, _ outcome: JobOutcome) { lock.withLock { outcomes[index] = outcome } }

    /// The job in `slot` is not handed out (its outcome is known already).
    func skip(slot: Int) { lock.withLock { _ = skipped.insert(slot) } }
}

/// What a job's turn on a thread produced: its outcome, or — for a pack's document — the rest of
/// its work (measuring, then drawing its own PDF), which any thread may do later.
indirect enum JobStep {
    case done(JobOutcome)
    /// The job goes on with `next`, on whichever thread is free: soon (`urgent`: work a pack waits
    /// for) or after the jobs not yet begun.
    case then(urgent: Bool, next: @Sendable () -> JobStep)
}
