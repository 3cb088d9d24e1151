import Facts
import Foundation
import IndicatorStore
import Narrative

// The period of a publish run, decided once for the whole run so every document states the same
// periods for the same things: the run reports by the coarsest granularity among its templates (a
// quarterly report with monthly profiles is a quarterly run), the manifest says which period of it
// (`latest-complete`, `latest` or a fixed one) and how far behind the newest data it may fall, and each
// document gets that period in its own granularity (a monthly profile in a 2026-Q3 run shows 2026-09,
// the quarter's last month, so it and the report use one reference date and one social index).

public enum PeriodSelection: Sendable, Equatable, CustomStringConvertible {
    /// The latest period in which every district has a value for each main indicator (README).
    case latestComplete
    /// The newest period with any value, complete or not.
    case latest
    case fixed(Period)

    /// `latest-complete`, `latest`, or a period such as `2026-10`; nil for anything else.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "latest-complete", "latest complete": self = .latestComplete
        case "latest": self = .latest
        default:
            guard let p = Period(text) else { return nil }
            self = .fixed(p)
        }
    }

    public var description: String {
        switch self {
        case .latestComplete: "latest-complete"
        case .latest: "latest"
        case .fixed(let p): p.description
        }
    }
}

/// One district without a value for one main indicator in one period: why a period is not complete.
public struct PeriodGap: Codable, Sendable, Equatable, CustomStringConvertible {
    public var period: Period
    public var indicator: String
    public var area: String
    public var areaName: String
    /// `suppressed`, `missing`, or `not imported` (no row at all).
    public var state: String

    public var description: String { "\(indicator) has no value for \(areaName) (\(area)) in \(period) (\(state))" }

    enum CodingKeys: String, CodingKey {
        case period, indicator, area, areaName = "area_name", state
    }
}

/// The periods a run resolved, with why it is not the newest (the run manifest's `periods`).
public struct ResolvedPeriods: Codable, Sendable, Equatable {
    /// As asked: `latest-complete`, `latest` or the fixed period.
    public var selection: String
    public var maxLag: Int?
    /// `month`, `quarter` or `year`: the run's granularity.
    public var granularity: String
    /// The run's period.
    public var reference: Period
    /// The newest period of the run's granularity with any value of its main indicators.
    public var newest: Period?
    /// Periods between `reference` and `newest` (0: the newest).
    public var lag: Int
    /// Each template (as written in the manifest) with the period its documents report.
    public var documents: [String: Period]
    /// Main-indicator values missing in the periods after `reference` up to `newest` (for `latest`:
    /// in `reference` itself), at most `PeriodResolver.gapLimit` per period.
    public var gaps: [PeriodGap]
    /// How many gaps there were in all (more than `gaps` holds when cut).
    public var gapCount: Int

    enum CodingKeys: String, CodingKey {
        case selection, maxLag = "max_lag", granularity, reference, newest, lag, documents, gaps, gapCount = "gap_count"
    }

    /// The period a template's documents report: the run's, or the last period of the template's finer
    /// granularity within it.
    public func period(for template: String) -> Period { documents[template] ?? reference }

    /// One line for stderr and the run manifest's warnings when the run is not at the newest period.
    public var lagWarning: String? {
        guard lag > 0, let newest else { return nil }
        let unit = lag == 1 ? granularity : granularity + "s"
        let shown = gaps.prefix(3).map(\.description).joined(separator: "; ")
        let more = gapCount > 3 ? "; and \(gapCount - 3) more" : ""
        return "period \(reference) is \(lag) \(unit) behind the newest data (\(newest)), which is incomplete: \(shown)\(more)"
    }
}

/// Why the run's period cannot be used (exit 2, nothing written).
public struct PeriodProblem: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public enum PeriodResolver {
    /// Gaps kept per period in the run manifest (all are counted).
    public static let gapLimit = 20

