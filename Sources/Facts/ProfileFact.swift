/// The city profile as a template reads it (`profile.…`), in the briefing's language: names and
/// the nouns of the area levels with the German forms a sentence needs around them.
public struct ProfileFact: Sendable, Equatable, Codable {
    /// „Lübeck“.
    public var name: String
    /// „Hansestadt Lübeck“ · “Hanseatic City of Lübeck”.
    public var officialName: String
    /// „der Hansestadt Lübeck“ (after „Sozialmonitoring“) · “of the Hanseatic City of Lübeck”.
    public var genitive: String
    /// The publishing body of the footer.
    public var organisation: String
    /// „Sozialausschuss“; „Ausschuss“ · “committee” when the profile names none.
    public var committee: String
    public var district: LevelWords
    public var subdistrict: LevelWords

    public init(_ profile: CityProfile, cityName: String, language: Language) {
        name = profile.name ?? cityName
        officialName = profile.officialName[language] ?? name
        genitive = profile.genitive[language] ?? (language == .de ? "von \(name)" : "of \(name)")
        organisation = profile.organisation ?? officialName
        committee = profile.committee[language] ?? (language == .de ? "Ausschuss" : "committee")
        district = LevelWords(profile.noun(.district).forms(language), language: language)
        subdistrict = LevelWords(profile.noun(.subdistrict).forms(language), language: language)
    }
}

/// One area level's noun and, in German, the forms with the articles sentences need
/// („den Stadtteil“, „keinem Bezirk“, „jede Gemeinde“); in English the article forms are the
/// English ones (“the district”, “no district”, “each district”).
public struct LevelWords: Sendable, Equatable, Codable {
    public var singular: String
    public var plural: String
    public var dativePlural: String
    public var compound: String
    public var theAccusative: String
    public var aNominative: String
    public var eachAccusative: String
    public var oneDative: String
    public var noneDative: String
    /// „im Stadtteil“ · „in der Gemeinde“ · “in the district”.
    public var inTheDative: String

    public init(_ n: NounForms, language: Language) {
        singular = n.singular; plural = n.plural; dativePlural = n.dativePlural; compound = n.compound
        guard language == .de else {
            theAccusative = "the \(n.singular)"; aNominative = "A \(n.singular)"; eachAccusative = "each \(n.singular)"
            oneDative = "one \(n.singular)"; noneDative = "no \(n.singular)"; inTheDative = "in the \(n.singular)"
            return
        }
        switch n.gender {
        case .masculine:
            theAccusative = "den \(n.singular)"; aNominative = "Ein \(n.singular)"; eachAccusative = "jeden \(n.singular)"
            oneDative = "einem \(n.singular)"; noneDative = "keinem \(n.singular)"; inTheDative = "im \(n.singular)"
        case .feminine:
            theAccusative = "die \(n.singular)"; aNominative = "Eine \(n.singular)"; eachAccusative = "jede \(n.singular)"
            oneDative = "einer \(n.singular)"; noneDative = "keiner \(n.singular)"; inTheDative = "in der \(n.singular)"
        case .neuter:
            theAccusative = "das \(n.singular)"; aNominative = "Ein \(n.singular)"; eachAccusative = "jedes \(n.singular)"
            oneDative = "einem \(n.singular)"; noneDative = "keinem \(n.singular)"; inTheDative = "im \(n.singular)"
        }
    }
}
