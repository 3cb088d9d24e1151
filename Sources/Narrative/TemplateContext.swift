import Facts
import Foundation
import IndicatorStore
import Stencil

// What templates see. Stencil has no function calls, so lookups are dictionary-like objects:
//   facts.arm_sgb2            the focus area's IndicatorFact for the briefing period
//   cityfacts.arm_sgb2        the same for the city
//   districtfacts.arm_sgb2    one IndicatorFact per district (a list, ordered by area code)
//   indicators.arm_sgb2       IndicatorInfo: name, shortLabel, footnote (definition and source), …
//   notable                   NotableChanges among districts against the previous period
//   notable_year              … against the same period a year earlier
//   domains                   [{code, name, facts: [IndicatorFact]}] for the focus area, every indicator
//   socialindex               SocialIndexReport (matrix, periodText, isCurrent, warning, explanation)
//   socialindex_area          the focus area's SocialIndexAreaFact, if the index covers its level
//   socialindex_members       the index facts of the focus area's sub-areas (a Stadtteil's Stadtbezirke)
// An unknown code is recorded as a problem (and renders as nothing), so `check` reports it.

/// The period an indicator is reported for in a briefing about `period`: the same period when the
/// granularities match; otherwise the latest period of the indicator's own granularity that has ended by
/// the end of `period` (a yearly indicator in the October 2026 pack shows 2025), never later than its data.
func reportingPeriod(for indicator: Indicator, briefing period: Period, latest: Period?) -> Period? {
    if indicator.granularity == period.granularity { return period }
    let end = period.lastDay
    guard var candidate = Period.containing(year: end.year, month: end.month, day: end.day, granularity: indicator.granularity) else { return latest }
    if candidate.lastDay > end { candidate = candidate.previous() }
    if let latest, latest < candidate { return latest }
    return candidate
}

/// Shared state of one render: what Facts answered, cached, and the problems found on the way.
final class FactSource: @unchecked Sendable {
    let builder: FactsBuilder
    let language: Language
    let period: Period
    let indicators: [String: Indicator]
    let areas: [String: Area]
    let city: Area?
    let problems: ProblemCollector
    private var latest: [String: Period?] = [:]
    private var cache: [String: IndicatorFact] = [:]
    private var templateFacts: [String: TemplateObject] = [:]
    private var socialIndex: Result<SocialIndexReport?, any Error>?
    private var templateDistrictFacts: [String: [TemplateObject]] = [:]
    /// Codes looked up that do not exist, with the lookup name (`facts`, `indicators`, …).
    private(set) var unknownLookups: [(lookup: String, code: String)] = []
    /// Time spent computing facts (store queries included) and drawing charts, for `--timings`.
    var factsTime: Duration = .zero
    var chartsTime: Duration = .zero
    /// Notable-change lists the template read, for the briefing's facts file.
    var computedNotableChanges: [NotableChange] = []
    /// Every fact computed so far (template and blocks), by indicator and area.
    var computedFacts: [IndicatorFact] { cache.keys.sorted().compactMap { cache[$0] } }
    /// Indicators the briefing has shown so far (facts, metadata, blocks): what a definitions block lists by default.
    private(set) var mentioned: Set<String> = []

    func mention(_ code: String) { if indicators[code] != nil { mentioned.insert(code) } }

    /// Codes in the order a reader meets them in overviews: the store's domain order, then by code.
    func inDomainOrder(_ codes: some Sequence<String>) -> [String] {
        let rank = Dictionary(uniqueKeysWithValues: Domain.allCases.enumerated().map { ($1, $0) })
        return codes.compactMap { indicators[$0] }
            .sorted { (rank[$0.domain] ?? 0, $0.code) < (rank[$1.domain] ?? 0, $1.code) }.map(\.code)
    }

