import Document
import Foundation
import IndicatorStore
import Layout
import Support

// Executing one job on a worker thread: its decision (SkipDecision.swift), then — for a job to render
// — layout, PDF and finishing (DocumentRenderer.swift), the atomic write and its run-manifest entry.
// A document the pack of the same run waits for is done in steps (`JobStep`): measured first and
// handed over, drawn later.

extension Publisher {
    /// A job's first turn on a thread: decided, and rendered unless skipped or failed.
    static func execute(_ job: PublishJob, context: RunContext, store snapshot: IndicatorStore) -> JobStep {
        // Whatever happens below, a pack waiting for this document stops waiting (and measures it itself).
        var handedOn = false  // to a step that delivers the measured text itself
        defer { if job.kind == .document && !handedOn { context.handoff.deliver(job.key, nil) } }
        CrashIsolation.testCrashIfAsked(job.key)
        // A pack places what its documents' jobs of this run measured; it waits for them here.
        let measured = job.kind == .pack ? job.members.map { context.handoff.take($0.key) } : []
        let prepared: Prepared, reason: String
        switch decide(job, context: context, store: snapshot) {
        case .skip(let o, let why): return .done(.skipped(o, reason: why))
        case .fail(let f, let user): return .done(.failed(f, userError: user))
        case .render(let p, let r): prepared = p; reason = r
        }
        let writer = OutputWriter(job: job, folder: context.folder, output: prepared.output, reason: reason, recorder: context.recorder)
        let start = ContinuousClock.now
        switch prepared.content {
        case .document(let document) where context.handoff.expects(job.key):
            handedOn = true
            return measureForThePack(document, job: job, handoff: context.handoff, writer: writer)
        case .document(let document):
            return .done(writer.publish(since: start) { () throws(DocumentRenderError) in
                var timings = RenderTimings()
                return (try renderPDF(document, timings: &timings), timings.pages)
            })
        case .pack(let pack):
            return .done(writer.publish(since: start) { () throws(DocumentRenderError) in
                var timings = RenderTimings()
                return (try renderPDF(pack: pack, measured: measured, timings: &timings), timings.pages)
            })
        }
    }

    /// The pack waits for this document's measured text: measure it next, on the first free thread
    /// (before other documents' briefings), hand it over, and draw this PDF later, so the pack can
    /// start as early as possible.
    private static func measureForThePack(_ document: Document, job: PublishJob, handoff: MeasuredHandoff,
                                          writer: OutputWriter) -> JobStep {
        let key = job.key
        return .then(urgent: true) {
            let start = ContinuousClock.now
            let measured: MeasuredDocument
            do throws(DocumentRenderError) { measured = try measurePDF(document) } catch {
                handoff.deliver(key, nil)
                return .done(writer.failed(error.description, user: error.isUserError))
            }
            handoff.deliver(key, measured)
            let firstHalf = ContinuousClock.now - start
            return .then(urgent: false) {
                .done(writer.publish(since: ContinuousClock.now, plus: firstHalf) { () throws(DocumentRenderError) in
                    var timings = RenderTimings()
                    return (try renderPDF(measured, timings: &timings), timings.pages)
                })
            }
        }
    }
}

/// Writes a rendered job's PDF and makes its outcome: the run-manifest entry with the file's pages,
/// bytes and SHA-256, or the failure and whose it is.
private struct OutputWriter: Sendable {
    let job: PublishJob
    let folder: URL
    /// The entry as decided, without the PDF's numbers.
    let output: RunOutput
    /// Why the job renders (the progress line and the outcome).
    let reason: String
    let recorder: RunRecorder?

    func failed(_ reason: String, user: Bool) -> JobOutcome {
        .failed(job.failure(reason: reason, user: user), userError: user)
    }

    /// Renders with `render`, writes the PDF atomically and says how it went; `earlier`: time the job
    /// spent in an earlier step.
    func publish(since start: ContinuousClock.Instant, plus earlier: Duration = .zero,
                 _ render: () throws(DocumentRenderError) -> (bytes: [UInt8], pages: Int)) -> JobOutcome {
        var written = output
        do throws(DocumentRenderError) {
            let (bytes, pages) = try render()
            recorder?.willReplace(file: job.file)
            do throws(OutputError) { try AtomicFile.write(bytes, to: folder.appendingPathComponent(job.file)) } catch {
                // The destination's problem (space, permissions, a file in the way), not the code's.
                return failed("\(job.file): cannot write the PDF (\(error.problem)) — \(error.fix)", user: true)
            }
            written.pages = pages
            written.bytes = bytes.count
            written.sha256 = Checksum.sha256Hex(bytes)
            written.renderedAt = isoTimestamp()
        } catch {
            return failed(error.description, user: error.isUserError)
        }
        return .rendered(written, milliseconds: (ContinuousClock.now - start + earlier).milliseconds, reason: reason)
    }
}
