import Foundation
import GRDB

/// Why an area has (or has not) got an index value.
public enum IndexAreaState: String, Sendable, Codable, CaseIterable {
    case computed
    /// Fewer residents than the definition's minimum.
    case excludedPopulation = "excluded_population"
    /// The area has no recorded population, so the minimum cannot be checked.
    case populationUnknown = "population_unknown"
    /// At least one input value is suppressed (confidentiality).
    case inputSuppressed = "input_suppressed"
    /// At least one input value is missing.
    case inputMissing = "input_missing"
}

/// One indicator's contribution to an area's index: the raw value (a share for the status, the change
/// in percentage points for the dynamics) and its z-value across the included areas.
public struct IndexComponent: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case status, dynamics }
    public var indicator: String
    public var kind: Kind
    public var raw: Double
    public var z: Double

    public init(indicator: String, kind: Kind, raw: Double, z: Double) {
        self.indicator = indicator; self.kind = kind; self.raw = raw; self.z = z
    }
}

/// The derived result for one area. Numbers are present only when the state is `computed`.
public struct IndexAreaResult: Hashable, Sendable, Codable {
    public var area: String
    public var statusState: IndexAreaState
    public var statusSum: Double?
    public var statusIndex: Double?
    /// `IndexClass.number` of the status class.
    public var statusClass: Int?
    public var dynamicsState: IndexAreaState
    public var dynamicsSum: Double?
    public var dynamicsIndex: Double?
    public var dynamicsClass: Int?
    public var components: [IndexComponent]

    public init(area: String, statusState: IndexAreaState, statusSum: Double? = nil, statusIndex: Double? = nil,
                statusClass: Int? = nil, dynamicsState: IndexAreaState, dynamicsSum: Double? = nil,
                dynamicsIndex: Double? = nil, dynamicsClass: Int? = nil, components: [IndexComponent] = []) {
        self.area = area; self.statusState = statusState; self.statusSum = statusSum; self.statusIndex = statusIndex
        self.statusClass = statusClass; self.dynamicsState = dynamicsState; self.dynamicsSum = dynamicsSum
        self.dynamicsIndex = dynamicsIndex; self.dynamicsClass = dynamicsClass; self.components = components
    }
}

/// A computed social index as the store keeps it, with its provenance: the definition (code, file,
/// SHA-256 and every parameter as JSON — what a definition means is the facts stage's business, see
/// `SocialIndexDefinition` and `IndexRun` in Facts), the periods, a digest of every input value it was
/// computed from, and when.
public struct StoredIndexRun: Hashable, Sendable {
    public var definitionCode: String
    public var definitionFile: String
    public var definitionSHA256: String
    /// The definition with every parameter, as JSON text.
    public var definitionJSON: String
    /// The level of the areas it ranks (`district` or `subdistrict`).
    public var level: AreaLevel
    public var period: Period
    public var basePeriod: Period
    /// SHA-256 of the input observations and area populations (see `IndexInputs.digest`).
    public var inputDigest: String
    public var inputCount: Int
    /// ISO 8601 UTC; from SOURCE_DATE_EPOCH when set.
    public var computedAt: String
    public var results: [IndexAreaResult]

    public init(definitionCode: String, definitionFile: String, definitionSHA256: String, definitionJSON: String, level: AreaLevel,
                period: Period, basePeriod: Period, inputDigest: String, inputCount: Int, computedAt: String,
                results: [IndexAreaResult]) {
        self.definitionCode = definitionCode; self.definitionFile = definitionFile; self.definitionSHA256 = definitionSHA256
        self.definitionJSON = definitionJSON; self.level = level
        self.period = period; self.basePeriod = basePeriod; self.inputDigest = inputDigest
        self.inputCount = inputCount; self.computedAt = computedAt; self.results = results
    }
}

/// Everything an index is computed from, read in one transaction so the digest describes exactly
/// these values.
public struct IndexInputs: Sendable {
    /// The areas of the definition's level, by code.
    public var areas: [Area]
    /// Current observations of the status indicators in the index period and the base period.
    public var observations: [Observation]
    /// SHA-256 over one canonical line per observation, area population and indicator polarity, sorted.
    public var digest: String
    public var count: Int
}

