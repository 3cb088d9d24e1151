import Support
import Foundation

/// How a publish run goes about its jobs (the command line's choices).
public struct PublishOptions: Sendable {
    public var jobs: Int
    public var shard: Shard
    public var outputFolder: String
    public var force: Bool
    /// Identifies the renderer build (so a new build re-renders); see `rendererIdentity()`.
    public var renderer: String
    /// Written into the run manifest.
    public var tool: ToolInfo

    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, shard: Shard = .whole, outputFolder: String = Locations.outputFolder,
                force: Bool = false, renderer: String = Publisher.rendererIdentity(), tool: ToolInfo = .unknown) {
        self.jobs = max(1, jobs); self.shard = shard
        self.outputFolder = outputFolder; self.force = force; self.renderer = renderer; self.tool = tool
    }
}

extension Publisher {
    /// The running executable's size and modification time: a rebuilt renderer re-renders everything.
    public static func rendererIdentity() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)@\(Int64(modified * 1000))"
    }
}
