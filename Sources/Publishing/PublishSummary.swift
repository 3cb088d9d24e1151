import Foundation

/// What a run did, for the command's last lines and its exit code.
public struct PublishSummary: Sendable {
    public var manifest: RunManifest
    public var rendered: Int
    public var skipped: Int
    public var failed: Int
    public var anyInternalFailure: Bool
    public var cancelledBy: Int32?
    public var runManifestPath: String
    /// The combined packs this run's manifest names, as paths (what to attach).
    public var packs: [String]
}
