import Accessibility
import Foundation
import IndicatorStore
import Publishing

/// The version of CivicBrief and the commit it was built from (`buildCommit` is generated at build
/// time by Plugins/BuildInfo). Raise `version` with each release.
enum BuildInfo {
    static let version = "0.9.0"
    static var tool: ToolInfo { ToolInfo(version: version, commit: buildCommit) }
    static var line: String { "civicbrief \(version) (commit \(buildCommit))" }
}

/// Writes a file the CLI produces (merged run manifest, document JSON, export) atomically with the
/// one atomic writer (temporary file removed on any error), creating its folder.
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    // The store module's writer: it says what is wrong with a path (folder, permissions, full disk) as a user error.
    try AtomicFile.write(bytes, to: path)
}
