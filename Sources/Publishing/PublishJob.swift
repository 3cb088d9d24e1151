import Foundation
import IndicatorStore

/// One document (template × area × language) or one pack (per language) of a publish run, with its
/// output path — what `RunPlan` makes and the workers render.
public struct PublishJob: Sendable, Equatable {
    public enum Kind: String, Sendable { case document, pack }
    public var kind: Kind
    /// `template/area/period/language`, or `pack/period/language` (values escaped like file names).
    public var key: String
    /// Template as written in the manifest (pack: the manifest's path).
    public var template: String
    public var templatePath: String
    public var area: String?
    public var areaName: String?
    /// The period this job's document reports (see `ResolvedPeriods.period(for:)`).
    public var period: Period
    public var language: String
    public var parameters: [String: String]
    /// Output path relative to the output folder.
    public var file: String
    /// For a pack: its documents, in manifest order.
    public var members: [PublishJob]
}

extension PublishJob {
    /// The job as messages name it.
    var described: String {
        kind == .pack ? "the pack (\(language))" : "\(template) for \(area ?? "-") (\(language))"
    }

    /// The run manifest's entry for this job failing with `reason`; `user`: the input's fault (exit 2),
    /// not the code's (exit 3).
    func failure(reason: String, user: Bool) -> RunFailure {
        RunFailure(key: key, kind: kind.rawValue, template: template, area: area, period: period.description,
                   language: language, file: file, reason: reason, category: user ? "input" : "internal")
    }
}
