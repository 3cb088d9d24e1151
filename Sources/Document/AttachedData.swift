import Foundation

// The data a document carries besides its pages: the numbers behind a table or chart (`Dataset`) and
// the briefing's facts with the state of the data they came from (`BriefingData`). The finishing pass
// embeds them as PDF/A-3 associated files (README "Archival PDF and embedded data"); here they are
// plain values, so a template builds them where it builds the block and a document JSON can give them.

/// The archival standard a PDF is written to, besides PDF/UA-1 (which every PDF meets).
public enum PDFStandard: String, Codable, Equatable, Sendable, CaseIterable {
    /// PDF/A-2a: no embedded files (PDF/A-2 allows only embedded PDF/A files).
    case a2a = "a-2a"
    /// PDF/A-3a with the data as associated files — the default.
    case a3a = "a-3a"

    public static let `default` = PDFStandard.a3a
    /// Whether the standard allows embedding the data files.
    public var embedsData: Bool { self == .a3a }
}

/// How a value stands: as in the store (`final`, `provisional`, `suppressed`, `missing`).
public enum DataStatus: String, Codable, Equatable, Hashable, Sendable, CaseIterable {
    case final, provisional, suppressed, missing
    /// Whether a value may go with this status: never for suppressed or missing cells.
    public var hasValue: Bool { self == .final || self == .provisional }
}

/// One value of one indicator for one area in one period, as the store holds it.
public struct DataRecord: Codable, Equatable, Hashable, Sendable {
    /// Indicator code, e.g. `arm_sgb2` (for the social index: `<index code>.status` / `.dynamics`).
    public var indicator: String
    public var indicatorName: String
    /// Area code as text (`03`, leading zeros kept).
    public var area: String
    public var areaName: String
    /// Canonical period, `2026-10`, `2026-Q3` or `2026`.
    public var period: String
    /// The period as the document writes it („Oktober 2026“).
    public var periodLabel: String
    /// Nil unless the status is final or provisional: a suppressed value never gets here.
    public var value: Double?
    public var status: DataStatus
    /// `percent`, `count`, `per_1000`, `euro`, `years`, `index`.
    public var unit: String
    /// The class a map shows the value in (its legend's words), when the block classifies.
    public var category: String?

    public init(indicator: String, indicatorName: String, area: String, areaName: String, period: String,
                periodLabel: String, value: Double?, status: DataStatus, unit: String, category: String? = nil) {
        self.indicator = indicator; self.indicatorName = indicatorName
        self.area = area; self.areaName = areaName
        self.period = period; self.periodLabel = periodLabel
        // Enforced here as in the store: no value may leave a suppressed or missing cell.
        self.value = status.hasValue ? value.flatMap { $0.isFinite ? $0 : nil } : nil
        self.status = status.hasValue && self.value == nil ? .missing : status
        self.unit = unit
        self.category = category
    }

    enum CodingKeys: String, CodingKey {
        case indicator, indicatorName, area, areaName, period, periodLabel, value, status, unit, category
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let status = try c.decode(DataStatus.self, forKey: .status)
        let value = try c.decodeIfPresent(Double.self, forKey: .value)
        if value != nil, !status.hasValue {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: c,
                debugDescription: "a \(status.rawValue) record must not carry a value — suppressed and missing cells have none; leave \"value\" out")
        }
        self.init(indicator: try c.decode(String.self, forKey: .indicator),
                  indicatorName: try c.decodeIfPresent(String.self, forKey: .indicatorName) ?? "",
                  area: try c.decode(String.self, forKey: .area),
                  areaName: try c.decodeIfPresent(String.self, forKey: .areaName) ?? "",
                  period: try c.decode(String.self, forKey: .period),
                  periodLabel: try c.decodeIfPresent(String.self, forKey: .periodLabel) ?? "",
                  value: value, status: status,
                  unit: try c.decodeIfPresent(String.self, forKey: .unit) ?? "",
                  category: try c.decodeIfPresent(String.self, forKey: .category))
    }

    /// Records are listed by indicator, area and period; a key names one value.
    public var key: String { indicator + "\u{0}" + area + "\u{0}" + period }
}

