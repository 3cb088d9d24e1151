import Document
import Facts
import IndicatorStore

// The data a briefing carries as files (README "Archival PDF and embedded data"): each table's and
// chart's values as a `Dataset`, built where the block is built, and the briefing's facts with the state
// of their data as `BriefingData`. Values are the store's own (no rounding, no formatting); a suppressed
// value is nil in every fact, so it cannot get here.

extension DataRecord {
    /// `value` of `indicator` for `area`, as a fact holds it.
    init(_ indicator: IndicatorInfo, _ area: AreaInfo, _ value: ValueFact) {
        self.init(indicator: indicator.code, indicatorName: indicator.name, area: area.code, areaName: area.name,
                  period: value.period, periodLabel: value.periodLabel, value: value.value,
                  status: DataStatus(rawValue: value.status) ?? .missing, unit: indicator.unit)
    }

    /// The values a fact states: current, previous period, a year earlier and the city's.
    static func stated(by fact: IndicatorFact) -> [DataRecord] {
        var records = [DataRecord(fact.indicator, fact.area, fact.current),
                       DataRecord(fact.indicator, fact.area, fact.previous.compared),
                       DataRecord(fact.indicator, fact.area, fact.yearEarlier.compared)]
        if let city = fact.city { records.append(DataRecord(fact.indicator, city.area, city.city)) }
        return records
    }
}

extension Dataset {
    /// Each record once (the first), in the order given.
    init(unique records: [DataRecord]) {
        var seen: Set<String> = []
        self.init(records: records.filter { seen.insert($0.key).inserted })
    }
}

extension FactSource {
    /// The records of a chart's series: every value the chart is drawn from.
    func chartRecords(_ indicator: Indicator, areas: [Area], periods: [Period], observations: [String: [Period: Observation]]) -> [DataRecord] {
        let format = Formatting(language)
        let english = language == .en
        return areas.flatMap { area in
            periods.map { period in
                let o = observations[area.code]?[period]
                return DataRecord(indicator: indicator.code, indicatorName: indicator.name(english: english), area: area.code,
                                  areaName: area.name, period: period.description, periodLabel: format.period(period),
                                  value: o?.value, status: DataStatus(rawValue: o?.status.rawValue ?? "missing") ?? .missing,
                                  unit: indicator.unit.rawValue)
            }
        }
    }

    /// The briefing's facts file: every value its text, key figures and tables were computed from
    /// (each fact looked up while rendering, and the notable changes it listed), the indicators'
    /// sources, the digest of all data the document shows and the social index it read.
    func briefingData(template: String, area: Area, blocks: [Block]) -> BriefingData {
        var values: [String: DataRecord] = [:]
        for fact in computedFacts { for r in DataRecord.stated(by: fact) where values[r.key] == nil { values[r.key] = r } }
        for change in computedNotableChanges {
            guard let indicator = indicators[change.indicatorCode] else { continue }
            let info = IndicatorInfo(indicator, language: language)
            for value in [change.current, change.compared] {
                let r = DataRecord(info, change.area, value)
                if values[r.key] == nil { values[r.key] = r }
            }
        }
        let sorted = values.values.sorted { ($0.indicator, $0.area, $0.period) < ($1.indicator, $1.area, $1.period) }
        var shown = sorted
        for block in blocks {
            switch block {
            case .table(let t): shown += t.data?.records ?? []
            case .figure(let f): shown += f.data?.records ?? []
            case .chart(let c): shown += c.data.dataset?.records ?? []
            default: break
            }
        }
        let lines = Set(shown.map(BriefingData.digestLine)).sorted()
        let codes = Set(shown.map(\.indicator))
        let english = language == .en
        let sources = codes.sorted().compactMap { indicators[$0] }.map { i in
            let d = i.definition(english: english)
            return DataSource(indicator: i.code, name: i.name(english: english), unit: i.unit.rawValue, decimals: i.decimals,
                              numerator: d.numerator, denominator: d.denominator, referenceDate: d.referenceDate,
                              source: i.source, licence: i.licence, synthetic: i.synthetic)
        }
        let index = (try? socialIndexReport()).flatMap { $0 }.map {
            SocialIndexState(code: $0.code, period: $0.period, basePeriod: $0.basePeriod, isCurrent: $0.isCurrent,
                             definitionSHA256: $0.definitionSHA256)
        }
        return BriefingData(template: template, area: area.code, period: period.description, language: language.tag,
                            values: sorted, sources: sources, dataDigest: Checksum.sha256Hex(Array(lines.joined().utf8)),
                            socialIndex: index)
    }
}
