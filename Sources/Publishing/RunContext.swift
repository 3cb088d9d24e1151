import Document
import Foundation
import IndicatorStore
import Narrative

/// What every worker thread of one publish run shares: the manifest and options, the data state the
/// run reads, what earlier runs left, the caches through which one job reuses another's work, the
/// hand-over of measured text to the pack, and the run manifest being kept.
final class RunContext: @unchecked Sendable {
    let manifest: PublishManifest, options: PublishOptions, folder: URL
    /// The store as it was when the run started, and its fingerprint.
    let snapshot: IndicatorStore, fingerprint: String
    let previous: (all: [String: RunOutput], valid: [String: RunOutput])
    let templates: TemplateDigests
    /// Briefings built during this run, by data state and job, so a pack reuses its documents' work.
    let briefings = LockedCache<Briefing>()
    /// Document digests of this run's document jobs, by job key, for the packs that contain them.
    let digests = LockedCache<String>()
    let handoff: MeasuredHandoff
    let recorder: RunRecorder?
    /// Documents that crashed an earlier attempt of this run (key → signal).
    let crashed: [String: Int32]

    init(manifest: PublishManifest, snapshot: IndicatorStore, fingerprint: String, options: PublishOptions, folder: URL,
         previous: (all: [String: RunOutput], valid: [String: RunOutput]), templates: TemplateDigests,
         handoff: MeasuredHandoff = MeasuredHandoff(expecting: []), recorder: RunRecorder? = nil, crashed: [String: Int32] = [:]) {
        self.manifest = manifest; self.snapshot = snapshot; self.fingerprint = fingerprint; self.options = options
        self.folder = folder; self.previous = previous; self.templates = templates; self.handoff = handoff
        self.recorder = recorder; self.crashed = crashed
    }
}