extension IndicatorStore {
    /// Reads the inputs of an index for `periods` (index period and base period).
    public func indexInputs(indicators: [String], level: AreaLevel, periods: [Period]) throws -> IndexInputs {
        try read { db in
            let areas = try Self.fetchAreas(db, level: level)
            var observations: [Observation] = []
            for code in indicators.sorted() {
                for period in periods.sorted() {
                    observations += try Row.fetchAll(db, sql: """
                        SELECT o.indicator_code, o.area_code, o.period, o.value, o.numerator, o.denominator, o.status, o.note
                        FROM observation o JOIN area a ON a.code = o.area_code
                        WHERE o.is_current = 1 AND o.indicator_code = ? AND o.period = ? AND a.level = ?
                        ORDER BY o.area_code
                        """, arguments: [code, period.description, level.rawValue]).compactMap(Self.observation(from:))
                }
            }
            // Notes are left out: a changed note does not change the index.
            var lines = observations.map { o in
                "o;\(o.indicator);\(o.area);\(o.period);\(o.status.rawValue);\(o.value.map { "\($0)" } ?? "")"
            }
            lines += areas.map { "a;\($0.code);\($0.population.map(String.init) ?? "")" }
            // Polarity decides an indicator's sign in the index.
            for code in indicators.sorted() {
                lines += try Self.fetchIndicators(db, code: code).map { "i;\($0.code);\($0.polarity.rawValue)" }
            }
            lines.sort()
            let digest = Checksum.sha256Hex(Array(lines.joined(separator: "\n").utf8))
            return IndexInputs(areas: areas, observations: observations, digest: digest, count: observations.count)
        }
    }

    /// The current stored run of each definition, newest period first.
    public func indexRuns(definition code: String? = nil) throws -> [StoredIndexRun] {
        try read { db in
            guard try db.tableExists("index_run") else { return [] }
            var sql = "SELECT * FROM index_run WHERE is_current = 1"
            var args: StatementArguments = []
            if let code { sql += " AND definition_code = ?"; args = [code] }
            sql += " ORDER BY period DESC, definition_code"
            return try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row -> StoredIndexRun? in
                guard let level = AreaLevel(rawValue: row["level"]),
                      let period = Period(row["period"] as String), let base = Period(row["base_period"] as String) else { return nil }
                let runID: Int64 = row["id"]
                var components: [String: [IndexComponent]] = [:]
                for c in try Row.fetchAll(db, sql: "SELECT * FROM index_component WHERE run_id = ? ORDER BY area_code, kind DESC, position",
                                          arguments: [runID]) {
                    guard let kind = IndexComponent.Kind(rawValue: c["kind"]) else { continue }
                    components[c["area_code"], default: []].append(IndexComponent(indicator: c["indicator_code"], kind: kind,
                                                                                  raw: c["raw"], z: c["z"]))
                }
                let results = try Row.fetchAll(db, sql: "SELECT * FROM index_value WHERE run_id = ? ORDER BY area_code",
                                               arguments: [runID]).compactMap { v -> IndexAreaResult? in
                    guard let s = IndexAreaState(rawValue: v["status_state"]), let d = IndexAreaState(rawValue: v["dynamics_state"]) else { return nil }
                    return IndexAreaResult(area: v["area_code"], statusState: s, statusSum: v["status_sum"], statusIndex: v["status_index"],
                                           statusClass: v["status_class"], dynamicsState: d, dynamicsSum: v["dynamics_sum"],
                                           dynamicsIndex: v["dynamics_index"], dynamicsClass: v["dynamics_class"],
                                           components: components[v["area_code"]] ?? [])
                }
                return StoredIndexRun(definitionCode: row["definition_code"], definitionFile: row["definition_file"],
                                      definitionSHA256: row["definition_sha256"], definitionJSON: row["definition_json"], level: level,
                                      period: period, basePeriod: base, inputDigest: row["input_digest"],
                                      inputCount: row["input_count"], computedAt: row["computed_at"], results: results)
            }
        }
    }

    /// Brings a store written by an older CivicBrief up to the current schema (readers cannot migrate).
    /// Does nothing to a current store; refuses files that are not stores.
    public static func upgradeSchema(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path: path) }
        // `open` also accepts stores that lack only migrations readers can do without (v3): check them all.
        if let current = try? IndicatorStore.open(path: path) {
            defer { current.close() }
            if (try? current.read { db in try Schema.migrator.hasCompletedMigrations(db) }) == true { return }
        }
        try write(path: path) { _ in }
    }

    /// Stores `run` as the current result of its definition and period, keeping earlier runs as history.
    /// Returns false (and leaves the file untouched) when an identical run — same definition text
    /// (SHA-256, wherever it was loaded from), period and input digest — is already current.
    @discardableResult
    public static func saveIndexRun(_ run: StoredIndexRun, path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path: path) }
        let existing = try IndicatorStore.open(path: path)
        let unchanged = try existing.indexRuns(definition: run.definitionCode).contains {
            $0.period == run.period && $0.inputDigest == run.inputDigest && $0.definitionSHA256 == run.definitionSHA256
        }
        existing.close()
        if unchanged { return false }
        try write(path: path) { db in
            try db.execute(sql: "UPDATE index_run SET is_current = 0 WHERE is_current = 1 AND definition_code = ? AND period = ?",
                           arguments: [run.definitionCode, run.period.description])
            try db.execute(sql: """
                INSERT INTO index_run (definition_code, definition_file, definition_sha256, definition_json, level, period,
                                       base_period, input_digest, input_count, computed_at, is_current)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                """, arguments: [run.definitionCode, run.definitionFile, run.definitionSHA256, run.definitionJSON,
                                 run.level.rawValue, run.period.description, run.basePeriod.description,
                                 run.inputDigest, run.inputCount, run.computedAt])
            let id = db.lastInsertedRowID
            let value = try db.makeStatement(sql: """
                INSERT INTO index_value (run_id, area_code, status_state, status_sum, status_index, status_class,
                                         dynamics_state, dynamics_sum, dynamics_index, dynamics_class)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let component = try db.makeStatement(sql: """
                INSERT INTO index_component (run_id, area_code, indicator_code, kind, position, raw, z) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for r in run.results {
                let values: [(any DatabaseValueConvertible)?] = [id, r.area, r.statusState.rawValue, r.statusSum, r.statusIndex,
                                                                 r.statusClass, r.dynamicsState.rawValue, r.dynamicsSum,
                                                                 r.dynamicsIndex, r.dynamicsClass]
                try value.execute(arguments: StatementArguments(values))
                for (i, c) in r.components.enumerated() {
                    try component.execute(arguments: [id, r.area, c.indicator, c.kind.rawValue, i, c.raw, c.z])
                }
            }
        }
        return true
    }
}

