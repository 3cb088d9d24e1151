import IndicatorStore

/// Numbers, percentages, percentage points, euros and other units written for one document language.
///
/// Written by hand with explicit separators instead of Foundation's `NumberFormatter`, whose output
/// depends on the ICU data installed on the machine. Rules:
/// - Rounding: half away from zero on the decimal text of the value (`2.675` → `2,68`; see `DecimalText`).
/// - Grouping: thousands are always grouped from four digits on (`1.234`, `1,234`).
/// - Negative numbers take the minus sign U+2212 (`−0,3 Pp.`, `−1.234`), as typesetting requires —
///   a hyphen is no minus; screen readers announce it as "minus". Data files (export, the CSVs
///   embedded in a PDF) write plain numbers with the ASCII `-`. A value that rounds to zero is written
///   without a sign (`-0.04` with one decimal → `0,0`).
/// - German puts a no-break space (U+00A0) between number and `%` or `€` (DIN 5008); every unit written
///   as words (`0,4 Prozentpunkte`, `12,3 je 1.000`, `81,2 Jahre`) is joined to its number the same
///   way, so a number never wraps away from its unit; English writes `9.3%` and `€1,234` without a space.
/// - NaN and infinities are never shown as numbers: they are written as the missing-value symbol `–`.
public struct Formatting: Sendable, Equatable {
    public var language: Language

    public init(_ language: Language) { self.language = language }

    /// U+00A0, between a number and its unit in German.
    public static let noBreakSpace = "\u{00A0}"
    /// U+2212 MINUS SIGN.
    public static let minus = "\u{2212}"

    // MARK: - Plain numbers

    /// `1.234,5` (de) · `1,234.5` (en).
    public func number(_ value: Double, decimals: Int = 0) -> String {
        guard let d = DecimalText(value) else { return StatusSymbols.missing }
        return render(d.rounded(places: decimals), plusSign: false)
    }

    /// Like `number`, with a `+` before positive values: `+0,4`, `-1.234`, `0,0`. For changes in tables.
    public func signedNumber(_ value: Double, decimals: Int = 0) -> String {
        guard let d = DecimalText(value) else { return StatusSymbols.missing }
        return render(d.rounded(places: decimals), plusSign: true)
    }

    /// A whole number, e.g. a count of areas: `12.345`.
    public func integer(_ value: Int) -> String { number(Double(value), decimals: 0) }

