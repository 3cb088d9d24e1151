/// Simple numbers for Leichte Sprache / easy-read text: a share in percent becomes words a reader with
/// low numeracy can picture („fast jede 10. Person“ instead of „9,3 %“).
///
/// `easyShare` — rules, applied to the percentage rounded to one decimal (half away from zero):
/// - 0 → „keine Person“; 100 → „alle Personen“; 95 up to under 100 → „fast alle Personen“;
///   below 1 → „weniger als 1 von 100 Personen“.
/// - Otherwise the nearest reference share, by percentage points, of: 1 … 8 von 100 (1–8 %),
///   jede 10. … jede 3. Person (10–33 %), die Hälfte, 2 von 3, 3 von 4, 4 von 5, 9 von 10.
///   The widest gap between two neighbours is a third to a half, so the spoken share is never more
///   than 8,4 percentage points from the true one (44 % is „fast die Hälfte“, not „mehr als jedes 3. Kind“).
/// - Within 3 % (relative) of the reference the share is stated plainly („jede 4. Person“); below it
///   „fast“ is put before it, above it „mehr als“, so the words never claim more than is true.
/// Words inside a phrase are joined by no-break spaces, so „jede 10. Person“ never breaks across lines.
/// Returns nil for values outside 0…100 and for NaN.
extension Phrases {
    static let nbsp = "\u{00A0}"

    /// The largest distance, in percentage points, between a share and its spoken reference.
    public static let easyShareMaximumDistance = 8.4

    public func easyShare(_ percent: Double, of noun: Noun = .person) -> String? {
        guard percent.isFinite else { return nil }
        let p = percent.roundedForDisplay(places: 1)
        guard p >= 0, p <= 100 else { return nil }
        let forms = noun.forms(language)
        let de = language == .de
        let s = Self.nbsp
        func join(_ words: String...) -> String { words.filter { !$0.isEmpty }.joined(separator: s) }

        if p == 0 { return de ? join(forms.gender == .feminine ? "keine" : "kein", forms.singular) : join("no", forms.plural) }
        if p == 100 { return join(de ? "alle" : "all", forms.plural) }
        if p >= 95 { return de ? join("fast", "alle", forms.plural) : join("almost", "all", forms.plural) }
        if p < 1 { return de ? join("weniger", "als", "1", "von", "100", forms.dativePlural) : join("fewer", "than", "1", "in", "100", forms.plural) }

        // Reference shares (numerator, denominator), low to high.
        // „k von 100“ only below 9 %: from there on „jede 10. Person“ is the simpler picture (9,3 % is
        // „fast jede 10. Person“).
        let references: [(Int, Int)] = (1...8).map { ($0, 100) } + (3...10).reversed().map { (1, $0) }
            + [(1, 2), (2, 3), (3, 4), (4, 5), (9, 10)]
        func share(_ r: (Int, Int)) -> Double { Double(r.0) * 100 / Double(r.1) }
        guard var best = references.first else { return nil }
        for r in references.dropFirst() where abs(share(r) - p) < abs(share(best) - p) { best = r }
        let reference = share(best)
        let exact = max(p / reference, reference / p) <= 1.03 + Thresholds.epsilon
        let qualifier = exact ? "" : p < reference ? (de ? "fast" : "almost") : (de ? "mehr\(s)als" : "more\(s)than")

        if best == (1, 2) {
            return de ? join(qualifier, "die", "Hälfte") : join(qualifier, "half")
        }
        if best.0 == 1 && best.1 <= 10 {
            if de {
                let every: String
                switch forms.gender {
                case .feminine: every = "jede"
                case .masculine: every = "jeder"
                case .neuter: every = "jedes"
                }
                return join(qualifier, every, "\(best.1).", forms.singular)
            }
            return join(qualifier, "1", "in", "\(best.1)", forms.plural)
        }
        return de ? join(qualifier, "\(best.0)", "von", "\(best.1)", forms.dativePlural)
                  : join(qualifier, "\(best.0)", "in", "\(best.1)", forms.plural)
    }

