/// The plain values the store holds and returns. No SQL leaves this module.

public enum AreaLevel: String, Sendable, Codable, CaseIterable {
    case city, district, subdistrict

    /// Accepts the English names and the German ones (Stadt, Stadtteil, Stadtbezirk).
    public init?(lenient text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "city", "stadt", "gesamtstadt": self = .city
        case "district", "stadtteil": self = .district
        case "subdistrict", "stadtbezirk": self = .subdistrict
        default: return nil
        }
    }
}

public struct Area: Hashable, Sendable, Codable {
    /// Official code, always text so leading zeros survive (`01`, `01100101`).
    public var code: String
    public var name: String
    public var level: AreaLevel
    public var parent: String?
    public var population: Int?
    /// Reference date of `population`.
    public var populationDate: CalendarDay?
    /// A GeoJSON geometry object as JSON text.
    public var geometry: String?

    public init(code: String, name: String, level: AreaLevel, parent: String? = nil,
                population: Int? = nil, populationDate: CalendarDay? = nil, geometry: String? = nil) {
        self.code = code; self.name = name; self.level = level; self.parent = parent
        self.population = population; self.populationDate = populationDate; self.geometry = geometry
    }
}

extension CalendarDay: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public enum Domain: String, Sendable, Codable, CaseIterable {
    case demography, education, incomePoverty = "income_poverty", labour, health, digital = "digital_participation"
    case socialServices = "social_services"

    public var germanName: String {
        switch self {
        case .demography: "Demografie"
        case .education: "Bildung"
        case .incomePoverty: "Einkommen und Armut"
        case .labour: "Arbeit"
        case .health: "Gesundheit"
        case .digital: "Digitale Teilhabe"
        case .socialServices: "Soziale Infrastruktur"
        }
    }
}

public enum Unit: String, Sendable, Codable, CaseIterable {
    case percent, count, perThousand = "per_1000", euro, years, index

    /// Accepts stored names and common spellings (`%`, `Anzahl`, `je 1.000`, `EUR`, `Jahre`).
    public init?(lenient text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "percent", "%", "prozent": self = .percent
        case "count", "anzahl": self = .count
        case "per_1000", "per 1000", "per 1,000", "‰", "je 1000", "je 1.000", "promille": self = .perThousand
        case "euro", "eur", "€": self = .euro
        case "years", "jahre": self = .years
        case "index": self = .index
        default: return nil
        }
    }
}

public enum Polarity: String, Sendable, Codable, CaseIterable {
    case higherIsBetter = "higher_is_better", higherIsWorse = "higher_is_worse", neutral
}

public enum ObservationStatus: String, Sendable, Codable, CaseIterable {
    case final, provisional, suppressed, missing

    /// Whether an observation with this status carries a value.
    public var hasValue: Bool { self == .final || self == .provisional }

    /// Accepts the English names and German ones used in municipal exports.
    public init?(lenient text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "final", "endgültig", "endgueltig": self = .final
        case "provisional", "vorläufig", "vorlaeufig", "p": self = .provisional
        case "suppressed", "gesperrt", "geheim", "x": self = .suppressed
        case "missing", "fehlend", "fehlt", "-", "–", ".": self = .missing
        default: return nil
        }
    }
}

public struct IndicatorDefinition: Hashable, Sendable, Codable {
    public var numerator: String
    public var denominator: String
    /// When the quantity is counted, e.g. "Monatsende" or "31.12.".
    public var referenceDate: String

    public init(numerator: String, denominator: String, referenceDate: String) {
        self.numerator = numerator; self.denominator = denominator; self.referenceDate = referenceDate
    }
}

public struct Indicator: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var shortLabel: String
    public var domain: Domain
    public var unit: Unit
    /// Decimals shown when the value is formatted.
    public var decimals: Int
    public var polarity: Polarity
    public var granularity: Granularity
    public var definition: IndicatorDefinition
    public var source: String
    public var licence: String
    public var synthetic: Bool
    /// English name and short label for English briefings (optional: German is used where missing).
    public var nameEN: String?
    public var shortLabelEN: String?
    /// The definition in English, field by field (an empty field: the German one is used).
    public var definitionEN: IndicatorDefinition
    /// The source and licence as English briefings name them (optional: the German ones are used).
    public var sourceEN: String?
    public var licenceEN: String?
    /// How a value is compared with the city value; nil: the rule for the indicator's unit (module Facts).
    public var comparison: ComparisonSetting?

    public init(code: String, name: String, shortLabel: String, domain: Domain, unit: Unit, decimals: Int,
                polarity: Polarity, granularity: Granularity, definition: IndicatorDefinition,
                source: String, licence: String, synthetic: Bool, nameEN: String? = nil, shortLabelEN: String? = nil,
                definitionEN: IndicatorDefinition = IndicatorDefinition(numerator: "", denominator: "", referenceDate: ""),
                sourceEN: String? = nil, licenceEN: String? = nil, comparison: ComparisonSetting? = nil) {
        self.code = code; self.name = name; self.shortLabel = shortLabel; self.domain = domain; self.unit = unit
        self.decimals = decimals; self.polarity = polarity; self.granularity = granularity
        self.definition = definition; self.source = source; self.licence = licence; self.synthetic = synthetic
        self.nameEN = nameEN; self.shortLabelEN = shortLabelEN; self.definitionEN = definitionEN
        self.sourceEN = sourceEN; self.licenceEN = licenceEN; self.comparison = comparison
    }

    public func source(english: Bool) -> String { english ? sourceEN ?? source : source }
    public func licence(english: Bool) -> String { english ? licenceEN ?? licence : licence }

    /// The name for a document in `english` or German; German where no English name is stored.
    public func name(english: Bool) -> String { english ? nameEN ?? name : name }
    public func shortLabel(english: Bool) -> String { english ? shortLabelEN ?? nameEN ?? shortLabel : shortLabel }
    /// The definition for a document in `english` or German: each English field where stored, else the
    /// German one (a denominator stays empty where the German one is: counts have none).
    public func definition(english: Bool) -> IndicatorDefinition {
        guard english else { return definition }
        let en = definitionEN
        return IndicatorDefinition(numerator: en.numerator.isEmpty ? definition.numerator : en.numerator,
                                   denominator: en.denominator.isEmpty || definition.denominator.isEmpty ? definition.denominator : en.denominator,
                                   referenceDate: en.referenceDate.isEmpty ? definition.referenceDate : en.referenceDate)
    }
}