    init(facts: FactsBuilder, language: Language, period: Period, problems: ProblemCollector) {
        builder = facts.speaking(language)
        self.language = language
        self.period = period
        indicators = Dictionary(facts.indicatorList.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        areas = Dictionary(facts.areaList.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        city = facts.city
        self.problems = problems
    }

    func recordUnknown(_ lookup: String, _ code: String) {
        if !unknownLookups.contains(where: { $0.lookup == lookup && $0.code == code }) { unknownLookups.append((lookup, code)) }
    }

    func latestPeriod(_ code: String) -> Period? {
        if let cached = latest[code] { return cached }
        let p = try? builder.latestPeriod(indicator: code)
        latest[code] = p
        return p
    }

    func periodFor(_ code: String) -> Period? {
        guard let indicator = indicators[code] else { return nil }
        return reportingPeriod(for: indicator, briefing: period, latest: latestPeriod(code))
    }

    /// The fact, or nil (with the reason recorded) when the indicator or area is unknown or has no data.
    /// `mention: false` for lookups that only choose what to show (the shown ones are mentioned then).
    func fact(_ code: String, area: String, lookup: String, mention: Bool = true) -> IndicatorFact? {
        guard indicators[code] != nil else { recordUnknown(lookup, code); return nil }
        if mention { mentioned.insert(code) }
        let key = code + "\u{0}" + area
        if let f = cache[key] { return f }
        let started = ContinuousClock.now
        defer { factsTime += ContinuousClock.now - started }
        guard let p = periodFor(code) else { return nil }
        do {
            let f = try builder.fact(indicator: code, area: area, period: p)
            cache[key] = f
            return f
        } catch {
            return nil
        }
    }

    /// The newest stored social index run whose period has ended by the briefing's end, read once
    /// per briefing (the context and a map both ask; reading checks the index against its inputs).
    func socialIndexReport() throws -> SocialIndexReport? {
        if socialIndex == nil {
            socialIndex = Result { try builder.socialIndexReport(asOf: period) }
        }
        return try socialIndex!.get()
    }

    /// `fact` as templates see it, one object per fact so its members are reflected once.
    func templateFact(_ code: String, area: String, lookup: String) -> TemplateObject? {
        let key = code + "\u{0}" + area
        if let known = templateFacts[key] { return known }
        guard let f = fact(code, area: area, lookup: lookup) else { return nil }
        let object = TemplateObject(f)
        templateFacts[key] = object
        return object
    }

    func templateDistrictFacts(_ code: String) -> [TemplateObject]? {
        if let known = templateDistrictFacts[code] { return known }
        guard indicators[code] != nil else { recordUnknown("districtfacts", code); return nil }
        let objects = areas.values.filter { $0.level == .district }.sorted { $0.code < $1.code }
            .compactMap { templateFact(code, area: $0.code, lookup: "districtfacts") }
        templateDistrictFacts[code] = objects
        return objects
    }
}

/// `facts.<code>` for one area.
final class FactLookup: DynamicMemberLookup, @unchecked Sendable {
    let source: FactSource
    let area: String
    let name: String
    init(source: FactSource, area: String, name: String) { self.source = source; self.area = area; self.name = name }
    subscript(dynamicMember member: String) -> Any? { source.templateFact(member, area: area, lookup: name) }
}

/// `districtfacts.<code>`: the indicator in every district.
final class DistrictFactsLookup: DynamicMemberLookup, @unchecked Sendable {
    let source: FactSource
    init(source: FactSource) { self.source = source }
    subscript(dynamicMember member: String) -> Any? { source.templateDistrictFacts(member) }
}

/// `indicators.<code>`: metadata and the footnote with definition and source.
final class IndicatorLookup: DynamicMemberLookup, @unchecked Sendable {
    let source: FactSource
    init(source: FactSource) { self.source = source }
    subscript(dynamicMember member: String) -> Any? {
        guard let i = source.indicators[member] else { source.recordUnknown("indicators", member); return nil }
        source.mention(member)
        return TemplateObject(IndicatorInfo(i, language: source.language))
    }
}

/// `notable.improvements` …, computed on first use (it reads a cross-section per indicator).
final class NotableLookup: DynamicMemberLookup, @unchecked Sendable {
    let source: FactSource
    let basis: ChangeBasis
    private var computed: NotableChanges?
    private var failed = false
    init(source: FactSource, basis: ChangeBasis) { self.source = source; self.basis = basis }
    subscript(dynamicMember member: String) -> Any? {
        if computed == nil && !failed {
            computed = try? source.builder.notableChanges(period: source.period, level: .district, basis: basis)
            failed = computed == nil
            if let c = computed { source.computedNotableChanges += c.improvements + c.deteriorations + c.neutral }
        }
        guard let c = computed else { return nil }
        return Mirror(reflecting: c).descendant(member).flatMap(templateValue)
    }
}

/// Domain names in both languages (the store keeps only the German one).
func domainName(_ domain: Domain, _ language: Language) -> String {
    guard language == .en else { return domain.germanName }
    switch domain {
    case .demography: return "Population"
    case .education: return "Education"
    case .incomePoverty: return "Income and poverty"
    case .labour: return "Labour"
    case .health: return "Health"
    case .digital: return "Digital participation"
    case .socialServices: return "Social services"
    }
}

/// The template's variables for one briefing.
func makeContext(source: FactSource, area: Area, params: [String: Any], templateName: String) -> [String: Any] {
    let language = source.language
    let format = Formatting(language)
    func areaDict(_ a: Area) -> [String: Any] {
        var d: [String: Any] = ["code": a.code, "name": a.name, "level": a.level.rawValue,
                                "is_city": a.level == .city]
        if let p = a.population { d["population"] = p }
        // The population's reference date, so a text citing it can say when it was counted.
        if let day = a.populationDate { d["population_date"] = format.date(day) }
        if let parent = a.parent, let pa = source.areas[parent] { d["parent"] = ["code": pa.code, "name": pa.name] }
        return d
    }
    let districts = source.areas.values.filter { $0.level == .district }.sorted { $0.code < $1.code }
    // Every domain with the indicators that have data, in the store's domain order, facts for the focus area.
    // Computed when a template first uses it: that is every indicator's fact, which a template that
    // never lists the domains (the monthly report) would compute for nothing.
    let domains = LazyValueWrapper(Domain.allCases.compactMap { domain -> [String: Any]? in
        let codes = source.indicators.values.filter { $0.domain == domain }.map(\.code).sorted()
        let facts = codes.compactMap { source.templateFact($0, area: area.code, lookup: "domains") }
        guard !facts.isEmpty else { return nil }
        return ["code": domain.rawValue, "name": domainName(domain, language), "facts": facts,
                "indicators": codes]
    } as [[String: Any]])
    // The area's indicators with a notable change on the previous period or a year earlier, largest
    // (against its threshold) first: what a profile's first page names.
    let notableHere = LazyValueWrapper(source.inDomainOrder(source.indicators.keys).compactMap { code -> (TemplateObject, Double)? in
        guard let f = source.fact(code, area: area.code, lookup: "notable_here", mention: false),
              f.previous.notable || f.yearEarlier.notable else { return nil }
        source.mention(code)
        let score = max(f.previous.notable ? f.previous.score ?? 1 : 0, f.yearEarlier.notable ? f.yearEarlier.score ?? 1 : 0)
        return (source.templateFact(code, area: area.code, lookup: "notable_here") ?? TemplateObject(f), score)
    }.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map { $0.element.0 } as [TemplateObject])
    let synthetic = source.indicators.values.contains { $0.synthetic }
    var context: [String: Any] = [
        "area": areaDict(area),
        "period": ["code": source.period.description, "label": format.period(source.period),
                   "granularity": source.period.granularity.rawValue,
                   "previous": format.period(source.period.previous()),
                   "year_earlier": format.period(source.period.yearEarlier()),
                   "last_day": format.longDate(source.period.lastDay)],
        "lang": language == .de ? "de" : "en",
        "params": params,
        "facts": FactLookup(source: source, area: area.code, name: "facts"),
        "indicators": IndicatorLookup(source: source),
        "districtfacts": DistrictFactsLookup(source: source),
        "notable": NotableLookup(source: source, basis: .previousPeriod),
        "notable_year": NotableLookup(source: source, basis: .yearEarlier),
        "districts": districts.map(areaDict),
        "domains": domains,
        "notable_here": notableHere,
        "synthetic": synthetic,
        "legend": StatusSymbols.legend(language),
        "template": templateName,
    ]
    context["profile"] = TemplateObject(source.builder.profileFact)
    if let city = source.city {
        context["city"] = areaDict(city)
        context["cityfacts"] = FactLookup(source: source, area: city.code, name: "cityfacts")
    }
    // The social index (MSS method): the newest stored run whose period has ended by the briefing's end.
    // A stale run comes with isCurrent false and no numbers (README "Social index (MSS method)").
    context["socialindex_members"] = [Any]()
    if let report = try? source.socialIndexReport() {
        context["socialindex"] = TemplateObject(report)
        if let own = report.area(area.code) { context["socialindex_area"] = TemplateObject(own) }
        context["socialindex_members"] = report.members(of: area.code).map(TemplateObject.init)
        let noun = AreaLevel(rawValue: report.level).map(source.builder.profile.noun)
        if let summary = report.summary(for: area.code, language: language, noun: noun) { context["socialindex_summary"] = summary }
    }
    return context
}
