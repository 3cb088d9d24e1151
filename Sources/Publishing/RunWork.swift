import Document
import Foundation
import IndicatorStore
import Layout
import Narrative

// The shared state of a publish run's worker threads: the work queue, caches of what one job built for
// another (briefings, document digests, template digests), and the hand-over of measured text to the pack.

/// Digest of a template's folder (every .md below it), since includes may pull any partial from there.
final class TemplateDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func digest(of templatePath: String) -> String {
        let root = URL(fileURLWithPath: templatePath).deletingLastPathComponent().standardizedFileURL
        if let d = lock.withLock({ cache[root.path] }) { return d }
        var text = ""
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        for f in files {
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(f).path) ?? Data()
            text += f + " " + Checksum.sha256Hex(data) + "\n"
        }
        let d = Checksum.sha256Hex(Array(text.utf8))
        lock.withLock { cache[root.path] = d }
        return d
    }
}

/// Hands out work to worker threads and collects their outcomes: jobs in order (by slot), and the
/// postponed rest of jobs already begun (see `Publisher.Step`).
final class WorkQueue: @unchecked Sendable {
    enum Task {
        case job(slot: Int)
        case rest(index: Int, () -> Publisher.Step)
    }
    private let lock = NSLock()
    private var nextIndex = 0
    private var skipped: Set<Int> = []
    private var urgent: [(index: Int, run: () -> Publisher.Step)] = []
    private var rests: [(index: Int, run: () -> Publisher.Step)] = []
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

    func postpone(_ index: Int, urgent isUrgent: Bool, _ step: @escaping () -> Publisher.Step) {
        lock.withLock { if isUrgent { urgent.append((index, step)) } else { rests.append((index, step)) } }
    }

    func record(_ index: Int, _ outcome: JobOutcome) { lock.withLock { outcomes[index] = outcome } }

    /// The job in `slot` is not handed out (its outcome is known already).
    func skip(slot: Int) { lock.withLock { _ = skipped.insert(slot) } }
}

/// Document digests computed during this run, by job key.
final class DigestCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: String] = [:]
    func get(_ key: String) -> String? { lock.withLock { entries[key] } }
    func put(_ key: String, _ digest: String) { lock.withLock { entries[key] = digest } }
}

/// Briefings built during this run, by data state and job, so a pack reuses its documents' work.
final class BriefingCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Briefing] = [:]
    func get(_ key: String) -> Briefing? { lock.withLock { entries[key] } }
    func put(_ key: String, _ briefing: Briefing) { lock.withLock { entries[key] = briefing } }
}

/// What a job renders: one briefing, or the pack of several.
enum Content {
    case document(Document)
    case pack(PackDocument)

    /// Digest of everything a document's PDF bytes depend on besides the renderer (`suffix`): the run
    /// manifest's `document` (a pack's combines its cover's and its sections').
    static func digest(_ document: Document, appending suffix: [UInt8]) throws -> String {
        do { return try DigestEncoder.sha256Hex(document, appending: suffix) } catch {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Checksum.sha256Hex(Array(try encoder.encode(document)) + suffix)
        }
    }
}

/// Hands a document job's measured text to the pack job of the same run, which waits for it:
/// the pack places it instead of shaping the same text again. Every expected document is delivered
/// exactly once — measured, or nil when its job failed, was skipped or measured nothing shareable
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