    /// Resolves the run's period for `templates` (paths as the jobs read them, with the name the manifest
    /// gave each) from `store`. Templates whose front matter cannot be read are left out here; their
    /// documents fail with the template's own problems.
    public static func resolve(selection: PeriodSelection, maxLag: Int?, templates: [(name: String, path: String)],
                               store: IndicatorStore) throws -> ResolvedPeriods {
        var headers: [(name: String, header: TemplateHeader)] = []
        for t in templates {
            if let h = try? BriefingRenderer.header(templatePath: t.path) { headers.append((t.name, h)) }
        }
        guard let granularity = headers.map(\.header.granularity).max() else {
            // Nothing readable: each document reports its own problems (for the newest month there is).
            guard let p = (try? latestAnyPeriod(store: store, granularity: .month, indicators: [])) ?? nil else {
                throw PeriodProblem(message: "no template of the manifest could be read and the store has no data — "
                                    + "check the template paths (civicbrief check MANIFEST) and import data")
            }
            return ResolvedPeriods(selection: selection.description, maxLag: maxLag, granularity: "month",
                                   reference: p, newest: p, lag: 0, documents: [:], gaps: [], gapCount: 0)
        }
        let reference = headers.filter { $0.header.granularity == granularity }
        // One template naming no main indicators means every indicator of the granularity.
        let codes: [String] = reference.contains { $0.header.mainIndicators.isEmpty } ? []
            : Array(Set(reference.flatMap { $0.header.mainIndicators.map(\.code) })).sorted()
        let indicators = try mainIndicators(codes, granularity: granularity, store: store)
        let newest = try latestAnyPeriod(store: store, granularity: granularity, indicators: codes)
        let noun = granularity.rawValue
        let period: Period
        switch selection {
        case .fixed(let p):
            guard p.granularity == granularity else {
                let names = reference.map(\.name).joined(separator: ", ")
                let example = Period.containing(year: p.year, month: p.lastMonth, day: 1, granularity: granularity)?.description ?? ""
                throw PeriodProblem(message: "period \(p) is a \(p.granularity.rawValue), but this run reports by \(noun) (\(names)) — give a \(noun) such as \(example)")
            }
            period = p
        case .latest:
            guard let newest else { throw PeriodProblem(message: "the store has no \(noun)ly data for \(indicators.joined(separator: ", ")) — import data first") }
            period = newest
        case .latestComplete:
            guard let p = try FactsBuilder(store: store).latestCompletePeriod(granularity: granularity, indicators: codes) else {
                let gaps = try newest.map { try self.gaps(in: $0, indicators: indicators, store: store) } ?? []
                let why = gaps.prefix(3).map(\.description).joined(separator: "; ")
                throw PeriodProblem(message: "no \(noun) of the last three years is complete for \(indicators.joined(separator: ", "))"
                                    + (why.isEmpty ? "" : " (\(why))") + " — import the missing values, or give --period")
            }
            period = p
        }
        let lag = newest.map { max(0, $0.ordinal - period.ordinal) } ?? 0
        var gaps: [PeriodGap] = [], count = 0
        let incomplete: [Period] = selection == .latest ? [period]
            : (lag > 0 ? Period.range(from: period.next(), through: newest ?? period) : [])
        for q in incomplete {
            let found = try self.gaps(in: q, indicators: indicators, store: store)
            count += found.count
            gaps += found.prefix(gapLimit)
        }
        var documents: [String: Period] = [:]
        for (name, header) in headers {
            documents[name] = self.period(period, as: header.granularity)
        }
        let resolved = ResolvedPeriods(selection: selection.description, maxLag: maxLag, granularity: noun,
                                       reference: period, newest: newest, lag: lag,
                                       documents: documents, gaps: gaps, gapCount: count)
        if case .fixed = selection {} else if let maxLag, lag > maxLag {
            throw PeriodProblem(message: (resolved.lagWarning ?? "period \(period) is \(lag) behind the newest data")
                                + " — more than max_lag \(maxLag) allows; import the missing values, give --period \(period) to publish it anyway, or raise max_lag")
        }
        return resolved
    }

    /// `period` in `granularity`: itself, or the last period of the finer granularity that ends with it.
    public static func period(_ period: Period, as granularity: Granularity) -> Period {
        guard granularity != period.granularity else { return period }
        let end = period.lastDay
        return Period.containing(year: end.year, month: end.month, day: end.day, granularity: granularity) ?? period
    }

    /// The districts without a value for each of `indicators` in `period`.
    public static func gaps(in period: Period, indicators: [String], store: IndicatorStore) throws -> [PeriodGap] {
        let districts = try store.areas(level: .district)
        var result: [PeriodGap] = []
        for code in indicators {
            let cells = Dictionary(try store.crossSection(indicator: code, level: .district, period: period).map { ($0.area, $0) },
                                   uniquingKeysWith: { a, _ in a })
            for d in districts {
                let state: String
                if let o = cells[d.code] {
                    if o.status.hasValue && o.value != nil { continue }
                    state = o.status.rawValue
                } else {
                    state = "not imported"
                }
                result.append(PeriodGap(period: period, indicator: code, area: d.code, areaName: d.name, state: state))
            }
        }
        return result
    }

    /// The main indicators the run's granularity is judged by (as `latestCompletePeriod` takes them).
    static func mainIndicators(_ codes: [String], granularity: Granularity, store: IndicatorStore) throws -> [String] {
        let all = try store.indicators().filter { $0.granularity == granularity }.map(\.code)
        return codes.isEmpty ? all : codes.filter(all.contains)
    }

    /// The newest period with any value of the main indicators.
    static func latestAnyPeriod(store: IndicatorStore, granularity: Granularity, indicators codes: [String]) throws -> Period? {
        try mainIndicators(codes, granularity: granularity, store: store).compactMap { try store.latestPeriod(indicator: $0) }.max()
    }
}