    /// A share as „44 von 100 Kindern“ (whole number of 100, „etwa“ when rounded) — the one form in which
    /// two shares can be compared by a reader with low numeracy.
    public func easyShareOf100(_ percent: Double, of noun: Noun = .person) -> String? {
        guard percent.isFinite, percent >= 0, percent <= 100 else { return nil }
        let whole = percent.roundedForDisplay(places: 0)
        let forms = noun.forms(language)
        let s = Self.nbsp
        let about = whole == percent.roundedForDisplay(places: 1) ? "" : (language == .de ? "etwa" + s : "about" + s)
        let n = format.number(whole, decimals: 0)
        return language == .de ? "\(about)\(n)\(s)von\(s)100\(s)\(whole == 1 ? forms.singular : forms.dativePlural)"
                               : "\(about)\(n)\(s)in\(s)100\(s)\(whole == 1 ? forms.singular : forms.plural)"
    }

    /// The comparison of the area with the city in easy words, from the word the facts chose
    /// (`CityFact.category`, see `ComparisonRule`): „In Moisling sind es also viel mehr als in ganz Lübeck.“
    /// Templates state both values first in the same form (`easy_share_100`), so the reader can compare.
    public func easyComparison(areaName: String, cityName: String?, category: String?) -> String {
        let de = language == .de
        guard let cityName else { return de ? "Ein Vergleich mit der ganzen Stadt ist nicht möglich." : "A comparison with the whole city is not possible." }
        switch (category, de) {
        case ("wellAbove", true): return "In \(areaName) sind es also viel mehr als in ganz \(cityName)."
        case ("slightlyAbove", true): return "In \(areaName) sind es also etwas mehr als in ganz \(cityName)."
        case ("about", true): return "In \(areaName) ist es also etwa so wie in ganz \(cityName)."
        case ("slightlyBelow", true): return "In \(areaName) sind es also etwas weniger als in ganz \(cityName)."
        case ("wellBelow", true): return "In \(areaName) sind es also viel weniger als in ganz \(cityName)."
        case ("wellAbove", false): return "So there are many more in \(areaName) than in all of \(cityName)."
        case ("slightlyAbove", false): return "So there are a few more in \(areaName) than in all of \(cityName)."
        case ("about", false): return "So \(areaName) is about the same as all of \(cityName)."
        case ("slightlyBelow", false): return "So there are a few fewer in \(areaName) than in all of \(cityName)."
        case ("wellBelow", false): return "So there are many fewer in \(areaName) than in all of \(cityName)."
        default: return de ? "Ein Vergleich mit ganz \(cityName) ist nicht möglich." : "A comparison with all of \(cityName) is not possible."
        }
    }
}

extension Phrases {
    /// A number rounded the way easy-read text states it, with „etwa“ · "about" whenever rounding changed it:
    /// - below 100: a whole number (`9.3` → „etwa 9“, `42` → „42“);
    /// - 100 up to under a million: two significant digits (`12401` → „etwa 12.000“, `223156` → „etwa 220.000“);
    /// - a million and more: millions with at most one decimal (`1234567.891` → „etwa 1,2 Millionen“ ·
    ///   "about 1.2 million"; `1000000` → „1 Million“).
    /// Nil for NaN and infinities.
    public func easyNumber(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        let sign = value < 0 ? Formatting.minus : ""
        let about = language == .de ? "etwa" + Self.nbsp : "about" + Self.nbsp
        let whole = magnitude.roundedForDisplay(places: 0)
        var rounded = whole
        if whole >= 100 {
            let digits = format.number(whole, decimals: 0).filter(\.isNumber).count
            let step = (0..<(digits - 2)).reduce(1.0) { acc, _ in acc * 10 }
            rounded = (whole / step).roundedForDisplay(places: 0) * step
        }
        if rounded >= 1_000_000 {
            let millions = (magnitude / 1_000_000).roundedForDisplay(places: 1)
            let text = format.number(millions, decimals: millions == millions.rounded() ? 0 : 1)
            let word = language == .de ? (text == "1" ? "Million" : "Millionen") : "million"
            return (millions * 1_000_000 == magnitude ? "" : about) + sign + text + Self.nbsp + word
        }
        return (rounded == magnitude ? "" : about) + sign + format.number(rounded, decimals: 0)
    }
}
