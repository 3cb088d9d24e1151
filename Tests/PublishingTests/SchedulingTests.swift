import Foundation
import IndicatorStore
import Testing
@testable import Publishing

/// The publish scheduler without rendering: the order jobs are handed out in, what the work queue
/// hands a thread next, and that the worker threads run every job once, continue postponed steps and
/// stop taking new jobs once cancelled.
@Suite struct SchedulingTests {
    func job(_ key: String, pack members: [PublishJob] = []) -> PublishJob {
        PublishJob(kind: members.isEmpty ? .document : .pack, key: key, template: "t.md", templatePath: "t.md", area: nil,
                   areaName: nil, period: Period("2026-10")!, language: "de", parameters: [:], file: key + ".pdf", members: members)
    }

    func failed(_ job: PublishJob) -> JobOutcome { .failed(job.failure(reason: "test", user: true), userError: true) }

    @Test func aPacksDocumentsComeFirstThenThePackThenTheRest() {
        let a = job("a"), b = job("b"), c = job("c"), d = job("d")
        let jobs = [a, b, c, d, job("pack", pack: [b, d])]
        let handoff = MeasuredHandoff(expecting: ["b", "d"])
        #expect(RunScheduler.order(jobs, handoff: handoff, isolating: false) == [1, 3, 4, 0, 2])
        // Isolating a crash: every document before the pack, which then knows which of them crashed.
        #expect(RunScheduler.order(jobs, handoff: MeasuredHandoff(expecting: []), isolating: true) == [0, 1, 2, 3, 4])
    }

    @Test func theQueueHandsOutPackedJobsThenUrgentWorkThenJobsAndHoldsBackAPackThatWouldWait() {
        let queue = WorkQueue(count: 4)
        let packed: (Int) -> Bool = { $0 == 0 }
        var packReady = false
        let ready: (Int) -> Bool = { $0 != 1 || packReady }  // slot 1 is a pack
        func next(cancelled: Bool = false) -> String {
            switch queue.next(cancelled: cancelled, packed: packed, ready: ready) {
            case .job(let slot)?: "job \(slot)"
            case .rest(let index, _)?: "rest \(index)"
            case nil: "nothing"
            }
        }
        queue.postpone(7, urgent: true) { .done(.cancelled) }
        #expect(next() == "job 0", "a pack's document is started before urgent work")
        #expect(next() == "rest 7", "urgent work (what a pack waits for) before the next job")
        queue.postpone(8, urgent: false) { .done(.cancelled) }
        #expect(next() == "rest 8", "a pack whose documents are being measured would only wait: other work first")
        #expect(next() == "job 1", "with nothing else to do the pack is handed out (its thread waits there)")
        queue.skip(slot: 2)
        packReady = true
        #expect(next() == "job 3", "a settled slot is passed over")
        #expect(next() == "nothing")
    }

    @Test func afterACancellationOnlyWorkBegunIsHandedOut() {
        let queue = WorkQueue(count: 3)
        queue.postpone(0, urgent: false) { .done(.cancelled) }
        if case .rest(let index, _)? = queue.next(cancelled: true, packed: { _ in false }, ready: { _ in true }) {
            #expect(index == 0)
        } else {
            Issue.record("the rest of a job begun is still done")
        }
        #expect(queue.next(cancelled: true, packed: { _ in false }, ready: { _ in true }) == nil)
    }

    @Test func workersRunEveryJobOnceContinueItsStepsAndSkipSettledOnes() {
        let jobs = (0..<6).map { job("j\($0)") }
        let scheduler = RunScheduler(jobs: jobs, handoff: MeasuredHandoff(expecting: []), isolating: false)
        scheduler.settle(2, failed(jobs[2]))
        let log = Log()
        scheduler.run(workers: 2, computeLimit: 2, reader: { worker in ("reader \(worker)", nil) }, cancelled: { false },
                      execute: { job, reader in
                          log.add("start \(job.key) on \(reader)")
                          // Every odd job goes on in a second step, as a pack's document does.
                          guard job.key.last.map({ Int(String($0))! % 2 == 1 }) == true else { return .done(.cancelled) }
                          return .then(urgent: true) { log.add("step \(job.key)"); return .done(.cancelled) }
                      },
                      finished: { index, _ in log.add("done \(index)") })
        let lines = log.lines
        #expect(lines.filter { $0.hasPrefix("start") }.map { $0.split(separator: " ")[1] }.sorted() == ["j0", "j1", "j3", "j4", "j5"])
        #expect(lines.filter { $0.hasPrefix("step") }.sorted() == ["step j1", "step j3", "step j5"])
        #expect(lines.filter { $0.hasPrefix("done") }.sorted() == ["done 0", "done 1", "done 3", "done 4", "done 5"])
        #expect(Set(lines.filter { $0.hasPrefix("start") }.map { String($0.split(separator: " ").last!) }).isSubset(of: ["0", "1"]))
        for key in ["j1", "j3", "j5"] {
            #expect(lines.firstIndex(of: "step \(key)")! > lines.firstIndex { $0.hasPrefix("start \(key) ") }!)
        }
        #expect(scheduler.queue.outcomes.allSatisfy { $0 != nil }, "every job has an outcome, the settled one too")
    }

    @Test func aCancelledRunStartsNoFurtherJob() {
        let jobs = (0..<5).map { job("j\($0)") }
        let scheduler = RunScheduler(jobs: jobs, handoff: MeasuredHandoff(expecting: []), isolating: false)
        let flag = CancellationFlag()
        let log = Log()
        scheduler.run(workers: 1, computeLimit: 1, reader: { _ in (0, nil) }, cancelled: { flag.cancelledBy != nil },
                      execute: { job, _ in
                          log.add(job.key)
                          if job.key == "j1" { flag.cancel(signal: SIGTERM) }
                          return .done(.cancelled)
                      }, finished: { _, _ in })
        #expect(log.lines == ["j0", "j1"])
        #expect(scheduler.queue.outcomes.filter { $0 == nil }.count == 3)
    }
}

/// Lines written by several threads.
final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    func add(_ line: String) { lock.withLock { entries.append(line) } }
    var lines: [String] { lock.withLock { entries } }
}