extension Schema {
    /// v2: derived index results. Kept apart from `observation`: an index is computed, never imported,
    /// and carries the digest of its inputs so a stale result can be recognised.
    static func registerDerivedIndexMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(derivedIndexIdentifier) { db in
            try db.execute(sql: """
                CREATE TABLE index_run (
                    id                INTEGER PRIMARY KEY AUTOINCREMENT,
                    definition_code   TEXT NOT NULL CHECK (length(definition_code) > 0),
                    definition_file   TEXT NOT NULL,
                    definition_sha256 TEXT NOT NULL CHECK (length(definition_sha256) = 64),
                    definition_json   TEXT NOT NULL CHECK (json_valid(definition_json)),
                    level             TEXT NOT NULL CHECK (level IN ('district', 'subdistrict')),
                    period            TEXT NOT NULL,
                    base_period       TEXT NOT NULL,
                    input_digest      TEXT NOT NULL CHECK (length(input_digest) = 64),
                    input_count       INTEGER NOT NULL CHECK (input_count >= 0),
                    computed_at       TEXT NOT NULL,
                    is_current        INTEGER NOT NULL CHECK (is_current IN (0, 1))
                ) STRICT;
                CREATE UNIQUE INDEX index_run_current ON index_run(definition_code, period) WHERE is_current = 1;

                -- A number only where the state is 'computed': excluded or suppressed areas get a state, not a value.
                CREATE TABLE index_value (
                    run_id          INTEGER NOT NULL REFERENCES index_run(id) ON DELETE CASCADE,
                    area_code       TEXT NOT NULL REFERENCES area(code) ON UPDATE CASCADE ON DELETE CASCADE,
                    status_state    TEXT NOT NULL CHECK (status_state IN ('computed', 'excluded_population', 'population_unknown',
                                                                          'input_suppressed', 'input_missing')),
                    status_sum      REAL,
                    status_index    REAL,
                    status_class    INTEGER,
                    dynamics_state  TEXT NOT NULL CHECK (dynamics_state IN ('computed', 'excluded_population', 'population_unknown',
                                                                            'input_suppressed', 'input_missing')),
                    dynamics_sum    REAL,
                    dynamics_index  REAL,
                    dynamics_class  INTEGER,
                    PRIMARY KEY (run_id, area_code),
                    CHECK ((status_state = 'computed') = (status_index IS NOT NULL AND status_sum IS NOT NULL AND status_class IS NOT NULL)),
                    CHECK (status_state = 'computed' OR (status_index IS NULL AND status_sum IS NULL AND status_class IS NULL)),
                    CHECK ((dynamics_state = 'computed') = (dynamics_index IS NOT NULL AND dynamics_sum IS NOT NULL AND dynamics_class IS NOT NULL)),
                    CHECK (dynamics_state = 'computed' OR (dynamics_index IS NULL AND dynamics_sum IS NULL AND dynamics_class IS NULL))
                ) STRICT;

                CREATE TABLE index_component (
                    run_id          INTEGER NOT NULL REFERENCES index_run(id) ON DELETE CASCADE,
                    area_code       TEXT NOT NULL,
                    indicator_code  TEXT NOT NULL,
                    kind            TEXT NOT NULL CHECK (kind IN ('status', 'dynamics')),
                    position        INTEGER NOT NULL,
                    raw             REAL NOT NULL,
                    z               REAL NOT NULL,
                    PRIMARY KEY (run_id, area_code, indicator_code, kind),
                    FOREIGN KEY (run_id, area_code) REFERENCES index_value(run_id, area_code) ON DELETE CASCADE
                ) STRICT;
                """)
        }
    }

    static let derivedIndexIdentifier = "v2: derived social-index results with input digest"
}
