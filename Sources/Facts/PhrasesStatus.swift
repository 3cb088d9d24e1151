import IndicatorStore

/// Table symbols for cells without a value. Never `0`, `nan` or an empty cell: an empty cell reads as
/// "nothing here" to a screen reader, and zero would be a false statement.
/// - `x`: suppressed for confidentiality (small case numbers), as in German official statistics.
/// - `–` (U+2013 en dash): no value for this period (not delivered, not collected).
/// Both symbols are the same in German and English; `legend(_:)` explains them in a table note.
public enum StatusSymbols {
    public static let suppressed = "x"
    public static let missing = "\u{2013}"
    /// Appended to provisional values in tables (`9,3 p`), as in German official statistics.
    public static let provisionalMark = "p"

    /// The note under a table that uses the symbols.
    public static func legend(_ language: Language) -> String {
        switch language {
        case .de: return "x = aus Datenschutzgründen gesperrt; \u{2013} = kein Wert vorhanden; p = vorläufiger Wert."
        case .en: return "x = withheld to protect privacy; \u{2013} = no value available; p = provisional value."
        }
    }
}

/// What a template writes when a value cannot be shown.
extension Phrases {
    /// A whole sentence: „Der Wert ist aus Datenschutzgründen gesperrt.“ / „Für diesen Zeitraum liegt kein Wert vor.“
    /// Nil for values that exist (final, provisional).
    public func statusSentence(_ status: ObservationStatus) -> String? {
        switch (status, language) {
        case (.suppressed, .de): return "Der Wert ist aus Datenschutzgründen gesperrt."
        case (.suppressed, .en): return "The value is withheld to protect privacy."
        case (.missing, .de): return "Für diesen Zeitraum liegt kein Wert vor."
        case (.missing, .en): return "No value is available for this period."
        case (.final, _), (.provisional, _): return nil
        }
    }

    /// A predicate for a sentence whose subject is the indicator („Die SGB-II-Quote ist aus
    /// Datenschutzgründen gesperrt.“). Nil for values that exist.
    public func statusClause(_ status: ObservationStatus) -> String? {
        switch (status, language) {
        case (.suppressed, .de): return "ist aus Datenschutzgründen gesperrt"
        case (.suppressed, .en): return "is withheld to protect privacy"
        case (.missing, .de): return "liegt für diesen Zeitraum nicht vor"
        case (.missing, .en): return "is not available for this period"
        case (.final, _), (.provisional, _): return nil
        }
    }

    /// `vorläufig` · `provisional` for provisional values, nil otherwise.
    public func provisionalNote(_ status: ObservationStatus) -> String? {
        guard status == .provisional else { return nil }
        return language == .de ? "vorläufig" : "provisional"
    }
}
