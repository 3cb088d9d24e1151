import Publishing

/// The version of CivicBrief and the commit it was built from (`buildCommit` is generated at build
/// time by Plugins/BuildInfo). Raise `version` with each release.
enum BuildInfo {
    static let version = "0.9.0"
    static var tool: ToolInfo { ToolInfo(version: version, commit: buildCommit) }
    static var line: String { "civicbrief \(version) (commit \(buildCommit))" }
}
