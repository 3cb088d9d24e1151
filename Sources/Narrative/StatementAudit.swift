import Facts
import Foundation

/// The statement audit of a briefing (`render --explain FILE.json`): every number and comparison word
/// the briefing printed, with the indicator, area, period and status it came from and the rule that
/// chose the word — so a reviewer, or a test, can check each sentence against the store.
public struct StatementAudit: Sendable, Codable, Equatable {
    public var template: String
    public var area: String
    public var period: String
    public var language: String
    public var statements: [AuditedStatement]
}

public struct AuditedStatement: Sendable, Codable, Equatable {
    /// `value`, `cityValue`, `change`, `comparison`, `rank`, `trend`, `notable`, `tile`, `cell`,
    /// `socialIndex`, `number` (a number printed from the context, e.g. a parameter) or `text`.
    public var kind: String
    /// What the briefing printed.
    public var text: String
    /// Where the template prints it: `FILE:LINE:COLUMN` (blocks: the fence line).
    public var place: String?
    public var expression: String?
    public var indicator: String?
    public var area: String?
    public var period: String?
    /// `final`, `provisional`, `suppressed`, `missing`.
    public var status: String?
    public var value: Double?
    /// The value compared with (the city, the previous period, a year earlier).
    public var compared: ComparedValue?
    /// The word chosen: a `CityDeviation` (`wellAbove` …), a direction (`rising` …), `rank`.
    public var word: String?
    public var rule: AppliedRule?
    public var rank: AppliedRank?

    public init(kind: String, text: String, place: String? = nil, expression: String? = nil) {
        self.kind = kind; self.text = text; self.place = place; self.expression = expression
    }
}

public struct ComparedValue: Sendable, Codable, Equatable {
    /// `city`, `previousPeriod`, `yearEarlier`.
    public var role: String
    public var area: String
    public var period: String
    public var status: String
    public var value: Double?
}

public struct AppliedRule: Sendable, Codable, Equatable {
    /// `points`, `relative`, `share`, `none` (comparisons) or `direction` (changes, trends).
    public var measure: String
    public var about: Double?
    public var clear: Double?
    /// `unit` or `indicator`.
    public var origin: String?
    /// Area minus city (or current minus earlier) as displayed, in the unit.
    public var difference: Double?
    /// The same in percent of the compared value.
    public var relativePercent: Double?
    public var floorApplied: Bool?
    /// The rule in words, e.g. „|+9,4| ≥ 5 Prozentpunkte → deutlich“.
    public var explanation: String
}

public struct AppliedRank: Sendable, Codable, Equatable {
    public var position: Int
    public var count: Int
    public var ties: Int
    /// `lowest` or `highest`: what rank 1 is.
    public var firstIs: String
}

/// Collects statements while a briefing renders.
final class StatementRecorder: @unchecked Sendable {
    private(set) var statements: [AuditedStatement] = []

    func add(_ statement: AuditedStatement) { statements.append(statement) }

    // MARK: - From facts

    /// The statement a printed expression makes, from the fact it came from.
    static func statement(kind: String, text: String, place: String?, expression: String?, fact: IndicatorFact) -> AuditedStatement {
        var s = AuditedStatement(kind: kind, text: text, place: place, expression: expression)
        s.indicator = fact.indicator.code
        s.area = fact.area.code
        s.period = fact.current.period
        s.status = fact.current.status
        s.value = fact.current.value
        switch kind {
        case "comparison":
            if let city = fact.city {
                s.compared = ComparedValue(role: "city", area: city.area.code, period: city.city.period,
                                           status: city.city.status, value: city.city.value)
                s.word = city.category ?? city.unavailableReason
                s.rule = AppliedRule(measure: city.rule.measure.rawValue, about: city.rule.about, clear: city.rule.clear,
                                     origin: city.rule.origin, difference: city.deviation, relativePercent: city.relativePercent,
                                     floorApplied: city.floorApplied, explanation: explain(city, fact: fact))
            } else {
                s.word = "noCity"
            }
        case "cityValue":
            if let city = fact.city {
                s.area = city.area.code
                s.status = city.city.status
                s.value = city.city.value
            }
        case "change", "changeYear", "changeCell":
            let change = kind == "changeYear" ? fact.yearEarlier : fact.previous
            // A change printed as a signed number in a table cell keeps its own kind: its sign is its word.
            s.kind = kind == "changeCell" ? "changeCell" : "change"
            s.compared = ComparedValue(role: change.basis, area: fact.area.code, period: change.compared.period,
                                       status: change.compared.status, value: change.compared.value)
            s.word = change.direction ?? (fact.current.hasValue ? "notComparable" : "noValue")
            s.rule = AppliedRule(measure: "direction", difference: change.absolute, relativePercent: change.relativePercent,
                                 explanation: change.available ? "current − earlier as displayed: > 0 rising, < 0 falling, 0 unchanged" : "one of the values is missing")
        case "trend":
            s.word = fact.trend.direction
            s.rule = AppliedRule(measure: "direction", difference: fact.trend.windowChange,
                                 explanation: "\(fact.trend.periodsInRow) period-on-period changes in a row in the same direction, never across a gap")
        case "rank":
            if let r = fact.rank {
                s.word = "rank"
                s.rank = AppliedRank(position: r.position, count: r.count, ties: r.ties, firstIs: r.firstIs)
            } else {
                s.word = "noRank"
            }
        default: break
        }
        return s
    }

    static func explain(_ city: CityFact, fact: IndicatorFact) -> String {
        guard let category = city.category, let d = city.deviation else {
            return "not compared: \(city.unavailableReason ?? "no value")"
        }
        let rule = city.rule
        let size: String
        switch rule.measure {
        case .points, .share: size = "|difference| \(abs(d)) against about < \(rule.about), clear ≥ \(rule.clear)"
        case .relative: size = "|relative difference| \(city.relativePercent.map { String(abs($0)) } ?? "∞") % against about < \(rule.about) %, clear ≥ \(rule.clear) %"
        case .none: size = "not compared"
        }
        let floor = city.floorApplied ? "; raised by the small-share floor (city share below \(ComparisonRule.smallShareBelow) %: relative ≥ \(ComparisonRule.smallShareSlight) % slight, ≥ \(ComparisonRule.smallShareClear) % clear)" : ""
        return "\(rule.measure.rawValue) rule (\(rule.origin)): \(size) → \(category)\(floor)"
    }
}
