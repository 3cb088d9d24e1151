import CProcessControl
import Foundation

// A publish run survives a document that crashes the process (a stack overflow, a failed runtime
// check, the kernel's out-of-memory kill). The documents still render on threads of one worker process
// — a process per document would pay start-up (≈ 25 ms: 56 shared libraries) and the store snapshot,
// font and cache set-up 31 times, and lose the shared data state — but that worker is a fork of a small
// supervisor, made before any thread exists. The worker tells the supervisor over a pipe which job it
// starts and how each ended; its run manifest is on disk after every document (`RunRecorder`). When the
// worker dies of a signal, the supervisor forks a new one that keeps what was finished, records the one
// job that was running as crashed (or, when several were, runs them one at a time to find it) and
// renders the rest. A kill of the supervisor takes the worker with it (PR_SET_PDEATHSIG), as a kill -9
// of a single process would. README "Running" documents this.

/// What earlier workers of one run did, handed to the next (it is forked from the supervisor, so it
/// simply has this in memory).
public struct ResumeState: Sendable {
    /// When the run started (the first worker's start), as a time and on the monotonic clock (a fork
    /// keeps it), so the summary counts the whole run.
    public var started: String?
    public var began = ContinuousClock.now
    /// The data state the finished outcomes belong to; a worker that sees another starts over.
    public var fingerprint: String?
    /// Finished jobs by key.
    public var outcomes: [String: JobOutcome] = [:]
    /// Jobs that crashed a worker, with the signal.
    public var crashed: [String: Int32] = [:]
    /// Run one job at a time from start to end (no hand-over to the pack), so a crash names its job.
    public var isolating = false

    public init(started: String? = nil) { self.started = started }
}

public enum CrashIsolation {
    /// The pipe to the supervisor in a worker process; -1 elsewhere (and in-process runs).
    nonisolated(unsafe) static var channel: Int32 = -1
    private static let channelLock = NSLock()

    /// Runs `work` (which returns the exit code) in a worker process and returns its exit code, forking
    /// a new worker after each crash (at most one per job). Runs `work` in this process when it cannot
    /// fork safely (other threads exist already, or not on Linux).
    public static func supervise(note: (String) -> Void, _ work: (ResumeState) -> Int32) -> Int32 {
        var resume = ResumeState(started: isoTimestamp())
        var attempts = 0
        while true {
            guard isSingleThreaded() else { return work(resume) }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return work(resume) }
            fflush(nil)  // every stdio stream, so nothing buffered is written twice
            let parent = getpid()
            let pid = fork()
            if pid < 0 {
                close(fds[0]); close(fds[1])
                return work(resume)
            }
            if pid == 0 {
                // The worker.
                close(fds[0])
                _ = cb_die_with_parent(SIGKILL)
                if getppid() != parent { _exit(137) }  // the supervisor died before the line above
                signal(SIGTERM, SIG_DFL); signal(SIGINT, SIG_DFL); signal(SIGPIPE, SIG_IGN)
                channel = fds[1]
                let code = work(resume)
                exit(code)
            }
            close(fds[1])
            supervisedChild = pid
            signal(SIGTERM, forwardSignal)
            signal(SIGINT, forwardSignal)
            let events = readEvents(fds[0])
            close(fds[0])
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            supervisedChild = 0
            let termination = status & 0x7F
            if termination == 0 { return (status >> 8) & 0xFF }  // exited
            let sig = termination
            if forwardedSignal != 0 && (sig == forwardedSignal || sig == SIGKILL) { return 128 + sig }

            // The worker crashed: keep what it finished, find the job that was running.
            if events.fingerprint != resume.fingerprint { resume.outcomes = [:] }
            resume.fingerprint = events.fingerprint
            resume.outcomes.merge(events.finished) { _, new in new }
            let running = events.started.filter { resume.outcomes[$0] == nil }
            attempts += 1
            if running.isEmpty || attempts > events.started.count + 2 {
                note("civicbrief publish: the run crashed (signal \(sig)\(signalName(sig))) outside any document — please report it; the run manifest lists what was finished")
                return 3
            }
            if running.count == 1, let key = running.first {
                resume.crashed[key] = sig
                note("civicbrief publish: rendering \(key) crashed (signal \(sig)\(signalName(sig))); going on with the other documents")
            } else {
                note("civicbrief publish: a document crashed (signal \(sig)\(signalName(sig))) while \(running.count) were being rendered; rendering them one at a time to find it")
            }
            resume.isolating = true
        }
    }

    // MARK: The worker's side

    /// Tells the supervisor the data state this worker reads.
    static func report(fingerprint: String) { send("F " + fingerprint) }

    static func started(_ key: String) { send("S " + key) }

    static func finished(_ key: String, _ outcome: JobOutcome) {
        guard channel >= 0, let record = OutcomeRecord(outcome),
              let json = try? JSONEncoder().encode(record) else { return }
        send("D " + String(decoding: json, as: UTF8.self))
    }

    private static func send(_ line: String) {
        guard channel >= 0 else { return }
        let bytes = Array((line + "\n").utf8)
        channelLock.withLock {
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { write(channel, $0.baseAddress! + written, bytes.count - written) }
                if n < 0 { if errno == EINTR { continue }; return }
                written += n
            }
        }
    }

    /// For tests of this isolation: `CIVICBRIEF_TEST_CRASH=KEY[,KEY…]` makes the job KEY overflow its
    /// stack as it starts, as a runaway recursion in a parser would.
    static let crashKeys: Set<String> = Set((ProcessInfo.processInfo.environment["CIVICBRIEF_TEST_CRASH"] ?? "")
        .split(separator: ",").map(String.init))

    static func testCrashIfAsked(_ key: String) {
        if crashKeys.contains(key) { print(overflow(1)) }
    }

    @inline(never) private static func overflow(_ depth: Int) -> Int {
        var frame = (depth, depth, depth, depth, depth, depth, depth, depth)
        frame.7 = depth &* 3
        guard depth < Int.max else { return frame.7 }  // never: the stack ends long before
        return overflow(depth &+ 1) &+ frame.0 &+ frame.7
    }

    // MARK: The supervisor's side

    struct Events {
        var fingerprint: String?
        var started: [String] = []
        var finished: [String: JobOutcome] = [:]
    }

    /// Reads the worker's lines until it closes the pipe (exit or death); a last line cut off by a
    /// crash is ignored.
    static func readEvents(_ fd: Int32) -> Events {
        var events = Events()
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 65536) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            buffer += chunk[0..<n]
            while let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                guard line.count > 2 else { continue }
                let body = String(line.dropFirst(2))
                switch line.prefix(1) {
                case "F": events.fingerprint = body
                case "S": if !events.started.contains(body) { events.started.append(body) }
                case "D":
                    if let record = try? JSONDecoder().decode(OutcomeRecord.self, from: Data(body.utf8)), let outcome = record.outcome {
                        events.finished[record.key] = outcome
                    }
                default: break
                }
            }
        }
        return events
    }

    /// Other threads at fork time could hold locks the worker would wait for forever.
    static func isSingleThreaded() -> Bool {
        #if os(Linux)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }) else { return false }
        return line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces) == "1"
        #else
        return false
        #endif
    }
}