    private func render(_ d: DecimalText, plusSign: Bool) -> String {
        var groups: [String] = []
        var digits = d.integer.map(String.init)
        while digits.count > 3 {
            groups.insert(digits.suffix(3).joined(), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits.joined(), at: 0)
        var text = groups.joined(separator: language.groupingSeparator)
        if !d.fraction.isEmpty {
            text += language.decimalSeparator + d.fraction.map(String.init).joined()
        }
        if d.isZero { return text }
        if d.negative { return Self.minus + text }
        return plusSign ? "+" + text : text
    }

    // MARK: - Units

    /// A share in percent (the stored value is already ×100): `9,3 %` (de) · `9.3%` (en).
    public func percent(_ value: Double, decimals: Int = 1, signed: Bool = false) -> String {
        let n = signed ? signedNumber(value, decimals: decimals) : number(value, decimals: decimals)
        guard value.isFinite else { return n }
        return language == .de ? n + Self.noBreakSpace + "%" : n + "%"
    }

    /// A difference between two percentages.
    /// Long: `0,4 Prozentpunkte` · `0.4 percentage points`; the singular only for exactly `1`
    /// without decimals (`1 Prozentpunkt`, but `1,0 Prozentpunkte`).
    /// Short, for tables: `0,4 Pp.` · `0.4 pp`.
    public func percentagePoints(_ value: Double, decimals: Int = 1, style: UnitStyle = .long, signed: Bool = false) -> String {
        let n = signed ? signedNumber(value, decimals: decimals) : number(value, decimals: decimals)
        guard value.isFinite else { return n }
        let unsignedText = number(abs(value), decimals: decimals)
        let singular = unsignedText == "1"
        switch (language, style) {
        case (.de, .long): return n + Self.noBreakSpace + (singular ? "Prozentpunkt" : "Prozentpunkte")
        case (.de, .short): return n + Self.noBreakSpace + "Pp."
        case (.en, .long): return n + Self.noBreakSpace + (singular ? "percentage point" : "percentage points")
        case (.en, .short): return n + Self.noBreakSpace + "pp"
        }
    }

    /// Euros: `1.234 €` (de) · `€1,234` (en); negative `-1.234 €` · `-€1,234`.
    public func euro(_ value: Double, decimals: Int = 0, signed: Bool = false) -> String {
        guard let d = DecimalText(value) else { return StatusSymbols.missing }
        let r = d.rounded(places: decimals)
        switch language {
        case .de:
            return render(r, plusSign: signed) + Self.noBreakSpace + "€"
        case .en:
            var magnitude = r
            magnitude.negative = false
            let body = "€" + render(magnitude, plusSign: false)
            if r.isZero { return body }
            if r.negative { return Self.minus + body }
            return signed ? "+" + body : body
        }
    }

    /// A rate per thousand: `12,3 je 1.000` · `12.3 per 1,000`.
    public func perThousand(_ value: Double, decimals: Int = 1, signed: Bool = false) -> String {
        let n = signed ? signedNumber(value, decimals: decimals) : number(value, decimals: decimals)
        guard value.isFinite else { return n }
        let nb = Self.noBreakSpace
        return n + (language == .de ? nb + "je" + nb + "1.000" : nb + "per" + nb + "1,000")
    }

    /// A duration in years: `81,2 Jahre` · `81.2 years`; `1 Jahr` · `1 year`.
    public func years(_ value: Double, decimals: Int = 1, signed: Bool = false) -> String {
        let n = signed ? signedNumber(value, decimals: decimals) : number(value, decimals: decimals)
        guard value.isFinite else { return n }
        let singular = number(abs(value), decimals: decimals) == "1"
        switch language {
        case .de: return n + Self.noBreakSpace + (singular ? "Jahr" : "Jahre")
        case .en: return n + Self.noBreakSpace + (singular ? "year" : "years")
        }
    }

    /// A value of `unit` as shown in text and tables. Counts and index values are plain numbers.
    public func quantity(_ value: Double, unit: IndicatorUnit, decimals: Int, signed: Bool = false) -> String {
        switch unit {
        case .percent: return percent(value, decimals: decimals, signed: signed)
        case .euro: return euro(value, decimals: decimals, signed: signed)
        case .perThousand: return perThousand(value, decimals: decimals, signed: signed)
        case .years: return years(value, decimals: decimals, signed: signed)
        case .count, .index: return signed ? signedNumber(value, decimals: decimals) : number(value, decimals: decimals)
        }
    }

    /// For template filters, which see units as text (`percent`, `%`, `Anzahl`, `EUR`, …; see
    /// `Unit(lenient:)`). Nil for an unknown unit, so the filter can report the template's mistake.
    public func quantity(_ value: Double, unitName: String, decimals: Int, signed: Bool = false) -> String? {
        guard let unit = IndicatorUnit(lenient: unitName) else { return nil }
        return quantity(value, unit: unit, decimals: decimals, signed: signed)
    }

    /// An absolute change of a value of `unit`: percentage points for percentages, otherwise the unit
    /// itself (`+120`, `+12 €`, `+0,3 Jahre`).
    public func change(_ delta: Double, unit: IndicatorUnit, decimals: Int, style: UnitStyle = .long, signed: Bool = true) -> String {
        if unit == .percent { return percentagePoints(delta, decimals: decimals, style: style, signed: signed) }
        return quantity(delta, unit: unit, decimals: decimals, signed: signed)
    }

    /// A cell's text: the formatted value, or the table symbol for a suppressed (`x`) or missing (`–`) cell.
    /// A provisional value gets no mark here; use `StatusSymbols.provisionalMark` next to it if wanted.
    public func cell(_ value: Double?, status: ObservationStatus, unit: IndicatorUnit, decimals: Int) -> String {
        switch status {
        case .suppressed: return StatusSymbols.suppressed
        case .missing: return StatusSymbols.missing
        case .final, .provisional:
            guard let value, value.isFinite else { return StatusSymbols.missing }
            return quantity(value, unit: unit, decimals: decimals)
        }
    }
}

/// Long units in running text, short ones in tables.
public enum UnitStyle: String, Sendable, Codable {
    case long, short
}
