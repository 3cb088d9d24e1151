import IndicatorStore

/// Why a social index cannot be computed, said so the analyst can fix the definition or the data.
public enum SocialIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIndicator(definition: String, code: String)
    case mixedGranularity(definition: String)
    case noData(definition: String)
    case tooFewAreas(definition: String, kind: String, count: Int)
    case noVariation(definition: String, kind: String, indicator: String)

    public var description: String {
        switch self {
        case .unknownIndicator(let file, let code):
            "\(file): the status indicator \"\(code)\" is not in the store — import its metadata or correct status_indicators"
        case .mixedGranularity(let file):
            "\(file): the status indicators are measured at different intervals — use indicators of one granularity (all monthly, or all yearly)"
        case .noData(let file):
            "\(file): no period has values for every status indicator — import data or pass --period"
        case .tooFewAreas(let file, let kind, let count):
            "\(file): only \(count) area(s) qualify for the \(kind) index; z-standardisation needs at least 2 — lower minimum_population or import more areas"
        case .noVariation(let file, let kind, let indicator):
            "\(file): \(indicator) has the same \(kind == "status" ? "value" : "change") in every included area, so it cannot be z-standardised — check the data or remove it from status_indicators"
        }
    }
}

/// The Berlin MSS method (Monitoring Soziale Stadtentwicklung), as documented in README
/// "Social index (MSS method)":
/// 1. each status indicator is z-standardised across the included areas: z = (x − mean) / sd, with the
///    sample standard deviation (n − 1) unless the definition says `population`;
/// 2. the status sum is the sum of an area's z-values; the status index is the status sum z-standardised
///    again (same standard deviation kind);
/// 3. the dynamics repeat 1–2 on each indicator's change over the interval (percentage points);
/// 4. classes are assigned on the index rounded to the published decimals (or unrounded, if defined so).
/// Higher values always mean more disadvantage; an indicator whose polarity is higher-is-better enters
/// with its sign reversed.
public enum SocialIndex {
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Nil with fewer than two values.
    public static func standardDeviation(_ values: [Double], kind: StandardDeviationKind) -> Double? {
        guard values.count >= 2 else { return nil }
        let m = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let divisor = Double(kind == .sample ? values.count - 1 : values.count)
        return (squares / divisor).squareRoot()
    }

    /// z-values in the order given; nil when there are fewer than two values or no variation.
    public static func zScores(_ values: [Double], kind: StandardDeviationKind) -> [Double]? {
        guard let sd = standardDeviation(values, kind: kind), sd > 0 else { return nil }
        let m = mean(values)
        return values.map { ($0 - m) / sd }
    }

    /// The class an index value falls into. Each class owns its upper boundary if `includesUpper`.
    public static func classify(_ value: Double, classes: [IndexClass], basis: ClassificationBasis, decimals: Int) -> IndexClass? {
        let x = basis == .rounded ? value.roundedForDisplay(places: decimals) : value
        return classes.first { $0.contains(atMost: x) }
    }

    /// Values of one area as the method needs them.
    public struct AreaInput: Sendable, Equatable {
        public var area: String
        public var population: Int?
        /// Per status indicator (definition order): the observation in the index period and in the base period.
        public var current: [Observation?]
        public var base: [Observation?]

        public init(area: String, population: Int?, current: [Observation?], base: [Observation?]) {
            self.area = area; self.population = population; self.current = current; self.base = base
        }
    }

    private static func state(of observations: [Observation?]) -> IndexAreaState {
        if observations.contains(where: { $0?.status == .suppressed }) { return .inputSuppressed }
        if observations.contains(where: { $0?.value == nil }) { return .inputMissing }
        return .computed
    }

