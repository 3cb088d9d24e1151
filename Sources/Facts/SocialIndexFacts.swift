import IndicatorStore

/// What a template may know about one area in the social index. Numbers are present only when
/// `state == "computed"`; otherwise `phrase` says why there is none (excluded, suppressed, stale).
public struct SocialIndexAreaFact: Sendable, Equatable, Codable {
    public var area: AreaInfo
    /// Code of the area's parent (the Stadtteil of a Stadtbezirk), for district profiles.
    public var parent: String?
    /// `computed`, `excluded_population`, `population_unknown`, `input_suppressed`, `input_missing`,
    /// or `stale` (the stored index no longer matches the data; nothing is shown).
    public var state: String
    public var statusIndex: Double?
    /// `0,42` · `0.42` (published decimals), or the missing-value symbol.
    public var statusIndexText: String
    /// Class number as in the MSS tables (status 1 hoch … 4 sehr niedrig).
    public var statusClass: Int?
    /// `mittel` (stable key for templates and colours).
    public var statusClassKey: String?
    /// `mittel` · `medium`.
    public var statusClassLabel: String?
    public var dynamicsState: String
    public var dynamicsIndex: Double?
    public var dynamicsIndexText: String
    /// Class number (dynamics 1 positiv … 3 negativ).
    public var dynamicsClass: Int?
    public var dynamicsClassKey: String?
    public var dynamicsClassLabel: String?
    /// `2/3` (status class / dynamics class), nil unless both exist.
    public var combinedClass: String?
    /// `Status mittel, Dynamik negativ` · `status medium, dynamics negative`.
    public var combinedLabel: String?
    /// One sentence for running text.
    public var phrase: String
}

/// One row of the 4 × 3 matrix: a status class and, per dynamics class, the areas in it.
public struct SocialIndexMatrixRow: Sendable, Equatable, Codable {
    public var statusClass: Int
    public var statusClassLabel: String
    /// One cell per dynamics class, in class order.
    public var cells: [SocialIndexMatrixCell]
}

public struct SocialIndexMatrixCell: Sendable, Equatable, Codable {
    public var dynamicsClass: Int
    public var dynamicsClassLabel: String
    /// Area names, sorted by code.
    public var areas: [String]
    public var count: Int
    /// `Moisling, Buntekuh` or `–` for an empty cell (never empty: screen readers skip empty cells).
    public var text: String
}

