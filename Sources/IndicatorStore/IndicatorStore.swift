import Foundation
import GRDB

/// The indicator store: one SQLite file in WAL mode, so many readers (parallel renders) can query
/// while one import writes. This is the only place in CivicBrief that speaks SQL.
public final class IndicatorStore: Sendable {
    public let path: String
    let reader: any DatabaseReader
    /// Values derived from a snapshot's data (see `memoized`); nil for a live store, whose data may change.
    private let derived: DerivedValues?

    private init(path: String, reader: any DatabaseReader, derived: DerivedValues? = nil) {
        self.path = path
        self.reader = reader
        self.derived = derived ?? (reader is DatabaseSnapshot ? DerivedValues() : nil)
    }

    /// This snapshot, remembering derived values (`memoized`) together with `other`: for snapshots the
    /// caller knows to show the same data (equal `stateStamp`s), such as a publish run's workers, so a
    /// cross-section one worker read serves the others. Closing either closes only its own snapshot.
    public func sharingDerivedValues(with other: IndicatorStore) -> IndicatorStore {
        guard derived != nil, let shared = other.derived else { return self }
        return IndicatorStore(path: path, reader: reader, derived: shared)
    }

    /// `compute()`, remembered under `key` for the life of a snapshot: its data cannot change, so a
    /// value derived from it (e.g. whether the social index is current, which re-reads the index's
    /// inputs) is computed once per publish run instead of once per document — and so are the areas,
    /// indicators, series and cross-sections every briefing reads. A live store computes every time.
    public func memoized<T: Sendable>(_ key: String, _ compute: () throws -> T) rethrows -> T {
        guard let derived else { return try compute() }
        // Unwrapped before the cast: a missing entry cast to an optional T would pass as a remembered nil.
        if let known = derived.value(key), let typed = known as? T { return typed }
        let value = try compute()
        derived.set(key, value)
        return value
    }

