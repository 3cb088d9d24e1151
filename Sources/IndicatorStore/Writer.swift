import Foundation
import GRDB

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

/// What an import changes (or would change, for --dry-run).
public struct ImportSummary: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var name: String
        public var kind: ImportFileKind
        public var encoding: String?
        public var rowsRead: Int
        public var inserted: Int
        public var revised: Int
        public var unchanged: Int
        public var areasChanged: Int
        public var indicatorsChanged: Int
        /// Cells suppressed by the confidentiality rule (`Disclosure`) because of this file.
        public var protected: Int = 0
    }
    public var files: [File] = []
    public var areasAdded = 0, areasUpdated = 0, indicatorsAdded = 0, indicatorsUpdated = 0
    /// Every cell the confidentiality rule suppresses, in key order.
    public var protectedCells: [Observation.Key] = []
    /// Earlier revisions removed because their cell is now suppressed (their values must not stay readable).
    public var revisionsWithdrawn = 0
    /// Stored social-index runs removed because they were computed from a value now suppressed:
    /// "definition period".
    public var indexRunsRemoved: [String] = []

    public var changesNothing: Bool {
        areasAdded + areasUpdated + indicatorsAdded + indicatorsUpdated == 0
            && files.allSatisfy { $0.inserted + $0.revised + $0.protected == 0 }
            && revisionsWithdrawn == 0 && indexRunsRemoved.isEmpty
    }

    /// Human-readable report lines (stderr).
    public func lines(dryRun: Bool) -> [String] {
        func verb(_ word: String) -> String { dryRun ? "would \(word)" : word == "change" ? "changed" : "\(word)ed" }
        var out: [String] = files.map { f in
            var parts = ["\(f.rowsRead) row\(f.rowsRead == 1 ? "" : "s") read"]
            if f.kind == .long || f.kind == .wide {
                parts.append("\(f.inserted) \(verb("add")), \(f.revised) \(dryRun ? "would revise" : "revised"), \(f.unchanged) unchanged")
            }
            if f.areasChanged > 0 { parts.append("\(f.areasChanged) area\(f.areasChanged == 1 ? "" : "s") \(verb("change"))") }
            if f.indicatorsChanged > 0 { parts.append("\(f.indicatorsChanged) indicator\(f.indicatorsChanged == 1 ? "" : "s") \(verb("change"))") }
            if f.protected > 0 {
                parts.append("\(f.protected) more cell\(f.protected == 1 ? "" : "s") \(dryRun ? "would be " : "")suppressed to protect suppressed values")
            }
            return "\(f.name) (\(f.kind.rawValue)\(f.encoding.map { ", " + $0 } ?? "")): " + parts.joined(separator: "; ")
        }
        if !protectedCells.isEmpty {
            let shown = protectedCells.prefix(10).map { "\($0.indicator) \($0.area) \($0.period)" }.joined(separator: ", ")
            let more = protectedCells.count > 10 ? " and \(protectedCells.count - 10) more" : ""
            out.append("Confidentiality: \(dryRun ? "would suppress" : "suppressed") \(shown)\(more) — a total with a suppressed part "
                       + "would give the suppressed value away (README \"Confidentiality\").")
        }
        if revisionsWithdrawn > 0 {
            out.append("\(dryRun ? "Would remove" : "Removed") \(revisionsWithdrawn) earlier revision\(revisionsWithdrawn == 1 ? "" : "s") "
                       + "of values that are now suppressed, so no command shows them any more.")
        }
        for run in indexRunsRemoved {
            out.append("\(dryRun ? "Would remove" : "Removed") the stored social index \(run): it was computed from a value that is now "
                       + "suppressed; compute it again (civicbrief index compute).")
        }
        if changesNothing {
            out.append(dryRun ? "Nothing would change." : "Nothing changed; the store was not written.")
        } else {
            let (add, update) = dryRun ? ("would add", "would update") : ("added", "updated")
            out.append("Areas: \(areasAdded) \(add), \(areasUpdated) \(update). "
                       + "Indicators: \(indicatorsAdded) \(add), \(indicatorsUpdated) \(update).")
        }
        return out
    }
}

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

    /// Compares a plan with the store (`db` nil when the store does not exist yet).
    static func diff(_ plan: ImportPlan, db: Database?) throws -> Change {
        var change = Change()
        let existingAreas = try db.map { try Dictionary(IndicatorStore.fetchAreas($0).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        let existingIndicators = try db.map { try Dictionary(IndicatorStore.fetchIndicators($0).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        var changedAreas = Set<String>(), changedIndicators = Set<String>()
        var hierarchyChanged = false
        for area in plan.areas where existingAreas[area.code] != area {
            change.areas.append(area)
            changedAreas.insert(area.code)
            if existingAreas[area.code]?.parent != area.parent || existingAreas[area.code] == nil { hierarchyChanged = true }
            if existingAreas[area.code] == nil { change.summary.areasAdded += 1 } else { change.summary.areasUpdated += 1 }
        }
        for ind in plan.indicators where existingIndicators[ind.code] != ind {
            change.indicators.append(ind)
            changedIndicators.insert(ind.code)
            if existingIndicators[ind.code] == nil { change.summary.indicatorsAdded += 1 } else { change.summary.indicatorsUpdated += 1 }
        }
        // Parents before children, so foreign keys hold at every insert.
        change.areas.sort { (levelOrder($0.level), $0.code) < (levelOrder($1.level), $1.code) }

        let involved = Set(plan.files.flatMap { $0.observations.map(\.indicator) })
        var current: [Observation.Key: Observation] = [:]
        if let db {
            for code in involved.sorted() {
                for row in try Row.fetchAll(db, sql: """
                    SELECT indicator_code, area_code, period, value, numerator, denominator, status, note
                    FROM observation WHERE is_current = 1 AND indicator_code = ?
                    """, arguments: [code]) {
                    if let o = IndicatorStore.observation(from: row) { current[o.key] = o }
                }
            }
        }
        let stored = current
        // Where the final version of each key this import writes is: (file, inserted?, index).
        var lastWriter: [Observation.Key: (file: Int, inserted: Bool, index: Int)] = [:]
        for (index, file) in plan.files.enumerated() {
            var ins: [Observation] = [], rev: [Observation] = []
            var unchanged = 0
            for o in file.observations {
                if let old = current[o.key] {
                    if old.sameContent(as: o) { unchanged += 1 } else { lastWriter[o.key] = (index, false, rev.count); rev.append(o) }
                } else {
                    lastWriter[o.key] = (index, true, ins.count)
                    ins.append(o)
                }
                // A later file in the same import sees this one's value.
                current[o.key] = o
            }
            change.inserted.append(ins)
            change.revised.append(rev)
            change.secondary.append([])
            change.summary.files.append(.init(name: file.name, kind: file.kind, encoding: file.encoding,
                                              rowsRead: file.rowsRead, inserted: ins.count, revised: rev.count,
                                              unchanged: unchanged,
                                              areasChanged: Set(file.areaCodes).intersection(changedAreas).count,
                                              indicatorsChanged: Set(file.indicatorCodes).intersection(changedIndicators).count))
        }

        // The confidentiality rule, on every indicator and period this import touches (all of them with a
        // suppressed cell when the hierarchy changed), on the data as it will be.
        var pairs = Set(plan.files.flatMap { $0.observations.map { Pair(indicator: $0.indicator, period: $0.period) } })
        if hierarchyChanged, let db {
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT indicator_code, period FROM observation WHERE is_current = 1 AND status = 'suppressed'") {
                if let p = Period(row[1] as String) { pairs.insert(Pair(indicator: row[0], period: p)) }
            }
        }
        var areas = existingAreas
        for a in plan.areas { areas[a.code] = a }
        let parents = areas.compactMapValues(\.parent)
        var units = existingIndicators.mapValues(\.unit)
        for i in plan.indicators { units[i.code] = i.unit }
        var byPair: [Pair: [String: Observation]] = [:]
        for (key, o) in current { byPair[Pair(indicator: key.indicator, period: key.period), default: [:]][key.area] = o }
        var protected: [Observation.Key] = [], ruled: Set<Observation.Key> = []
        var dropped: [Int: Set<Int>] = [:]  // revisions the rule turns back into the stored state, per file
        for pair in pairs.sorted() {
            guard let unit = units[pair.indicator] else { continue }
            var cells = byPair[pair] ?? [:]
            if !involved.contains(pair.indicator), let db {
                for row in try Row.fetchAll(db, sql: """
                    SELECT indicator_code, area_code, period, value, numerator, denominator, status, note
                    FROM observation WHERE is_current = 1 AND indicator_code = ? AND period = ?
                    """, arguments: [pair.indicator, pair.period.description]) {
                    if let o = IndicatorStore.observation(from: row) { cells[o.area] = o; current[o.key] = o }
                }
            }
            for area in Disclosure.secondary(unit: unit, cells: cells, parents: parents) {
                guard let o = cells[area] else { continue }
                let key = o.key
                let hidden = Disclosure.suppressing(o)
                ruled.insert(key)
                current[key] = hidden
                if let w = lastWriter[key] {
                    if w.inserted {
                        change.inserted[w.file][w.index] = hidden
                    } else if stored[key]?.sameContent(as: hidden) == true {
                        // Re-importing a value the rule suppressed before: nothing changes.
                        dropped[w.file, default: []].insert(w.index)
                        change.summary.files[w.file].revised -= 1
                        change.summary.files[w.file].unchanged += 1
                        continue
                    } else {
                        change.revised[w.file][w.index] = hidden
                    }
                    protected.append(key)
                    change.summary.files[w.file].protected += 1
                } else {
                    // A stored cell: revised on behalf of the last file that wrote this indicator and period.
                    let file = plan.files.lastIndex { f in f.observations.contains { $0.indicator == key.indicator && $0.period == key.period } }
                        ?? plan.files.count - 1
                    change.secondary[file].append(hidden)
                    protected.append(key)
                    change.summary.files[file].protected += 1
                }
            }
        }
        for (file, indices) in dropped {
            change.revised[file] = change.revised[file].enumerated().filter { !indices.contains($0.offset) }.map(\.element)
        }
        change.summary.protectedCells = protected.sorted()

        // What becomes unreadable: earlier values of cells now suppressed, and index runs computed from them.
        let newlySuppressed = current.values.filter { $0.status == .suppressed && stored[$0.key]?.status.hasValue == true }.map(\.key)
        if let db {
            var withdrawn = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Purge.staleRevisions))") ?? 0
            var runs = Set(try Purge.runs(db, sql: Purge.staleRuns))
            for key in newlySuppressed {
                withdrawn += try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM observation WHERE indicator_code = ? AND area_code = ? AND period = ?
                    AND (value IS NOT NULL OR numerator IS NOT NULL OR denominator IS NOT NULL)
                    """, arguments: [key.indicator, key.area, key.period.description]) ?? 0
                runs.formUnion(try Purge.runs(db, using: key))
            }
            change.summary.revisionsWithdrawn = withdrawn
            change.summary.indexRunsRemoved = runs.sorted()
        }

        let hidden = ruled
        change.digests = plan.files.enumerated().map { index, file in
            guard file.digestOfWrittenRows else { return file.digest.sha256(alsoDiscarding: hidden) }
            let written = (change.inserted[index] + change.revised[index] + change.secondary[index]).sorted { $0.key < $1.key }
            return Checksum.sha256Hex(Array(ObservationExport.csv(written).utf8))
        }
        return change
    }

    struct Pair: Hashable, Comparable {
        var indicator: String
        var period: Period
        static func < (l: Pair, r: Pair) -> Bool { l.indicator != r.indicator ? l.indicator < r.indicator : l.period < r.period }
    }

    private static func levelOrder(_ l: AreaLevel) -> Int {
        switch l { case .city: 0; case .district: 1; case .subdistrict: 2 }
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

/// The time recorded in import batches: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
public enum ImportClock {
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds: Double
        if let epoch = environment["SOURCE_DATE_EPOCH"], let s = Double(epoch) {
            seconds = s
        } else {
            seconds = Date().timeIntervalSince1970.rounded(.down)
        }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }
}

/// NULL rather than an empty text for optional columns.
private func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