/// An indicator's own rule for the words comparing a value with the city value („etwa gleich“,
/// „leicht“, „deutlich“), stored with the indicator and overriding the default for its unit.
public struct ComparisonSetting: Hashable, Sendable, Codable {
    public enum Measure: String, Sendable, Codable, CaseIterable {
        /// The difference in the indicator's unit (percentage points for shares, years, euros …).
        case points
        /// The difference in percent of the city value.
        case relative
        /// Percentage points, with a relative floor where the city's share is small (see Facts).
        case share
        /// Never compared in words (e.g. counts, which are part of the city's total).
        case none
    }
    public var measure: Measure
    /// Differences below this are „etwa gleich“ (percent for `relative`, the unit otherwise).
    public var about: Double
    /// Differences at or above this are „deutlich“; between the two, „leicht“.
    public var clear: Double

    public init(measure: Measure, about: Double, clear: Double) {
        self.measure = measure; self.about = about; self.clear = clear
    }
}

/// One current (or historical) observation. A suppressed observation never carries a value,
/// numerator or denominator: the store does not keep them.
public struct Observation: Hashable, Sendable, Codable {
    public var indicator: String
    public var area: String
    public var period: Period
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var status: ObservationStatus
    public var note: String?

    public init(indicator: String, area: String, period: Period, value: Double?, numerator: Double? = nil,
                denominator: Double? = nil, status: ObservationStatus, note: String? = nil) {
        self.indicator = indicator; self.area = area; self.period = period
        self.status = status; self.note = note
        // Enforced here as well as in the schema: no value may leak out of a suppressed or missing cell.
        if status.hasValue {
            self.value = value; self.numerator = numerator; self.denominator = denominator
        } else {
            self.value = nil; self.numerator = nil; self.denominator = nil
        }
    }

    public struct Key: Hashable, Sendable, Comparable {
        public var indicator: String, area: String, period: Period
        public static func < (l: Key, r: Key) -> Bool {
            (l.indicator, l.area) != (r.indicator, r.area) ? (l.indicator, l.area) < (r.indicator, r.area) : l.period < r.period
        }
    }
    public var key: Key { Key(indicator: indicator, area: area, period: period) }

    /// True when two observations say the same thing (used to skip unchanged rows on re-import).
    func sameContent(as other: Observation) -> Bool {
        value == other.value && numerator == other.numerator && denominator == other.denominator
            && status == other.status && (note ?? "") == (other.note ?? "")
    }
}

/// One stored revision of an observation, with the import that wrote it.
public struct ObservationRevision: Hashable, Sendable {
    public var revision: Int
    public var isCurrent: Bool
    public var observation: Observation
    public var batch: ImportBatch
}

/// Provenance of one imported file (or of the generated demo data).
public struct ImportBatch: Hashable, Sendable, Codable {
    public var id: Int64
    public var fileName: String
    public var sha256: String
    /// ISO 8601 UTC; from SOURCE_DATE_EPOCH when set.
    public var importedAt: String
    public var rowsRead: Int
    public var rowsInserted: Int
    public var rowsRevised: Int
    public var rowsUnchanged: Int
}

/// Position of an area among all areas of its level; 1 is best with respect to polarity.
public struct Rank: Hashable, Sendable {
    /// Competition ranking: ties share the better rank (1, 2, 2, 4).
    public var position: Int
    /// Number of areas with a value that took part.
    public var count: Int
}

/// What `inspect` lists per indicator.
public struct IndicatorSummary: Hashable, Sendable, Codable {
    public var indicator: Indicator
    public var firstPeriod: Period?
    public var lastPeriod: Period?
    public var observationCount: Int
}
