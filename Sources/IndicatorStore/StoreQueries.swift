import Foundation
import GRDB

// The store's queries: areas and indicators, observations (current values, series, cross-sections,
// revisions), summaries and import batches — plain values out, no SQL beyond this module.

extension IndicatorStore {
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
