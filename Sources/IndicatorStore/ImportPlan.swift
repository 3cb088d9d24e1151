import Foundation

/// Validated content of one import, ready to be compared with the store.
struct ImportPlan: Sendable {
    struct File: Sendable {
        var name: String
        var digest: FileDigest
        var kind: ImportFileKind
        var encoding: String?
        var rowsRead: Int
        var observations: [Observation]
        var areaCodes: [String]
        var indicatorCodes: [String]
        /// The demo's rows come from no file: their recorded SHA-256 is that of the rows as written
        /// (in the export CSV format), taken after the confidentiality rule.
        var digestOfWrittenRows = false
    }
    /// Areas and indicators as they should be after the import (complete records).
    var areas: [Area] = []
    var indicators: [Indicator] = []
    var files: [File] = []
}
