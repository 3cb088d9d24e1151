/// How often an indicator is measured, and therefore which periods its observations use.
public enum Granularity: String, Sendable, Codable, CaseIterable, Comparable {
    case month, quarter, year

    /// Periods of this granularity per year.
    public var periodsPerYear: Int {
        switch self {
        case .month: 12
        case .quarter: 4
        case .year: 1
        }
    }

    /// English adjective used in error messages ("monthly", …).
    public var adjective: String {
        switch self {
        case .month: "monthly"
        case .quarter: "quarterly"
        case .year: "yearly"
        }
    }

    private var rank: Int {
        switch self {
        case .month: 0
        case .quarter: 1
        case .year: 2
        }
    }

    public static func < (lhs: Granularity, rhs: Granularity) -> Bool { lhs.rank < rhs.rank }
}

/// A calendar period: a month (`2024-10`), a quarter (`2024-Q3`) or a year (`2024`).
///
/// Periods of one granularity are ordered in time. Periods of different granularities are ordered
/// by their first month and then month < quarter < year, so sorting never traps; comparing
/// across granularities carries no further meaning.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible, LosslessStringConvertible, Codable {
    public let granularity: Granularity
    public let year: Int
    /// Month 1…12, quarter 1…4, or 1 for a year.
    public let index: Int

    public init?(granularity: Granularity, year: Int, index: Int) {
        guard (1...9999).contains(year), (1...granularity.periodsPerYear).contains(index) else { return nil }
        self.granularity = granularity
        self.year = year
        self.index = index
    }

    /// Internal constructor for values already known to be in range.
    private init(unchecked granularity: Granularity, year: Int, index: Int) {
        self.granularity = granularity
        self.year = year
        self.index = index
    }

    public static func month(_ year: Int, _ month: Int) -> Period? { Period(granularity: .month, year: year, index: month) }
    public static func quarter(_ year: Int, _ quarter: Int) -> Period? { Period(granularity: .quarter, year: year, index: quarter) }
    public static func year(_ year: Int) -> Period? { Period(granularity: .year, year: year, index: 1) }

    /// Parses the canonical forms `2024-10`, `2024-Q3` (also `2024-q3`) and `2024`.
    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(digits: first) else { return nil }
        switch parts.count {
        case 1:
            self.init(granularity: .year, year: year, index: 1)
        case 2:
            let second = parts[1]
            if second.count == 2, let q = second.first, q == "Q" || q == "q", let n = Int(digits: second.dropFirst()) {
                self.init(granularity: .quarter, year: year, index: n)
            } else if second.count == 2, let m = Int(digits: second) {
                self.init(granularity: .month, year: year, index: m)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    /// The period of `granularity` that contains the given calendar day.
    public static func containing(year: Int, month: Int, day: Int, granularity: Granularity) -> Period? {
        guard (1...12).contains(month), (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else { return nil }
        switch granularity {
        case .month: return .month(year, month)
        case .quarter: return .quarter(year, (month - 1) / 3 + 1)
        case .year: return .year(year)
        }
    }

    /// Parses a period written in any form real exports use: `2024-10`, `2024-Q3`, `2024`, or a reference
    /// date `31.12.2024` / `2024-12-31`, which stands for the period of `granularity` containing that day.
    public static func parse(_ text: String, granularity: Granularity) -> Period? {
        if let p = Period(text) { return p }
        guard let day = CalendarDay(text) else { return nil }
        return containing(year: day.year, month: day.month, day: day.day, granularity: granularity)
    }

    /// `2024-10`, `2024-Q3` or `2024`.
    public var description: String {
        switch granularity {
        case .month: return "\(Self.pad4(year))-\(index < 10 ? "0" : "")\(index)"
        case .quarter: return "\(Self.pad4(year))-Q\(index)"
        case .year: return Self.pad4(year)
        }
    }

    private static func pad4(_ y: Int) -> String {
        let s = String(y)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Consecutive number within the granularity: adding 1 gives the next period.
    public var ordinal: Int { year * granularity.periodsPerYear + index - 1 }

    private static func from(ordinal: Int, granularity: Granularity) -> Period {
        let n = granularity.periodsPerYear
        let year = ordinal >= 0 ? ordinal / n : (ordinal - n + 1) / n
        return Period(unchecked: granularity, year: year, index: ordinal - year * n + 1)
    }

    /// The period `count` steps later (earlier when negative).
    public func advanced(by count: Int) -> Period { Self.from(ordinal: ordinal + count, granularity: granularity) }
    public func next() -> Period { advanced(by: 1) }
    /// The period immediately before this one (the previous month, quarter or year).
    public func previous() -> Period { advanced(by: -1) }
    /// The same period one year earlier (`2024-10` → `2023-10`).
    public func yearEarlier() -> Period { Period(unchecked: granularity, year: year - 1, index: index) }

    /// Number of steps from `other` to `self` (both must share a granularity).
    public func distance(from other: Period) -> Int? {
        guard other.granularity == granularity else { return nil }
        return ordinal - other.ordinal
    }

    /// First and last calendar month covered (1…12).
    public var firstMonth: Int {
        switch granularity {
        case .month: index
        case .quarter: (index - 1) * 3 + 1
        case .year: 1
        }
    }
    public var lastMonth: Int { firstMonth + 12 / granularity.periodsPerYear - 1 }

    /// The last day of the period, the usual reference date (`2024-12-31`).
    public var lastDay: CalendarDay {
        CalendarDay(unchecked: year, lastMonth, CalendarDay.daysIn(month: lastMonth, year: year))
    }

    /// Every period of `granularity` from `from` through `to`, inclusive.
    public static func range(from: Period, through to: Period) -> [Period] {
        guard from.granularity == to.granularity, from <= to else { return [] }
        return (from.ordinal...to.ordinal).map { Period.from(ordinal: $0, granularity: from.granularity) }
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        let l = (lhs.year, lhs.firstMonth), r = (rhs.year, rhs.firstMonth)
        if l != r { return l < r }
        return lhs.granularity < rhs.granularity
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let p = Period(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a period: \(text)"))
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A calendar day without time zone, used for reference dates (`31.12.2024`, stored as `2024-12-31`).
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    fileprivate init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `31.12.2024` (German) or `2024-12-31` (ISO).
    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        let dotted = t.split(separator: ".", omittingEmptySubsequences: false)
        let dashed = t.split(separator: "-", omittingEmptySubsequences: false)
        if dotted.count == 3, (1...2).contains(dotted[0].count), (1...2).contains(dotted[1].count), dotted[2].count == 4,
           let d = Int(digits: dotted[0]), let m = Int(digits: dotted[1]), let y = Int(digits: dotted[2]) {
            self.init(year: y, month: m, day: d)
        } else if dashed.count == 3, dashed[0].count == 4, dashed[1].count == 2, dashed[2].count == 2,
                  let y = Int(digits: dashed[0]), let m = Int(digits: dashed[1]), let d = Int(digits: dashed[2]) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO form `2024-12-31`, as stored.
    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension Int {
    /// Parses ASCII digits only (no sign, no spaces), unlike `Int(_:)` which accepts `+1`.
    init?<S: StringProtocol>(digits: S) {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(String(digits)) else { return nil }
        self = v
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
