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
