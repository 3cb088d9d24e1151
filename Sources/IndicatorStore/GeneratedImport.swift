import Foundation

extension Importer {
    /// Imports records that come from a program rather than a file (the demo data, a test city): the
    /// areas, indicators and observations as one batch named `source`, through the same writer as a
    /// file import — the confidentiality rule applied, nothing written when nothing changes. The
    /// batch's recorded SHA-256 is that of its rows as written (in the export CSV format), taken after
    /// the confidentiality rule, since there is no file to hash.
    @discardableResult
    public static func importGenerated(areas: [Area], indicators: [Indicator], observations: [Observation], source: String,
                                       storePath: String, importedAt: String) throws -> ImportSummary {
        let plan = ImportPlan(areas: areas, indicators: indicators, files: [
            .init(name: source, digest: FileDigest(raw: ""), kind: .long, encoding: nil, rowsRead: observations.count,
                  observations: observations, areaCodes: areas.map(\.code), indicatorCodes: indicators.map(\.code),
                  digestOfWrittenRows: true),
        ])
        return try Writer.commit(plan, storePath: storePath, importedAt: importedAt, dryRun: false)
    }
}
