/// The demo city's profile (README "City profile"), written as `city.yaml` next to the demo store:
/// the words Lübeck's briefings use for the city and its area levels.
public enum DemoCity {
    public static let profileYAML = """
        # City profile of the demo store (Hansestadt Lübeck): the words every briefing takes for the
        # city and its area levels. See README "City profile".
        name: Lübeck
        official_name:
          de: Hansestadt Lübeck
          en: Hanseatic City of Lübeck
        genitive:
          de: der Hansestadt Lübeck
          en: of the Hanseatic City of Lübeck
        organisation: Hansestadt Lübeck
        committee:
          de: Sozialausschuss
          en: Social Affairs Committee
        levels:
          district:
            de: {singular: Stadtteil, plural: Stadtteile, dative_plural: Stadtteilen, gender: masculine, compound: Stadtteil}
            en: {singular: district, plural: districts}
          subdistrict:
            de: {singular: Stadtbezirk, plural: Stadtbezirke, dative_plural: Stadtbezirken, gender: masculine, compound: Stadtbezirks}
            en: {singular: subdistrict, plural: subdistricts}

        """
}