/// The values a table or chart shows (and, for changes, the values they are computed from).
public struct Dataset: Codable, Equatable, Hashable, Sendable {
    public var records: [DataRecord]
    public init(records: [DataRecord]) { self.records = records }
}

/// The indicator definitions behind a briefing's values: where they come from and what they count.
public struct DataSource: Codable, Equatable, Hashable, Sendable {
    public var indicator: String
    public var name: String
    public var unit: String
    public var decimals: Int
    public var numerator: String
    public var denominator: String
    public var referenceDate: String
    public var source: String
    public var licence: String
    public var synthetic: Bool

    public init(indicator: String, name: String, unit: String, decimals: Int, numerator: String, denominator: String,
                referenceDate: String, source: String, licence: String, synthetic: Bool) {
        self.indicator = indicator; self.name = name; self.unit = unit; self.decimals = decimals
        self.numerator = numerator; self.denominator = denominator; self.referenceDate = referenceDate
        self.source = source; self.licence = licence; self.synthetic = synthetic
    }
}

/// A briefing's facts and the state of the data they come from, embedded as one JSON file.
public struct BriefingData: Codable, Equatable, Hashable, Sendable {
    /// Template name, e.g. `stadtteilprofil`.
    public var template: String
    /// The briefing's area code and its period (canonical).
    public var area: String
    public var period: String
    public var language: String
    /// Every value the briefing's text, key figures and tables were computed from, each once,
    /// ordered by indicator, area and period.
    public var values: [DataRecord]
    /// The definitions and sources of the indicators that occur in `values` or in the tables and charts.
    public var sources: [DataSource]
    /// The data state: SHA-256 (hex) of every value the document shows — `values` and every table's
    /// and chart's records — one line `indicator,area,period,value,status` each, sorted, `\n`-terminated.
    /// Equal digests mean the documents show the same data.
    public var dataDigest: String
    /// The stored social index the briefing used, if any: code, period and when it was computed.
    public var socialIndex: SocialIndexState?

    public init(template: String, area: String, period: String, language: String, values: [DataRecord],
                sources: [DataSource], dataDigest: String, socialIndex: SocialIndexState? = nil) {
        self.template = template; self.area = area; self.period = period; self.language = language
        self.values = values; self.sources = sources; self.dataDigest = dataDigest; self.socialIndex = socialIndex
    }

    /// The canonical line of a record in `dataDigest`.
    public static func digestLine(_ r: DataRecord) -> String {
        "\(r.indicator),\(r.area),\(r.period),\(DataNumber.text(r.value)),\(r.status.rawValue)\n"
    }
}

/// Which stored social index a briefing read. Not the time it was computed: recomputing unchanged
/// values at another time must not change the documents (publish skips what did not change).
public struct SocialIndexState: Codable, Equatable, Hashable, Sendable {
    public var code: String
    public var period: String
    public var basePeriod: String
    public var isCurrent: Bool
    public var definitionSHA256: String

    public init(code: String, period: String, basePeriod: String, isCurrent: Bool, definitionSHA256: String) {
        self.code = code; self.period = period; self.basePeriod = basePeriod; self.isCurrent = isCurrent
        self.definitionSHA256 = definitionSHA256
    }
}

/// Numbers in data files: the shortest text that reads back as the same Double, never with an
/// exponent — the same text `civicbrief export` writes, so an attachment and an export can be compared.
public enum DataNumber {
    public static func text(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let shortest = "\(v)"
        if !shortest.contains("e") { return shortest }
        for digits in 1...40 {
            let s = String(format: "%.\(digits)f", v)
            if Double(s) == v { return s }
        }
        return String(format: "%.40f", v)
    }
}
