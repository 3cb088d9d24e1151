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

    /// The demo city's social-index definition (MSS method), identical to the shipped
    /// Templates/index/mss-luebeck.yaml (a test keeps them equal): what `demo` computes, and what
    /// `index compute` uses where neither `--definition` nor that file is at hand.
    public static let indexDefinitionYAML = """
        # Social index for Lübeck after the Berlin MSS method (Monitoring Soziale Stadtentwicklung).
        # Computed by `civicbrief index compute --definition Templates/index/mss-luebeck.yaml`;
        # see README "Social index (MSS method)".
        code: mss_luebeck
        name: Sozialindex Lübeck (MSS-Methode)
        # Stadtbezirke (35 in the demo); `district` would use the 10 Stadtteile.
        level: subdistrict
        # For each indicator a higher value means more disadvantage (MSS S1, S3, S4 analogues in the demo).
        status_indicators:
          - arb_alq            # unemployment rate (SGB II + III) ÷ residents 15 to under 65
          - arm_sgb2           # share of SGB-II (Bürgergeld) recipients
          - arm_kinder_sgb2    # child poverty: under-18s in SGB-II households ÷ residents under 18
        # Dynamics: change of each indicator (percentage points) against the same period this many years earlier.
        dynamics_years: 2
        # Areas with fewer residents are excluded (state excluded_population, no number).
        minimum_population: 300
        # z = (x − mean) / sd with the sample standard deviation (n − 1), as R scale() and SPSS compute it.
        standard_deviation: sample
        # Classes are assigned on the index rounded to `decimals` (as published), so a printed
        # "1,00" is always "mittel" and never contradicts its class.
        classify_on: rounded
        decimals: 2
        # From the lowest index upwards. includes_upper says who owns the exact boundary value:
        # −1.00 → mittel, 1.00 → mittel, 1.50 → niedrig.
        status_classes:
          - {key: hoch, name_de: hoch, name_en: high, upper: -1.0, includes_upper: false}
          - {key: mittel, name_de: mittel, name_en: medium, upper: 1.0, includes_upper: true}
          - {key: niedrig, name_de: niedrig, name_en: low, upper: 1.5, includes_upper: true}
          - {key: sehr_niedrig, name_de: sehr niedrig, name_en: very low}
        # −1.00 → stabil, 1.00 → stabil.
        dynamics_classes:
          - {key: positiv, name_de: positiv, name_en: positive, upper: -1.0, includes_upper: false}
          - {key: stabil, name_de: stabil, name_en: stable, upper: 1.0, includes_upper: true}
          - {key: negativ, name_de: negativ, name_en: negative}
        """
}