    /// The method on plain values (one entry per area, in any order; results come back by area code).
    /// `reversed` holds the indicators whose sign is flipped (higher value = less disadvantage).
    public static func compute(_ definition: SocialIndexDefinition, areas: [AreaInput],
                               reversed: Set<String> = []) throws -> [IndexAreaResult] {
        let codes = definition.statusIndicators
        let signs = codes.map { reversed.contains($0) ? -1.0 : 1.0 }
        var results: [String: IndexAreaResult] = [:]
        var statusAreas: [AreaInput] = [], dynamicsAreas: [AreaInput] = []
        for a in areas.sorted(by: { $0.area < $1.area }) {
            var s: IndexAreaState = .computed
            if let population = a.population {
                if population < definition.minimumPopulation { s = .excludedPopulation }
            } else {
                s = .populationUnknown
            }
            if s == .computed { s = state(of: a.current) }
            var d = s
            if s == .computed {
                statusAreas.append(a)
                d = state(of: a.base)
                if d == .computed { dynamicsAreas.append(a) }
            }
            results[a.area] = IndexAreaResult(area: a.area, statusState: s, dynamicsState: d)
        }

        // Status: z per indicator, sum, sum re-standardised.
        func standardise(_ rows: [[Double]], kind: String) throws -> (z: [[Double]], sums: [Double], index: [Double]) {
            guard rows.count >= 2 else { throw SocialIndexError.tooFewAreas(definition: definition.file, kind: kind, count: rows.count) }
            var columns: [[Double]] = []
            for (j, code) in codes.enumerated() {
                guard let z = zScores(rows.map { $0[j] * signs[j] }, kind: definition.standardDeviation) else {
                    throw SocialIndexError.noVariation(definition: definition.file, kind: kind, indicator: code)
                }
                columns.append(z)
            }
            let z = rows.indices.map { i in columns.map { $0[i] } }
            let sums = z.map { $0.reduce(0, +) }
            guard let index = zScores(sums, kind: definition.standardDeviation) else {
                throw SocialIndexError.noVariation(definition: definition.file, kind: kind, indicator: "the \(kind) sum")
            }
            return (z, sums, index)
        }

        do {
            let raw = statusAreas.map { a in a.current.map { $0?.value ?? 0 } }
            let s = try standardise(raw, kind: "status")
            for (i, a) in statusAreas.enumerated() {
                results[a.area]?.statusSum = s.sums[i]
                results[a.area]?.statusIndex = s.index[i]
                results[a.area]?.statusClass = classify(s.index[i], classes: definition.statusClasses,
                                                        basis: definition.classifyOn, decimals: definition.decimals)?.number
                results[a.area]?.components = codes.indices.map { j in
                    IndexComponent(indicator: codes[j], kind: .status, raw: raw[i][j], z: s.z[i][j])
                }
            }
        }
        if dynamicsAreas.count >= 2 {
            // Change over the interval in the indicator's unit (percentage points for shares).
            let raw = dynamicsAreas.map { a in zip(a.current, a.base).map { ($0?.value ?? 0) - ($1?.value ?? 0) } }
            let d = try standardise(raw, kind: "dynamics")
            for (i, a) in dynamicsAreas.enumerated() {
                results[a.area]?.dynamicsSum = d.sums[i]
                results[a.area]?.dynamicsIndex = d.index[i]
                results[a.area]?.dynamicsClass = classify(d.index[i], classes: definition.dynamicsClasses,
                                                          basis: definition.classifyOn, decimals: definition.decimals)?.number
                results[a.area]?.components += codes.indices.map { j in
                    IndexComponent(indicator: codes[j], kind: .dynamics, raw: raw[i][j], z: d.z[i][j])
                }
            }
        } else {
            // Too few areas with a base value: no dynamics for anyone, said per area.
            for a in dynamicsAreas { results[a.area]?.dynamicsState = .inputMissing }
        }
        return results.values.sorted { $0.area < $1.area }
    }

    /// Computes the index from the store. `period` defaults to the latest period in which every status
    /// indicator has a value somewhere.
    public static func run(_ definition: SocialIndexDefinition, store: IndicatorStore, period: Period? = nil,
                           computedAt: String) throws -> IndexRun {
        var indicators: [Indicator] = []
        for code in definition.statusIndicators {
            guard let ind = try store.indicator(code) else {
                throw SocialIndexError.unknownIndicator(definition: definition.file, code: code)
            }
            indicators.append(ind)
        }
        guard let granularity = indicators.first?.granularity, indicators.allSatisfy({ $0.granularity == granularity }) else {
            throw SocialIndexError.mixedGranularity(definition: definition.file)
        }
        var chosen = period
        if chosen == nil {
            var latest: [Period] = []
            for ind in indicators {
                guard let p = try store.latestPeriod(indicator: ind.code) else { throw SocialIndexError.noData(definition: definition.file) }
                latest.append(p)
            }
            chosen = latest.min()
        }
        guard let period = chosen, period.granularity == granularity else { throw SocialIndexError.noData(definition: definition.file) }
        let base = definition.basePeriod(for: period)
        let inputs = try store.indexInputs(indicators: definition.statusIndicators, level: definition.level, periods: [period, base])
        var cells: [String: Observation] = [:]
        for o in inputs.observations { cells["\(o.indicator)|\(o.area)|\(o.period)"] = o }
        let areaInputs = inputs.areas.map { a in
            AreaInput(area: a.code, population: a.population,
                      current: definition.statusIndicators.map { cells["\($0)|\(a.code)|\(period)"] },
                      base: definition.statusIndicators.map { cells["\($0)|\(a.code)|\(base)"] })
        }
        let reversed = Set(indicators.filter { $0.polarity == .higherIsBetter }.map(\.code))
        let results = try compute(definition, areas: areaInputs, reversed: reversed)
        return IndexRun(definition: definition, period: period, basePeriod: base, inputDigest: inputs.digest,
                        inputCount: inputs.count, computedAt: computedAt, results: results)
    }

    /// Periods of stored runs of `code` whose inputs changed since they were computed.
    public static func stalePeriods(definition code: String, store: IndicatorStore) throws -> [Period] {
        try storedRuns(in: store, definition: code).filter { try !isCurrent($0, store: store) }.map(\.period)
    }

    /// Whether a stored run still matches the data in the store (same input digest).
    public static func isCurrent(_ run: IndexRun, store: IndicatorStore) throws -> Bool {
        let inputs = try store.indexInputs(indicators: run.definition.statusIndicators, level: run.definition.level,
                                           periods: [run.period, run.basePeriod])
        return inputs.digest == run.inputDigest
    }
}
