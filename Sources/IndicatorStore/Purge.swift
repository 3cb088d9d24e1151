import GRDB

/// What must go when a value becomes suppressed (README "Confidentiality"): its earlier revisions (the
/// value itself), the checksums of the files that carried it (a hash confirms a guessed value), and
/// every stored social-index run computed from it (its raw component is the value, and the other
/// areas' z-values hold it through the mean). Runs inside every import that writes, so a store written
/// before this rule is cleaned by its next import.
enum Purge {
    /// A checksum that confirms nothing: all zeros (README: "withdrawn").
    static let withdrawnChecksum = String(repeating: "0", count: 64)

    /// Earlier revisions that hold a value, numerator or denominator of a cell whose current revision
    /// is suppressed: `id, batch_id`.
    static let staleRevisions = """
        SELECT h.id, h.batch_id FROM observation h
        JOIN observation c ON c.indicator_code = h.indicator_code AND c.area_code = h.area_code AND c.period = h.period
             AND c.is_current = 1 AND c.status = 'suppressed'
        WHERE h.is_current = 0 AND (h.value IS NOT NULL OR h.numerator IS NOT NULL OR h.denominator IS NOT NULL)
        """

    /// Index runs (current or earlier) with a component computed from a value that is now suppressed:
    /// the status uses the index period, the dynamics also the base period.
    static let staleRuns = """
        SELECT DISTINCT r.id, r.definition_code, r.period FROM index_run r
        JOIN index_component c ON c.run_id = r.id
        JOIN observation o ON o.indicator_code = c.indicator_code AND o.area_code = c.area_code
             AND o.is_current = 1 AND o.status = 'suppressed'
        WHERE o.period = r.period OR (c.kind = 'dynamics' AND o.period = r.base_period)
        """

    /// "definition period" of the runs `sql` selects (`id, definition_code, period`).
    static func runs(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [String] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { "\($0[1] as String) \($0[2] as String)" }
    }

    /// The runs a value of `key` went into.
    static func runs(_ db: Database, using key: Observation.Key) throws -> [String] {
        try runs(db, sql: """
            SELECT DISTINCT r.id, r.definition_code, r.period FROM index_run r
            JOIN index_component c ON c.run_id = r.id
            WHERE c.indicator_code = ? AND c.area_code = ? AND (r.period = ? OR (c.kind = 'dynamics' AND r.base_period = ?))
            """, arguments: [key.indicator, key.area, key.period.description, key.period.description])
    }

    static func run(_ db: Database) throws {
        try db.execute(sql: "UPDATE import_batch SET sha256 = ? WHERE id IN (SELECT batch_id FROM (\(staleRevisions)))",
                       arguments: [withdrawnChecksum])
        try db.execute(sql: "DELETE FROM observation WHERE id IN (SELECT id FROM (\(staleRevisions)))")
        // index_value and index_component go with their run (ON DELETE CASCADE).
        try db.execute(sql: "DELETE FROM index_run WHERE id IN (SELECT id FROM (\(staleRuns)))")
    }
}
