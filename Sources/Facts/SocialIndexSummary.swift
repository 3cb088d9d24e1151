import IndicatorStore

/// One sentence on an area's standing in the social index, for the first page of a profile: its own
/// classes where the index covers its level, else how its sub-areas are classified.
extension SocialIndexReport {
    /// „Sozialindex (Stand Oktober 2026): Statusklasse „sehr niedrig“ in 2 der 3 Stadtbezirke, „niedrig“ in einem.“
    /// Nil when the index is stale (the template shows `warning`) or says nothing about the area.
    /// `noun`: what the city calls the index's areas (its profile), by default the general noun of the level.
    public func summary(for code: String, language: Language, noun given: Noun? = nil) -> String? {
        guard isCurrent else { return nil }
        let de = language == .de
        let format = Formatting(language)
        let lead = de ? "Sozialindex (Stand \(periodText)): " : "Social index (as of \(periodText)): "
        if let own = area(code), let label = own.combinedLabel {
            return lead + label + "."
        }
        let members = members(of: code)
        guard !members.isEmpty else { return nil }
        var counts: [(label: String, count: Int)] = []
        for m in members {
            let label = m.statusClassLabel.map(format.quoted) ?? (de ? "ohne Klasse" : "unclassified")
            if let i = counts.firstIndex(where: { $0.label == label }) { counts[i].count += 1 } else { counts.append((label, 1)) }
        }
        counts.sort { $0.count > $1.count }
        let total = members.count
        let noun = (given ?? AreaLevel(rawValue: level).map(Noun.areas) ?? .subdistrict).forms(language)
        let plural = noun.plural
        if counts.count == 1 {
            let label = counts[0].label
            let one = de ? (noun.gender == .feminine ? "eine" : "ein") + " " + noun.singular : "one " + noun.singular
            if total == 1 { return lead + (de ? "Statusklasse \(label) (\(one))." : "status class \(label) (\(one)).") }
            return lead + (de ? "Statusklasse \(label) in allen \(total)\u{00A0}\(noun.dativePlural)." : "status class \(label) in all \(total)\u{00A0}\(plural).")
        }
        func count(_ n: Int) -> String { n == 1 ? (de ? (noun.gender == .feminine ? "einer" : "einem") : "one") : String(n) }
        let first = counts[0]
        var text = de ? "Statusklasse \(first.label) in \(count(first.count)) der \(total)\u{00A0}\(plural)"
                      : "status class \(first.label) in \(count(first.count)) of the \(total)\u{00A0}\(plural)"
        for other in counts.dropFirst() { text += ", \(other.label) in \(count(other.count))" }
        return lead + text + "."
    }
}
