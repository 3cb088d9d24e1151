import IndicatorStore

/// Dates and periods, written without the process locale.
extension Formatting {
    static let germanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                               "September", "Oktober", "November", "Dezember"]
    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    /// `Oktober` · `October` (month 1…12); empty for anything else.
    public func monthName(_ month: Int) -> String {
        guard (1...12).contains(month) else { return "" }
        return language == .de ? Self.germanMonths[month - 1] : Self.englishMonths[month - 1]
    }

    /// `Oktober 2024` · `October 2024`; `3. Quartal 2024` · `Q3 2024`; `2024`. The words of a period
    /// are joined by no-break spaces: „3. Quartal 2024“ never breaks across lines.
    public func period(_ period: Period) -> String {
        let nb = Self.noBreakSpace
        switch (period.granularity, language) {
        case (.month, _): return monthName(period.index) + nb + String(period.year)
        case (.quarter, .de): return "\(period.index).\(nb)Quartal\(nb)\(period.year)"
        case (.quarter, .en): return "Q\(period.index)\(nb)\(period.year)"
        case (.year, _): return String(period.year)
        }
    }

    /// A period where space is short (chart axes, column headers): `Okt. 2024` · `Oct 2024`;
    /// `3. Q. 2024` · `Q3 2024`; `2024`. German never writes „Q3“ (the long form is „3. Quartal 2024“).
    public func shortPeriod(_ period: Period) -> String {
        let nb = Self.noBreakSpace
        switch (period.granularity, language) {
        case (.month, .de):
            let names = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."]
            return names[period.index - 1] + nb + String(period.year)
        case (.month, .en):
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return names[period.index - 1] + nb + String(period.year)
        case (.quarter, .de): return "\(period.index).\(nb)Q.\(nb)\(period.year)"
        case (.quarter, .en): return "Q\(period.index)\(nb)\(period.year)"
        case (.year, _): return String(period.year)
        }
    }

    /// A reference date: `31.12.2024` (de, the form German tables use) · `31 December 2024` (en-GB).
    public func date(_ day: CalendarDay) -> String {
        switch language {
        case .de: return "\(pad2(day.day)).\(pad2(day.month)).\(day.year)"
        case .en: return "\(day.day)\(Self.noBreakSpace)\(monthName(day.month))\(Self.noBreakSpace)\(day.year)"
        }
    }

    /// A date in running text: `31. Dezember 2024` · `31 December 2024` (no-break spaces: a date never breaks).
    public func longDate(_ day: CalendarDay) -> String {
        let nb = Self.noBreakSpace
        switch language {
        case .de: return "\(day.day).\(nb)\(monthName(day.month))\(nb)\(day.year)"
        case .en: return "\(day.day)\(nb)\(monthName(day.month))\(nb)\(day.year)"
        }
    }

    private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Quotation marks: „Moisling“ (de, U+201E … U+201C) · “Moisling” (en-GB, U+201C … U+201D).
    public func quoted(_ text: String) -> String {
        language == .de ? "\u{201E}\(text)\u{201C}" : "\u{201C}\(text)\u{201D}"
    }
}
