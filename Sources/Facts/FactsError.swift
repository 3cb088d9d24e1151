import IndicatorStore

/// A request the store cannot answer, said so a template author can fix it.
public enum FactsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownIndicator(String)
    case unknownArea(String)
    case wrongGranularity(indicator: String, period: String, expected: String)
    case noData(indicator: String)

    public var description: String {
        switch self {
        case .unknownIndicator(let code):
            "unknown indicator \"\(code)\" — list the indicator codes with `civicbrief inspect`"
        case .unknownArea(let code):
            "unknown area \"\(code)\" — area codes are text with leading zeros, e.g. \"03\"; list them with `civicbrief inspect`"
        case .wrongGranularity(let indicator, let period, let expected):
            "period \(period) does not fit indicator \(indicator), which is \(expected) — write the period as 2024-10 (month), 2024-Q3 (quarter) or 2024 (year)"
        case .noData(let indicator):
            "indicator \(indicator) has no values yet — import data or name a period explicitly"
        }
    }
}
