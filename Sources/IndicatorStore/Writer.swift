import Foundation
import GRDB

/// Writes an import: compares its plan with the store (ImportDiff.swift) and applies the change in
/// one transaction, or nothing.
enum Writer {
    struct Change {
        var summary = ImportSummary()
        var areas: [Area] = []
        var indicators: [Indicator] = []
        /// Per plan file: new observations, revisions, and revisions of stored cells the confidentiality
        /// rule suppresses.
        var inserted: [[Observation]] = []
        var revised: [[Observation]] = []
        var secondary: [[Observation]] = []
        /// Per plan file: the SHA-256 to record.
        var digests: [String] = []
    }

    /// Writes `change` inside the caller's transaction. Files that change nothing get no batch.
    static func apply(_ change: Change, plan: ImportPlan, importedAt: String, db: Database) throws {
        for a in change.areas {
            let areaValues: [(any DatabaseValueConvertible)?] = [a.code, a.name, a.level.rawValue, a.parent, a.population,
                                                                a.populationDate?.description, a.geometry]
            try db.execute(sql: """
                INSERT INTO area (code, name, level, parent_code, population, population_date, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level,
                    parent_code = excluded.parent_code, population = excluded.population,
                    population_date = excluded.population_date, geometry = excluded.geometry
                """, arguments: StatementArguments(areaValues))
        }
        for i in change.indicators {
            let indicatorValues: [(any DatabaseValueConvertible)?] = [
                i.code, i.name, i.shortLabel, i.domain.rawValue, i.unit.rawValue, i.decimals, i.polarity.rawValue,
                i.granularity.rawValue, i.definition.numerator, i.definition.denominator, i.definition.referenceDate,
                i.source, i.licence, i.synthetic ? 1 : 0, i.nameEN, i.shortLabelEN,
                nonEmpty(i.definitionEN.numerator), nonEmpty(i.definitionEN.denominator), nonEmpty(i.definitionEN.referenceDate),
                i.sourceEN, i.licenceEN, i.comparison?.measure.rawValue,
                i.comparison.flatMap { $0.measure == .none ? nil : $0.about },
                i.comparison.flatMap { $0.measure == .none ? nil : $0.clear }]
            try db.execute(sql: """
                INSERT INTO indicator (code, name, short_label, domain, unit, decimals, polarity, granularity,
                                       numerator, denominator, reference_date, source, licence, synthetic,
                                       name_en, short_label_en, numerator_en, denominator_en, reference_date_en,
                                       source_en, licence_en, comparison, comparison_about, comparison_clear)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name, short_label = excluded.short_label,
                    domain = excluded.domain, unit = excluded.unit, decimals = excluded.decimals,
                    polarity = excluded.polarity, granularity = excluded.granularity,
                    numerator = excluded.numerator, denominator = excluded.denominator,
                    reference_date = excluded.reference_date, source = excluded.source,
                    licence = excluded.licence, synthetic = excluded.synthetic,
                    name_en = excluded.name_en, short_label_en = excluded.short_label_en,
                    numerator_en = excluded.numerator_en, denominator_en = excluded.denominator_en,
                    reference_date_en = excluded.reference_date_en,
                    source_en = excluded.source_en, licence_en = excluded.licence_en, comparison = excluded.comparison,
                    comparison_about = excluded.comparison_about, comparison_clear = excluded.comparison_clear
                """, arguments: StatementArguments(indicatorValues))
        }
        for (index, file) in plan.files.enumerated() {
            let s = change.summary.files[index]
            guard s.inserted + s.revised + s.areasChanged + s.indicatorsChanged + change.secondary[index].count > 0 else { continue }
            try db.execute(sql: """
                INSERT INTO import_batch (file_name, sha256, imported_at, rows_read, rows_inserted, rows_revised, rows_unchanged)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [file.name, change.digests[index], importedAt, s.rowsRead, s.inserted, s.revised, s.unchanged])
            let batch = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO observation (indicator_code, area_code, period, revision, is_current, value, numerator,
                                         denominator, status, note, batch_id)
                VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
                """)
            let retire = try db.makeStatement(sql: """
                UPDATE observation SET is_current = 0
                WHERE is_current = 1 AND indicator_code = ? AND area_code = ? AND period = ?
                RETURNING revision
                """)
            for o in change.inserted[index] {
                try insert.execute(arguments: arguments(o, revision: 1, batch: batch))
            }
            for o in change.revised[index] + change.secondary[index] {
                let old = try Int.fetchOne(retire, arguments: [o.indicator, o.area, o.period.description]) ?? 0
                try insert.execute(arguments: arguments(o, revision: old + 1, batch: batch))
            }
        }
        try Purge.run(db)
    }

    private static func arguments(_ o: Observation, revision: Int, batch: Int64) -> StatementArguments {
        let values: [(any DatabaseValueConvertible)?] = [o.indicator, o.area, o.period.description, revision, o.value,
                                                          o.numerator, o.denominator, o.status.rawValue, o.note, batch]
        return StatementArguments(values)
    }

    /// Diff against the store and write if anything changes. Reads first without opening the file
    /// for writing, so an import that changes nothing leaves the file byte-identical.
    static func commit(_ plan: ImportPlan, storePath: String, importedAt: String, dryRun: Bool) throws -> ImportSummary {
        let exists = FileManager.default.fileExists(atPath: storePath)
        let preview: Change
        if exists {
            let store = try IndicatorStore.open(path: storePath)
            defer { store.close() }
            preview = try store.read { db in try diff(plan, db: db) }
        } else {
            preview = try diff(plan, db: nil)
        }
        if dryRun || preview.summary.changesNothing { return preview.summary }
        return try IndicatorStore.write(path: storePath) { db in
            // Diff again inside the write transaction: another writer may have committed meanwhile.
            let change = try diff(plan, db: db)
            try apply(change, plan: plan, importedAt: importedAt, db: db)
            return change.summary
        }
    }
}

/// NULL rather than an empty text for optional columns.
private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