    private final class DerivedValues: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: any Sendable] = [:]
        func value(_ key: String) -> (any Sendable)? { lock.withLock { values[key] } }
        func set(_ key: String, _ value: any Sendable) { lock.withLock { values[key] = value } }
    }

    /// Opens an existing store for reading. Never writes to the file.
    public static func open(path: String) throws -> IndicatorStore {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path: path) }
        var config = Configuration()
        config.readonly = true
        let reader: any DatabaseReader
        do {
            reader = try DatabasePool(path: path, configuration: config)
        } catch {
            // A store that is not in WAL mode (e.g. copied by a tool that reset it) still opens as a queue.
            do { reader = try DatabaseQueue(path: path, configuration: config) } catch let queueError {
                // On a read-only file system (a mounted archive, a CD) SQLite cannot create the `-shm`
                // file a WAL store needs, even for reading. Nothing can change such a file, so it opens
                // as immutable: no locks, no shared memory (SQLite's `immutable` URI parameter).
                guard let immutable = try? DatabaseQueue(path: immutableURI(path), configuration: config) else {
                    throw StoreError.notAStore(path: path, reason: "\(queueError)")
                }
                reader = immutable
            }
        }
        try checkSchema(reader, path: path)
        return IndicatorStore(path: path, reader: reader)
    }

    /// `file:` URI of `path` with `immutable=1` (Debian's SQLite accepts URI file names).
    static func immutableURI(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString + "?immutable=1"
    }

    /// Releases the file; afterwards no query may be made.
    public func close() {
        try? reader.close()  // a pool, a queue, or a snapshot (which ends its read transaction)
    }

    /// A view of the store frozen at this moment: every query on it sees the same data, even while an
    /// import commits. Publishing renders each document from one snapshot, so no PDF mixes two data
    /// states. (A store not in WAL mode cannot snapshot; it is returned as is.)
    public func snapshot() throws -> IndicatorStore {
        guard let pool = reader as? DatabasePool else { return self }
        do {
            return IndicatorStore(path: path, reader: try pool.makeSnapshot())
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error)")
        }
    }

    /// A cheap token of the data state CivicBrief has written: every import that changes anything adds an
    /// import batch, every index computation an index run, every upgrade a migration. Two snapshots of
    /// one store with equal stamps show the same data (no CivicBrief write committed between them).
    public func stateStamp() throws -> String {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM grdb_migrations), (SELECT max(id) FROM import_batch),
                       (SELECT count(*) FROM import_batch), (SELECT max(id) FROM index_run), (SELECT count(*) FROM index_run)
                """)
            return row.map { r in (0..<5).map { "\(r[$0] as Int64? ?? -1)" }.joined(separator: ";") } ?? ""
        }
    }

    /// A digest of everything a briefing may read: the full content of every table (areas, indicators,
    /// import batches, derived index results, …) except observations, which are covered by the identity
    /// of every revision (an import that adds, revises or removes a row changes it). Equal fingerprints
    /// mean equal data, so publishing may skip documents built from it.
    public func fingerprint() throws -> String {
        try read { db in
            // Every value with its storage class, in binary (type-exact: 1, '1' and 1.0 differ; a
            // REAL's own 8 bytes): formatting the rows as text cost more than the rest of a run's set-up.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 16)
            func append(_ text: String) { bytes += Array(text.utf8); bytes.append(0) }
            func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                AND name NOT IN ('grdb_migrations', 'observation') ORDER BY name
                """)
            for table in tables {
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
                append("[\(table)] " + columns.joined(separator: ","))
                let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                let rows = try Row.fetchCursor(db, sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
                while let row = try rows.next() {
                    for value in row.databaseValues {
                        switch value.storage {
                        case .null: bytes.append(0)
                        case .int64(let i): bytes.append(1); append(i)
                        case .double(let d): bytes.append(2); append(d.bitPattern)
                        case .string(let s): bytes.append(3); append(UInt64(s.utf8.count)); bytes += Array(s.utf8)
                        case .blob(let b): bytes.append(4); append(UInt64(b.count)); bytes += Array(b)
                        }
                    }
                }
            }
            let obs = try Row.fetchOne(db, sql: """
                SELECT count(*) AS n, max(id) AS maxId, total(is_current) AS currents, total(id * is_current) AS currentIds
                FROM observation
                """)
            append("[observation] " + (obs?.description ?? ""))
            return Checksum.sha256Hex(bytes)
        }
    }

    /// Refuses files without CivicBrief's migration table. With `complete`, the schema must also be
    /// current (readers cannot migrate); writers only need a store they may migrate.
    private static func checkSchema(_ reader: any DatabaseReader, path: String, complete: Bool = true) throws {
        do {
            let state = try reader.read { db -> (isStore: Bool, isCurrent: Bool, isNewer: Bool) in
                guard try db.tableExists("grdb_migrations") else { return (false, false, false) }
                let known = Schema.migrator.migrations
                let applied = try Schema.migrator.appliedIdentifiers(db)
                let needed = known.prefix { $0 != Schema.identifier } + [Schema.identifier]
                return (true, applied.isSuperset(of: needed), !applied.isSubset(of: Set(known)))
            }
            if !state.isStore { throw StoreError.notAStore(path: path, reason: "the CivicBrief tables are missing") }
            if state.isNewer { throw StoreError.notAStore(path: path, reason: "it was written by a newer CivicBrief") }
            if complete && !state.isCurrent {
                throw StoreError.notAStore(path: path, reason: "it was written by an older CivicBrief; import any file to upgrade it")
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.notAStore(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` in one write transaction on the store at `path`, creating it and bringing its schema
    /// up to date first. An existing file that is not a store is refused rather than migrated.
    static func write<T>(path: String, _ body: (Database) throws -> T) throws -> T {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var fileSystem = statvfs()
        if statvfs(folder, &fileSystem) == 0, fileSystem.f_flag & UInt(ST_RDONLY) != 0 {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) is on a read-only file system, so the store can be read but not changed")
        }
        if FileManager.default.fileExists(atPath: path) {
            var config = Configuration()
            config.readonly = true
            do {
                let queue = try DatabaseQueue(path: path, configuration: config)
                defer { try? queue.close() }
                try checkSchema(queue, path: path, complete: false)
            } catch let error as DatabaseError {
                throw StoreError.notAStore(path: path, reason: error.message ?? "\(error.resultCode)")
            }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError.cannotOpen(path: path, reason: "the folder \(folder) does not exist")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        do {
            defer { try? pool.close() }
            try Schema.migrator.migrate(pool)
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try reader.read(body)
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error)")
        }
    }

    // MARK: - Areas and indicators

    /// All areas, city first, then districts, then subdistricts, each by code.
    public func areas(level: AreaLevel? = nil) throws -> [Area] {
        try memoized("areas|\(level?.rawValue ?? "")") { try read { db in try Self.fetchAreas(db, level: level) } }
    }

    public func area(_ code: String) throws -> Area? {
        try areas().first { $0.code == code }
    }

    public func indicators() throws -> [Indicator] {
        try memoized("indicators") { try read { db in try Self.fetchIndicators(db) } }
    }

    public func indicator(_ code: String) throws -> Indicator? {
        try read { db in try Self.fetchIndicators(db, code: code).first }
    }

    static func fetchAreas(_ db: Database, level: AreaLevel? = nil) throws -> [Area] {
        var sql = """
            SELECT * FROM area
            """
        var args: StatementArguments = []
        if let level { sql += " WHERE level = ?"; args = [level.rawValue] }
        sql += " ORDER BY CASE level WHEN 'city' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, code"
        return try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row in
            guard let level = AreaLevel(rawValue: row["level"]) else { return nil }
            return Area(code: row["code"], name: row["name"], level: level, parent: row["parent_code"],
                        population: row["population"],
                        populationDate: (row["population_date"] as String?).flatMap(CalendarDay.init),
                        geometry: row["geometry"])
        }
    }

    static func fetchIndicators(_ db: Database, code: String? = nil) throws -> [Indicator] {
        var sql = "SELECT * FROM indicator"
        var args: StatementArguments = []
        if let code { sql += " WHERE code = ?"; args = [code] }
        sql += " ORDER BY code"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).compactMap { row in
            guard let domain = Domain(rawValue: row["domain"]), let unit = Unit(rawValue: row["unit"]),
                  let polarity = Polarity(rawValue: row["polarity"]),
                  let granularity = Granularity(rawValue: row["granularity"]) else { return nil }
            // The English columns read as nil from a store without them (before v3).
            return Indicator(code: row["code"], name: row["name"], shortLabel: row["short_label"], domain: domain,
                             unit: unit, decimals: row["decimals"], polarity: polarity, granularity: granularity,
                             definition: IndicatorDefinition(numerator: row["numerator"], denominator: row["denominator"],
                                                             referenceDate: row["reference_date"]),
                             source: row["source"], licence: row["licence"], synthetic: row["synthetic"],
                             nameEN: row["name_en"], shortLabelEN: row["short_label_en"],
                             definitionEN: IndicatorDefinition(numerator: row["numerator_en"] ?? "", denominator: row["denominator_en"] ?? "",
                                                               referenceDate: row["reference_date_en"] ?? ""),
                             // The v4 columns read as nil from an older store.
                             sourceEN: row["source_en"], licenceEN: row["licence_en"],
                             comparison: (row["comparison"] as String?).flatMap(ComparisonSetting.Measure.init(rawValue:)).map {
                                 ComparisonSetting(measure: $0, about: row["comparison_about"] ?? 0, clear: row["comparison_clear"] ?? 0)
                             })
        }
    }

    // MARK: - Observations

    /// An observation from a row of `currentColumns`, in that order. By position: looking columns
    /// up by name lower-cases the name on every access, a tenth of a briefing's store reads.
    static func observation(from row: Row) -> Observation? {
        guard let period = Period(row[2] as String), let status = ObservationStatus(rawValue: row[6]) else { return nil }
        return Observation(indicator: row[0], area: row[1], period: period, value: row[3], numerator: row[4],
                           denominator: row[5], status: status, note: row[7])
    }

    /// An observation from a row with the observation table's column names, in any order.
    static func observation(named row: Row) -> Observation? {
        guard let period = Period(row["period"] as String),
              let status = ObservationStatus(rawValue: row["status"]) else { return nil }
        return Observation(indicator: row["indicator_code"], area: row["area_code"], period: period,
                           value: row["value"], numerator: row["numerator"], denominator: row["denominator"],
                           status: status, note: row["note"])
    }

    private static let currentColumns = "indicator_code, area_code, period, value, numerator, denominator, status, note"

    /// Current observations, optionally restricted, ordered by indicator, area and period.
    public func observations(indicator: String? = nil, area: String? = nil) throws -> [Observation] {
        try read { db in
            var sql = "SELECT \(Self.currentColumns) FROM observation WHERE is_current = 1"
            var args: [(any DatabaseValueConvertible)?] = []
            if let indicator { sql += " AND indicator_code = ?"; args.append(indicator) }
            if let area { sql += " AND area_code = ?"; args.append(area) }
            sql += " ORDER BY indicator_code, area_code, period"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).compactMap(Self.observation(from:))
        }
    }

    /// Checks that the indicator exists and that `periods` are of its granularity, inside a read that is
    /// already open, so a query and its check share one transaction. Reads only the granularity: series
    /// and cross-sections are asked for hundreds of times per briefing.
    private static func checkIndicator(_ db: Database, _ code: String, granularityOf periods: [Period]) throws {
        let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT granularity FROM indicator WHERE code = ?"), arguments: [code])
        guard let stored, let granularity = Granularity(rawValue: stored) else { throw StoreError.unknown("unknown indicator \"\(code)\"") }
        for p in periods where p.granularity != granularity {
            throw StoreError.unknown("period \(p) is a \(p.granularity.rawValue) but indicator \(code) is \(granularity.adjective)")
        }
    }

    /// The observations of one indicator for one area from `from` through `to` (inclusive, either open),
    /// in time order. Periods without an observation are absent.
    public func series(indicator: String, area: String, from: Period? = nil, to: Period? = nil) throws -> [Observation] {
        try memoized("series|\(indicator)|\(area)|\(from?.description ?? "")|\(to?.description ?? "")") { try readSeries(indicator: indicator, area: area, from: from, to: to) }
    }

    private func readSeries(indicator: String, area: String, from: Period?, to: Period?) throws -> [Observation] {
        try read { db in
            try Self.checkIndicator(db, indicator, granularityOf: [from, to].compactMap { $0 })
            var sql = "SELECT \(Self.currentColumns) FROM observation WHERE is_current = 1 AND indicator_code = ? AND area_code = ?"
            var args: [(any DatabaseValueConvertible)?] = [indicator, area]
            // Periods of one granularity sort correctly as text (2024-09 < 2024-10, 2024-Q3 < 2024-Q4).
            if let from { sql += " AND period >= ?"; args.append(from.description) }
            if let to { sql += " AND period <= ?"; args.append(to.description) }
            sql += " ORDER BY period"
            // Cached statements: briefings run these queries hundreds of times; compiling the SQL
            // each time cost more than running it.
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(args)).compactMap(Self.observation(from:))
        }
    }

    /// One indicator for every area of `level` in one period, ordered by area code.
    public func crossSection(indicator: String, level: AreaLevel, period: Period) throws -> [Observation] {
        try memoized("cross|\(indicator)|\(level.rawValue)|\(period.description)") {
            try readCrossSection(indicator: indicator, level: level, period: period)
        }
    }

    private func readCrossSection(indicator: String, level: AreaLevel, period: Period) throws -> [Observation] {
        try read { db in
            try Self.checkIndicator(db, indicator, granularityOf: [period])
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.currentColumns.split(separator: ",").map { "o." + $0.trimmingWhitespace() }.joined(separator: ", "))
                FROM observation o JOIN area a ON a.code = o.area_code
                WHERE o.is_current = 1 AND o.indicator_code = ? AND o.period = ? AND a.level = ?
                ORDER BY o.area_code
                """), arguments: [indicator, period.description, level.rawValue]).compactMap(Self.observation(from:))
        }
    }

    /// The current observation of one cell, if any.
    public func observation(indicator: String, area: String, period: Period) throws -> Observation? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Self.currentColumns) FROM observation
                WHERE is_current = 1 AND indicator_code = ? AND area_code = ? AND period = ?
                """), arguments: [indicator, area, period.description]).flatMap(Self.observation(from:))
        }
    }

    /// The latest period in which any area has a value (final or provisional) for the indicator.
    public func latestPeriod(indicator: String) throws -> Period? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT max(period) FROM observation
                WHERE is_current = 1 AND indicator_code = ? AND status IN ('final', 'provisional')
                """), arguments: [indicator]).flatMap { Period($0) }
        }
    }

    /// The observation one period earlier (previous month, quarter or year).
    public func previousPeriod(indicator: String, area: String, period: Period) throws -> Observation? {
        try observation(indicator: indicator, area: area, period: period.previous())
    }

    /// The observation of the same period one year earlier.
    public func yearEarlier(indicator: String, area: String, period: Period) throws -> Observation? {
        try observation(indicator: indicator, area: area, period: period.yearEarlier())
    }

    /// The city-wide observation (the area of level city).
    public func cityValue(indicator: String, period: Period) throws -> Observation? {
        guard let city = try areas(level: .city).first else { return nil }
        return try observation(indicator: indicator, area: city.code, period: period)
    }

    /// The rank of `area` among all areas of its level that have a value in `period`.
    /// 1 is best: the lowest value when higher is worse, the highest when higher is better;
    /// for neutral indicators 1 is simply the highest value. Ties share the better rank.
    /// Nil when the area has no value (missing or suppressed) in that period.
    public func rank(indicator code: String, area: String, period: Period) throws -> Rank? {
        guard let indicator = try indicator(code) else { throw StoreError.unknown("unknown indicator \"\(code)\"") }
        guard let level = try self.area(area)?.level else { throw StoreError.unknown("unknown area \"\(area)\"") }
        let values = try crossSection(indicator: code, level: level, period: period)
        guard let own = values.first(where: { $0.area == area })?.value else { return nil }
        let others = values.compactMap(\.value)
        let better = others.filter { indicator.polarity == .higherIsWorse ? $0 < own : $0 > own }.count
        return Rank(position: better + 1, count: others.count)
    }

    /// Per indicator: its definition, first and last period and number of current observations.
    public func indicatorSummaries() throws -> [IndicatorSummary] {
        let indicators = try indicators()
        let stats = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT indicator_code, min(period) AS first, max(period) AS last, count(*) AS n
                FROM observation WHERE is_current = 1 GROUP BY indicator_code
                """).reduce(into: [String: (String, String, Int)]()) { acc, row in
                acc[row["indicator_code"]] = (row["first"], row["last"], row["n"])
            }
        }
        return indicators.map { ind in
            let s = stats[ind.code]
            return IndicatorSummary(indicator: ind, firstPeriod: s.flatMap { Period($0.0) },
                                    lastPeriod: s.flatMap { Period($0.1) }, observationCount: s?.2 ?? 0)
        }
    }

    /// Every revision of one cell, oldest first, with the import that wrote it.
    public func history(indicator: String, area: String, period: Period) throws -> [ObservationRevision] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, b.id AS b_id, b.file_name, b.sha256, b.imported_at, b.rows_read, b.rows_inserted,
                       b.rows_revised, b.rows_unchanged
                FROM observation o JOIN import_batch b ON b.id = o.batch_id
                WHERE o.indicator_code = ? AND o.area_code = ? AND o.period = ?
                ORDER BY o.revision
                """, arguments: [indicator, area, period.description]).compactMap { row in
                guard let obs = Self.observation(named: row) else { return nil }
                return ObservationRevision(revision: row["revision"], isCurrent: row["is_current"], observation: obs,
                                           batch: Self.batch(from: row, idColumn: "b_id"))
            }
        }
    }

    /// All import batches, oldest first.
    public func batches() throws -> [ImportBatch] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM import_batch ORDER BY id").map { Self.batch(from: $0, idColumn: "id") }
        }
    }

    private static func batch(from row: Row, idColumn: String) -> ImportBatch {
        ImportBatch(id: row[idColumn], fileName: row["file_name"], sha256: row["sha256"], importedAt: row["imported_at"],
                    rowsRead: row["rows_read"], rowsInserted: row["rows_inserted"], rowsRevised: row["rows_revised"],
                    rowsUnchanged: row["rows_unchanged"])
    }
}

extension IndicatorStore {
    /// Runs raw SQL in a write transaction (schema and constraint tests only).
    static func executeForTesting(path: String, sql: String) throws {
        try write(path: path) { db in try db.execute(sql: sql) }
    }

    /// A store with the migrations up to `identifier` only, as an older CivicBrief left it; `sql` runs
    /// on it without migrating further.
    static func createForTesting(path: String, upTo identifier: String, sql: String = "") throws {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try Schema.migrator.migrate(queue, upTo: identifier)
        if !sql.isEmpty { try queue.write { db in try db.execute(sql: sql) } }
    }
}
