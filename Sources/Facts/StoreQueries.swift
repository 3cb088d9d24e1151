import IndicatorStore

// What a template, a block or a briefing's set-up may ask of the data besides facts — the areas, an
// indicator's periods, a series for a chart, a cross-section for a table or map, the stored social
// index — answered through the builder, so the template stage never holds the store itself.

extension FactsBuilder {
    public func indicator(_ code: String) -> Indicator? { indicators[code] }

    public func area(_ code: String) -> Area? { areas[code] }

    /// The areas of `level`, by code.
    public func areas(level: AreaLevel) -> [Area] { areaList.filter { $0.level == level } }

    /// The newest period with a value of `indicator`, nil when it has none.
    public func latestPeriod(indicator code: String) throws -> Period? {
        try store.latestPeriod(indicator: code)
    }

    /// The observations of `indicator` in `area`, oldest first, within `from`…`to` when given.
    public func series(indicator: String, area: String, from: Period? = nil, to: Period? = nil) throws -> [Observation] {
        try store.series(indicator: indicator, area: area, from: from, to: to)
    }

    /// Every area of `level` in `period` for `indicator`, by area code (suppressed and missing cells included).
    public func crossSection(indicator: String, level: AreaLevel, period: Period) throws -> [Observation] {
        try store.crossSection(indicator: indicator, level: level, period: period)
    }

    /// The latest complete period of `granularity`: the latest period in which every district has a final
    /// or provisional value for each of `indicators` (default: every indicator of that granularity).
    /// Looks back at most three years; nil when no period is complete.
    public func latestCompletePeriod(granularity: Granularity, indicators codes: [String]) throws -> Period? {
        let all = indicatorList.filter { $0.granularity == granularity }
        let chosen = codes.isEmpty ? all.map(\.code) : codes.filter { c in all.contains { $0.code == c } }
        let districts = areas(level: .district).map(\.code)
        guard !chosen.isEmpty, !districts.isEmpty else { return nil }
        guard let newest = try chosen.compactMap({ try latestPeriod(indicator: $0) }).max() else { return nil }
        var p = newest
        for _ in 0..<(3 * granularity.periodsPerYear) {
            var complete = true
            for code in chosen {
                let values = Set(try crossSection(indicator: code, level: .district, period: p)
                    .filter { $0.status.hasValue && $0.value != nil }.map(\.area))
                if !districts.allSatisfy(values.contains) { complete = false; break }
            }
            if complete { return p }
            p = p.previous()
        }
        return nil
    }

    /// The stored social index a briefing about `period` shows (see `SocialIndexReport.load`), in the
    /// builder's language; nil when none is stored.
    public func socialIndexReport(asOf period: Period) throws -> SocialIndexReport? {
        try SocialIndexReport.load(store: store, asOf: period, language: language)
    }
}