nonisolated(unsafe) private var supervisedChild: pid_t = 0
nonisolated(unsafe) private var forwardedSignal: Int32 = 0

/// SIGTERM/SIGINT to the supervisor go to the worker, which finishes its documents and exits 128+signal.
private func forwardSignal(_ sig: Int32) {
    forwardedSignal = sig
    if supervisedChild > 0 { kill(supervisedChild, sig) }
}

/// A job's outcome on the pipe.
struct OutcomeRecord: Codable {
    var key: String
    var kind: String
    var output: RunOutput?
    var failure: RunFailure?
    var userError: Bool?
    var milliseconds: Double?
    var reason: String?

    init?(_ outcome: JobOutcome) {
        switch outcome {
        case .rendered(let o, let ms, let reason): key = o.key; kind = "rendered"; output = o; milliseconds = ms; self.reason = reason
        case .skipped(let o, let reason): key = o.key; kind = "skipped"; output = o; self.reason = reason
        case .failed(let f, let user): key = f.key; kind = "failed"; failure = f; userError = user
        case .cancelled: return nil
        }
    }

    var outcome: JobOutcome? {
        switch kind {
        case "rendered": output.map { .rendered($0, milliseconds: milliseconds ?? 0, reason: reason ?? "") }
        case "skipped": output.map { .skipped($0, reason: reason ?? "") }
        case "failed": failure.map { .failed($0, userError: userError ?? false) }
        default: nil
        }
    }
}

/// ` (SIGSEGV)` for a signal number, for messages.
func signalName(_ sig: Int32) -> String {
    switch sig {
    case SIGSEGV: " SIGSEGV, e.g. a stack overflow"
    case SIGBUS: " SIGBUS"
    case SIGABRT: " SIGABRT"
    case SIGILL: " SIGILL, e.g. a failed runtime check"
    case SIGTRAP: " SIGTRAP, e.g. a failed runtime check"
    case SIGFPE: " SIGFPE"
    case SIGKILL: " SIGKILL, e.g. out of memory"
    default: ""
    }
}
