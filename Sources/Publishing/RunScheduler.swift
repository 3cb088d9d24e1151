import Foundation
import Layout

/// When each job of a run is done and on which thread: the order jobs are handed out in, the work
/// queue, and the worker threads that take from it. It knows nothing of what a job does (`execute`,
/// see JobExecution.swift) — only that a pack waits for its documents' measured text.
struct RunScheduler {
    /// This shard's jobs, in the run's deterministic order (outcomes are kept by this index).
    let jobs: [PublishJob]
    /// Slot → index into `jobs`: the order threads take them in.
    let order: [Int]
    let handoff: MeasuredHandoff
    let queue: WorkQueue

    init(jobs: [PublishJob], handoff: MeasuredHandoff, isolating: Bool) {
        self.jobs = jobs
        self.handoff = handoff
        order = Self.order(jobs, handoff: handoff, isolating: isolating)
        queue = WorkQueue(count: jobs.count)
    }

    /// A pack's documents first, then the pack (it waits for them to be measured and places their
    /// text, while the other threads draw those documents' own PDFs), then all other documents.
    /// Every document a pack waits for is handed to a thread before the pack is, so it never waits
    /// for a job that no thread has taken. While isolating a crash the documents come first: a pack
    /// then knows which of its documents crashed.
    static func order(_ jobs: [PublishJob], handoff: MeasuredHandoff, isolating: Bool) -> [Int] {
        let first = jobs.indices.filter { jobs[$0].kind == .document && handoff.expects(jobs[$0].key) }
        let rest = jobs.indices.filter { jobs[$0].kind == .document && !handoff.expects(jobs[$0].key) }
        let packs = jobs.indices.filter { jobs[$0].kind == .pack }
        return isolating ? rest + packs : first + packs + rest
    }

    /// The job at `index` is not run: its outcome is known (an earlier attempt finished it, or it crashed one).
    func settle(_ index: Int, _ outcome: JobOutcome) {
        queue.record(index, outcome)
        queue.skip(slot: order.firstIndex(of: index) ?? 0)
    }

    /// Runs every job not settled on `workers` threads and returns when all are done (or, after
    /// `cancelled` turns true, when the jobs begun are). `reader(worker)` gives a thread what it reads
    /// through and what to close after; `execute` does a job's first turn; `finished` hears each
    /// outcome as it happens, on the thread that produced it. `--jobs N` means N busy threads, the
    /// typesetter's helpers included (`ComputeThreads`), so the calling thread, which only waits, does
    /// not count while it waits.
    func run<Reader: Sendable>(workers: Int, computeLimit: Int, reader: (Int) -> (Reader, close: (@Sendable () -> Void)?),
                     cancelled: @escaping @Sendable () -> Bool,
                     execute: @escaping @Sendable (PublishJob, Reader) -> JobStep,
                     finished: @escaping @Sendable (Int, JobOutcome) -> Void) {
        let computing = ComputeThreads.shared
        let previousLimit = computing.limit
        computing.limit = computeLimit
        computing.end()
        defer { computing.begin(); computing.limit = previousLimit }
        let group = DispatchGroup()
        for worker in 0..<workers {
            let (source, close) = reader(worker)
            group.enter()
            computing.begin()
            let thread = Thread { [self] in
                defer { computing.end(); close?() }
                work(on: source, cancelled: cancelled, execute: execute, finished: finished)
                group.leave()
            }
            thread.stackSize = 8 << 20  // Stencil and the layout recurse deeper than the default 512 KB
            thread.start()
        }
        group.wait()
    }

    /// One worker thread's loop: take work until the queue has none for it.
    private func work<Reader>(on source: Reader, cancelled: () -> Bool, execute: (PublishJob, Reader) -> JobStep,
                              finished: (Int, JobOutcome) -> Void) {
        while let task = queue.next(cancelled: cancelled(), packed: { slot in
            handoff.expects(jobs[order[slot]].key)
        }, ready: { slot in
            jobs[order[slot]].kind != .pack || jobs[order[slot]].members.allSatisfy { !handoff.isPending($0.key) }
        }) {
            let index: Int, step: JobStep
            switch task {
            case .job(let slot):
                index = order[slot]
                step = execute(jobs[index], source)
            case .rest(let i, let rest):
                index = i
                step = rest()
            }
            switch step {
            case .done(let outcome):
                queue.record(index, outcome)
                finished(index, outcome)
            case .then(let urgent, let next):
                queue.postpone(index, urgent: urgent, next)
            }
        }
    }
}
