import Document
import Foundation
import IndicatorStore

// The date and metadata a published document carries come from the manifest and the period, never
// from the clock.

extension Publisher {
    /// The date a document carries (footer, PDF metadata): the meeting date, else the last day of its
    /// period — the day its data describe. Never the clock: the same inputs give the same bytes, and a
    /// document whose data did not change keeps its date.
    public static func documentDate(manifest: PublishManifest?, period: Period?) -> String? {
        if let meeting = manifest?.meetingDate { return meeting }
        return period.map { $0.lastDay.description }
    }

    /// Manifest metadata overrides the template's: organisation, date (see `documentDate`), committee (keyword).
    static func applyMetadata(_ document: Document, manifest: PublishManifest, period: Period) -> Document {
        var d = document
        if let o = manifest.organisation { d.metadata.organisation = o }
        d.metadata.date = documentDate(manifest: manifest, period: period)
        if let c = manifest.committee, !d.metadata.keywords.contains(c) { d.metadata.keywords.append(c) }
        return d
    }
}
