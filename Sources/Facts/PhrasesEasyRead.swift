/// Simple numbers for Leichte Sprache / easy-read text: a share in percent becomes words a reader with
/// low numeracy can picture („fast jede 10. Person“ instead of „9,3 %“).
///
/// Rules, applied to the percentage rounded to one decimal (half away from zero):
/// - 0 → „keine Person“ · "no people"; 100 → „alle Personen“ · "all people";
///   95 up to under 100 → „fast alle Personen“ · "almost all people".
/// - 45 to 55 → „etwa die Hälfte“ · "about half" (exactly 50 → „die Hälfte“ · "half").
/// - 9 up to under 45 → „jede n. Person“ · "1 in n people" with n from 3 to 10.
/// - 1 (after the qualifier rule) up to under 9 → „k von 100 Personen“ · "k in 100 people", k = 1…9;
///   below that „weniger als 1 von 100 Personen“ · "fewer than 1 in 100 people".
/// - over 55 up to under 95 → „k von n Personen“ · "k in n people" for 3/5, 2/3, 7/10, 3/4, 4/5, 9/10.
/// - Within each band the nearest of these reference shares is taken (by ratio). If the share is within
///   3 % (relative) of the reference, it is stated plainly („jede 4. Person“); if it is lower, „fast“ ·
///   "almost" is put before it; if higher, „mehr als“ · "more than".
/// Returns nil for values outside 0…100 and for NaN.
extension Phrases {
    public func easyShare(_ percent: Double, of noun: Noun = .person) -> String? {
        guard percent.isFinite else { return nil }
        let p = percent.roundedForDisplay(places: 1)
        guard p >= 0, p <= 100 else { return nil }
        let forms = noun.forms(language)
        let de = language == .de

        if p == 0 { return de ? (forms.gender == .feminine ? "keine " : "kein ") + forms.singular : "no " + forms.plural }
        if p == 100 { return (de ? "alle " : "all ") + forms.plural }
        if p >= 95 { return (de ? "fast alle " : "almost all ") + forms.plural }
        if p >= 45 && p <= 55 {
            if p == 50 { return de ? "die Hälfte" : "half" }
            return de ? "etwa die Hälfte" : "about half"
        }

        // Reference shares (numerator, denominator) for the band the value falls in.
        let candidates: [(Int, Int)]
        if p > 55 {
            candidates = [(3, 5), (2, 3), (7, 10), (3, 4), (4, 5), (9, 10)]
        } else if p >= 9 {
            candidates = (3...10).map { (1, $0) }
        } else {
            candidates = (1...9).map { ($0, 100) }
        }
        func ratio(_ c: (Int, Int)) -> Double {
            let r = Double(c.0) * 100 / Double(c.1)
            return max(p / r, r / p)
        }
        guard var best = candidates.first else { return nil }
        for c in candidates.dropFirst() where ratio(c) < ratio(best) { best = c }
        let reference = Double(best.0) * 100 / Double(best.1)
        let exact = ratio(best) <= 1.03 + Thresholds.epsilon

        if best == (1, 100), !exact, p < reference {
            return de ? "weniger als 1 von 100 " + forms.dativePlural : "fewer than 1 in 100 " + forms.plural
        }
        let qualifier = exact ? "" : p < reference ? (de ? "fast " : "almost ") : (de ? "mehr als " : "more than ")
        if best.0 == 1 && best.1 <= 10 {
            if de {
                let every: String
                switch forms.gender {
                case .feminine: every = "jede"
                case .masculine: every = "jeder"
                case .neuter: every = "jedes"
                }
                return qualifier + "\(every) \(best.1). \(forms.singular)"
            }
            return qualifier + "1 in \(best.1) " + forms.plural
        }
        return qualifier + (de ? "\(best.0) von \(best.1) \(forms.dativePlural)" : "\(best.0) in \(best.1) \(forms.plural)")
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
        let sign = value < 0 ? "-" : ""
        let about = language == .de ? "etwa " : "about "
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
            return (millions * 1_000_000 == magnitude ? "" : about) + sign + text + " " + word
        }
        return (rounded == magnitude ? "" : about) + sign + format.number(rounded, decimals: 0)
    }
}