/// The social index as templates see it: the stored run, whether it still matches the data, every area.
public struct SocialIndexReport: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var level: String
    /// `2026-10` and `Oktober 2026`.
    public var period: String
    public var periodText: String
    public var basePeriod: String
    public var basePeriodText: String
    /// False when the data changed after the index was computed: every area is then `stale`.
    public var isCurrent: Bool
    public var computedAt: String
    public var definitionSHA256: String
    public var areas: [SocialIndexAreaFact]
    /// Status classes × dynamics classes (4 × 3 for MSS), with the areas in each cell.
    public var matrix: [SocialIndexMatrixRow]
    /// Column headings of the matrix: the dynamics class labels.
    public var matrixColumns: [String]
    /// Areas without a class (excluded, suppressed, no dynamics), with their phrase.
    public var unclassified: [SocialIndexAreaFact]
    /// How to read the index, for a note under the table.
    public var explanation: String
    /// A staleness warning sentence, nil when current.
    public var warning: String?

    /// The fact of one area, if the index covers its level.
    public func area(_ code: String) -> SocialIndexAreaFact? { areas.first { $0.area.code == code } }

    /// The areas whose parent is `code` (the Stadtbezirke of a Stadtteil), by code.
    public func members(of code: String) -> [SocialIndexAreaFact] { areas.filter { $0.parent == code } }

    /// The matrix as a GFM table (status class rows, dynamics class columns).
    public func matrixMarkdown(_ language: Language) -> String {
        let head = language == .de ? "Status \\ Dynamik" : "Status \\ dynamics"
        var lines = ["| \(head) | " + matrixColumns.joined(separator: " | ") + " |",
                     "|---|" + matrixColumns.map { _ in "---|" }.joined()]
        for row in matrix {
            lines.append("| \(row.statusClassLabel) | " + row.cells.map(\.text).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

extension SocialIndexReport {
    /// The stored index `code` (or the newest one) for `period` (or the newest), with every area of its
    /// level. Nil when no index was computed. A run whose inputs changed is returned with `isCurrent`
    /// false and no numbers: a briefing never shows an index that does not match its data.
    /// With `asOf` (a briefing's period), the newest run whose period has ended by the end of `asOf`,
    /// so an October report never shows a November index.
    public static func load(store: IndicatorStore, code: String? = nil, period: Period? = nil, asOf: Period? = nil,
                            language: Language) throws -> SocialIndexReport? {
        // Every briefing of a publish run reads the same index from the same snapshot.
        let key = "SocialIndexReport|\(code ?? "")|\(period?.description ?? "")|\(asOf?.description ?? "")|\(language.rawValue)"
        return try store.memoized(key) { () throws -> SocialIndexReport? in
            let runs = try SocialIndex.storedRuns(in: store, definition: code).filter { run in
                (period == nil || run.period == period) && (asOf.map { run.period.lastDay <= $0.lastDay } ?? true)
            }
            guard let run = runs.first else { return nil }
            let current = try SocialIndex.isCurrent(run, store: store)
            let areas = try store.areas(level: run.definition.level)
            return SocialIndexReport(run: run, areas: areas, isCurrent: current, language: language)
        }
    }

    /// Builds the facts from plain values (tests build them by hand).
    public init(run: IndexRun, areas: [Area], isCurrent: Bool, language: Language) {
        let def = run.definition
        let phrases = Phrases(language), format = phrases.format
        let byCode = Dictionary(run.results.map { ($0.area, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ c: IndexClass) -> String { language == .de ? c.nameDE : c.nameEN }
        let periodText = format.period(run.period)

        var facts: [SocialIndexAreaFact] = []
        for area in areas {
            let r = byCode[area.code]
            let state = isCurrent ? (r?.statusState.rawValue ?? "not_computed") : "stale"
            let dState = isCurrent ? (r?.dynamicsState.rawValue ?? "not_computed") : "stale"
            let show = isCurrent && r?.statusState == .computed
            let showD = isCurrent && r?.dynamicsState == .computed
            let sClass = show ? def.statusClasses.first { $0.number == r?.statusClass } : nil
            let dClass = showD ? def.dynamicsClasses.first { $0.number == r?.dynamicsClass } : nil
            let sIndex = show ? r?.statusIndex : nil, dIndex = showD ? r?.dynamicsIndex : nil
            let sText = sIndex.map { format.number($0, decimals: def.decimals) } ?? StatusSymbols.missing
            let dText = dIndex.map { format.number($0, decimals: def.decimals) } ?? StatusSymbols.missing
            var combined: String?, combinedLabel: String?
            if let sClass, let dClass {
                combined = "\(sClass.number)/\(dClass.number)"
                combinedLabel = language == .de ? "Status \(label(sClass)), Dynamik \(label(dClass))"
                                                : "status \(label(sClass)), dynamics \(label(dClass))"
            }
            let phrase = Self.sentence(area: area.name, state: state, dynamicsState: dState, statusClass: sClass.map(label),
                                       statusText: sText, dynamicsClass: dClass.map(label), dynamicsText: dText,
                                       minimum: format.integer(def.minimumPopulation), period: periodText, language: language)
            facts.append(SocialIndexAreaFact(
                area: AreaInfo(area), parent: area.parent, state: state, statusIndex: sIndex, statusIndexText: sText, statusClass: sClass?.number,
                statusClassKey: sClass?.key, statusClassLabel: sClass.map(label), dynamicsState: dState, dynamicsIndex: dIndex,
                dynamicsIndexText: dText, dynamicsClass: dClass?.number, dynamicsClassKey: dClass?.key,
                dynamicsClassLabel: dClass.map(label), combinedClass: combined, combinedLabel: combinedLabel, phrase: phrase))
        }
        let matrix = def.statusClasses.map { s in
            SocialIndexMatrixRow(statusClass: s.number, statusClassLabel: label(s), cells: def.dynamicsClasses.map { d in
                let names = facts.filter { $0.statusClass == s.number && $0.dynamicsClass == d.number }.map(\.area.name)
                return SocialIndexMatrixCell(dynamicsClass: d.number, dynamicsClassLabel: label(d), areas: names, count: names.count,
                                             text: names.isEmpty ? StatusSymbols.missing : names.joined(separator: ", "))
            })
        }
        self.init(code: def.code, name: def.name, level: def.level.rawValue, period: run.period.description,
                  periodText: periodText, basePeriod: run.basePeriod.description, basePeriodText: format.period(run.basePeriod),
                  isCurrent: isCurrent, computedAt: run.computedAt, definitionSHA256: def.sha256, areas: facts,
                  matrix: matrix, matrixColumns: def.dynamicsClasses.map(label),
                  unclassified: facts.filter { $0.combinedClass == nil },
                  explanation: Self.explanation(years: def.dynamicsYears, language: language),
                  warning: isCurrent ? nil : Self.staleWarning(language))
    }

    static func explanation(years: Int, language: Language) -> String {
        switch language {
        case .de:
            return "Der Statusindex fasst Arbeitslosigkeit, Transferbezug und Kinderarmut zusammen; je höher der Index, "
                + "desto größer die soziale Benachteiligung (Status „hoch“ = wenig, „sehr niedrig“ = sehr viel Benachteiligung). "
                + "Der Dynamikindex misst die Veränderung über \(years) Jahre; „negativ“ heißt, die Lage hat sich verschlechtert."
        case .en:
            return "The status index combines unemployment, benefit receipt and child poverty; the higher the index, "
                + "the greater the social disadvantage (status “high” = little, “very low” = much disadvantage). "
                + "The dynamics index measures the change over \(years) years; “negative” means the situation got worse."
        }
    }

    /// For readers of a briefing: what is missing and why, never what an operator should run (that goes
    /// to stderr and the run manifest, see Publishing's index check).
    static func staleWarning(_ language: Language) -> String {
        language == .de
            ? "Der gespeicherte Sozialindex passt nicht mehr zu den aktuellen Daten und wird deshalb nicht gezeigt; er wird mit der nächsten Berechnung wieder ausgewiesen."
            : "The stored social index no longer matches the current data and is therefore not shown; it will be shown again once it has been recomputed."
    }

    static func sentence(area: String, state: String, dynamicsState: String, statusClass: String?, statusText: String,
                         dynamicsClass: String?, dynamicsText: String, minimum: String, period: String,
                         language: Language) -> String {
        let q = Formatting(language).quoted
        switch (state, language) {
        case ("computed", .de):
            let status = "gehört \(area) im Sozialindex (Stand \(period)) zur Statusklasse \(q(statusClass ?? "")) (Statusindex \(statusText))"
            if let dynamicsClass {
                return "Nach der MSS-Methode \(status) und zur Dynamikklasse \(q(dynamicsClass)) (Dynamikindex \(dynamicsText))."
            }
            return "Nach der MSS-Methode \(status); eine Dynamik lässt sich nicht berechnen, weil Vergleichswerte fehlen oder gesperrt sind."
        case ("computed", .en):
            let status = "\(area) is in status class \(q(statusClass ?? "")) (status index \(statusText))"
            if let dynamicsClass {
                return "In the social index (MSS method, \(period)), \(status) and dynamics class \(q(dynamicsClass)) (dynamics index \(dynamicsText))."
            }
            return "In the social index (MSS method, \(period)), \(status); no dynamics can be computed because comparison values are missing or withheld."
        case ("excluded_population", .de):
            return "\(area) ist nicht im Sozialindex enthalten, weil dort weniger als \(minimum) Menschen wohnen."
        case ("excluded_population", .en):
            return "\(area) is not included in the social index because fewer than \(minimum) people live there."
        case ("population_unknown", .de):
            return "\(area) ist nicht im Sozialindex enthalten, weil keine Einwohnerzahl vorliegt."
        case ("population_unknown", .en):
            return "\(area) is not included in the social index because its population is unknown."
        case ("input_suppressed", .de):
            return "Für \(area) wird kein Sozialindex ausgewiesen, weil Eingangswerte aus Datenschutzgründen gesperrt sind."
        case ("input_suppressed", .en):
            return "No social index is shown for \(area) because input values are withheld to protect privacy."
        case ("input_missing", .de), ("not_computed", .de):
            return "Für \(area) wird kein Sozialindex ausgewiesen, weil Eingangswerte fehlen."
        case ("input_missing", .en), ("not_computed", .en):
            return "No social index is shown for \(area) because input values are missing."
        case (_, .de):
            return "Für \(area) wird kein Sozialindex gezeigt: " + staleWarning(.de)
        case (_, .en):
            return "No social index is shown for \(area): " + staleWarning(.en)
        }
    }
}
