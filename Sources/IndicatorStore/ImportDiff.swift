import Foundation
import GRDB

// What an import changes, computed before anything is written (and again inside the write
// transaction): areas and indicators, observations new and revised per file, the confidentiality rule
// on the data as it will be, what becomes unreadable, and the SHA-256 each file's batch records.

extension Writer {
    /// Compares a plan with the store (`db` nil when the store does not exist yet).
    static func diff(_ plan: ImportPlan, db: Database?) throws -> Change {
        var diff = try ImportDiff(plan: plan, db: db)
        diff.compareMetadata()
        try diff.compareObservations()
        let ruled = try diff.applyConfidentiality()
        try diff.countWithdrawals()
        diff.recordDigests(ruled: ruled)
        return diff.change
    }

    struct Pair: Hashable, Comparable {
        var indicator: String
        var period: Period
        static func < (l: Pair, r: Pair) -> Bool { l.indicator != r.indicator ? l.indicator < r.indicator : l.period < r.period }
    }
}

/// The working state of `Writer.diff`, one step per method, in the order `diff` calls them.
struct ImportDiff {
    typealias Pair = Writer.Pair
    let plan: ImportPlan
    let db: Database?
    var change = Writer.Change()
    let existingAreas: [String: Area]
    let existingIndicators: [String: Indicator]
    var changedAreas = Set<String>(), changedIndicators = Set<String>()
    var hierarchyChanged = false
    /// Indicators the plan's files hold observations of.
    let involved: Set<String>
    /// Current observations as they will be after the import (the confidentiality rule included), and as stored.
    var current: [Observation.Key: Observation] = [:]
    var stored: [Observation.Key: Observation] = [:]
    /// Where the final version of each key this import writes is: (file, inserted?, index).
    var lastWriter: [Observation.Key: (file: Int, inserted: Bool, index: Int)] = [:]

    init(plan: ImportPlan, db: Database?) throws {
        self.plan = plan; self.db = db
        existingAreas = try db.map { try Dictionary(IndicatorStore.fetchAreas($0).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        existingIndicators = try db.map { try Dictionary(IndicatorStore.fetchIndicators($0).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        involved = Set(plan.files.flatMap { $0.observations.map(\.indicator) })
    }

    /// Areas and indicators that are new or differ from the stored ones.
    mutating func compareMetadata() {
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
        change.areas.sort { (Self.levelOrder($0.level), $0.code) < (Self.levelOrder($1.level), $1.code) }
    }

    private static func levelOrder(_ l: AreaLevel) -> Int {
        switch l { case .city: 0; case .district: 1; case .subdistrict: 2 }
    }

    /// Each file's observations as new, revised or unchanged; a later file in the same import sees an
    /// earlier one's values.
    mutating func compareObservations() throws {
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
        stored = current
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
    }

    /// The confidentiality rule (`Disclosure`) on every indicator and period this import touches (all of
    /// them with a suppressed cell when the hierarchy changed), on the data as it will be. Returns the
    /// cells it suppresses.
    mutating func applyConfidentiality() throws -> Set<Observation.Key> {
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
        return ruled
    }

    /// What becomes unreadable: earlier values of cells now suppressed, and index runs computed from them.
    mutating func countWithdrawals() throws {
        let newlySuppressed = current.values.filter { $0.status == .suppressed && stored[$0.key]?.status.hasValue == true }.map(\.key)
        guard let db else { return }
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

    /// The SHA-256 each file's batch records: of the file without the cells it discards (and those
    /// `ruled` suppresses), or — for generated rows — of the rows as written.
    mutating func recordDigests(ruled: Set<Observation.Key>) {
        let change = self.change
        self.change.digests = plan.files.enumerated().map { index, file in
            guard file.digestOfWrittenRows else { return file.digest.sha256(alsoDiscarding: ruled) }
            let written = (change.inserted[index] + change.revised[index] + change.secondary[index]).sorted { $0.key < $1.key }
            return Checksum.sha256Hex(Array(ObservationExport.csv(written).utf8))
        }
    }
}
