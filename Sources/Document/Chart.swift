import Foundation

/// A chart as a template asks for it: what to draw and the plain values to draw it from. Module
/// Charts turns it into a figure (and its data table, when asked) when Layout places it, with the
/// labels measured in the document's own fonts; until then it is data, which `check` validates
/// without fonts (`problem`).
public struct Chart: Codable, Equatable, Sendable {
    public var spec: ChartSpec
    public var data: ChartData
    /// The language of labels, alt text and data table: "de-DE" or "en-GB" (also "de", "en").
    public var language: String

    public init(spec: ChartSpec, data: ChartData, language: String) {
        self.spec = spec; self.data = data; self.language = language
    }

    /// The languages charts are written in.
    public static let languages: Set<String> = ["de", "de-de", "en", "en-gb"]

    /// Why the chart cannot be drawn, or nil: the data checks every chart kind makes before drawing,
    /// made on the data as drawn (leading periods without any value left out).
    public var problem: String? {
        guard Chart.languages.contains(language.lowercased().replacingOccurrences(of: "_", with: "-")) else {
            return "the chart's language \"\(language)\" is neither German (de-DE) nor English (en-GB)"
        }
        if spec.height != nil, spec.kind != .line {
            return "`height:` applies to line charts only — the other kinds size themselves to their data"
        }
        if let height = spec.height, !ChartSpec.lineHeights.contains(height) {
            return "a line chart's height must be between \(Int(ChartSpec.lineHeights.lowerBound)) and \(Int(ChartSpec.lineHeights.upperBound)) points, got \(height)"
        }
        if let alt = spec.alt, alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return ChartProblem.emptyAlt.rawValue
        }
        let shown = { (s: [ChartSeries]) in s.flatMap { $0.values.compactMap(\.shown) } }
        let data = self.data.startingWhereDataStarts()
        switch spec.kind {
        case .line:
            guard (data.series.first?.values.count ?? 0) >= 2 else { return ChartProblem.lineNeedsTwoPeriods.rawValue }
            return shown(data.series).isEmpty ? ChartProblem.lineNeedsAValue.rawValue : nil
        case .smallMultiples:
            return data.panels.contains { ($0.series.first?.values.count ?? 0) >= 2 } ? nil : ChartProblem.panelsNeedTwoPeriods.rawValue
        case .bar:
            let latest = data.areas.compactMap(\.latest)
            let drawable = !latest.isEmpty && (latest.contains { $0.shown != nil } || data.city?.latest?.shown != nil)
            return drawable ? nil : ChartProblem.barNeedsAValue.rawValue
        case .change:
            guard (data.series.first?.values.count ?? 0) >= 2 else { return ChartProblem.changeNeedsTwoPeriods.rawValue }
            let values = data.areas.flatMap { [$0.values.first?.shown, $0.values.last?.shown].compactMap { $0 } }
            return values.isEmpty ? ChartProblem.changeNeedsValues.rawValue : nil
        case .map:
            if let index = data.index {
                return !index.statusLabels.isEmpty && index.areas.contains { $0.statusClass != nil } ? nil : ChartProblem.indexNeedsClasses.rawValue
            }
            return data.areas.contains { $0.latest?.shown != nil } ? nil : ChartProblem.mapNeedsAValue.rawValue
        }
    }
}

/// What makes a chart impossible to draw, as said to the person who wrote the template.
public enum ChartProblem: String, Sendable {
    case emptyAlt = "the chart's `alt:` is empty — describe the chart, or leave `alt:` out to use the generated text"
    case lineNeedsTwoPeriods = "a line chart needs at least two periods of data"
    case lineNeedsAValue = "a line chart needs at least one value that may be shown"
    case panelsNeedTwoPeriods = "small multiples need panels with at least two periods each"
    case barNeedsAValue = "a bar chart needs at least one area with a value that may be shown"
    case changeNeedsTwoPeriods = "a change chart needs values for two periods"
    case changeNeedsValues = "a change chart needs values that may be shown"
    case mapNeedsAValue = "a map needs at least one area with a value that may be shown"
    case indexNeedsClasses = "the social index has no area with a status class — compute it with `civicbrief index compute`"
}

/// What a template asks for: the kind of chart and the reader-facing options.
public enum ChartKind: String, Codable, Sendable, CaseIterable {
    case line, bar, change, smallMultiples = "small-multiples", map
}

public struct ChartSpec: Codable, Sendable, Equatable {
    public var kind: ChartKind
    /// Visible caption; the alt text says the rest.
    public var caption: String?
    /// Replaces the generated alt text (must not be blank).
    public var alt: String?
    /// Adds the data as a real table after the figure; `nil` means the kind's default (on for maps).
    public var table: Bool?
    /// Area code drawn highlighted (bar chart, change chart, map).
    public var focus: String?
    /// Map classes: fixed breaks (upper bounds between classes), else `classes` quantiles.
    public var breaks: [Double]?
    public var classes: Int
    /// Height of a line chart's plot in points (`nil`: the default, 210). Other kinds size
    /// themselves to their data.
    public var height: Double?

    /// The heights a line chart may be given: lower loses the axis labels' room, higher is a page.
    public static let lineHeights: ClosedRange<Double> = 120...400

    /// Whether the data table follows the figure: as asked, else for maps only.
    public var wantsTable: Bool { table ?? (kind == .map) }

    public init(kind: ChartKind, caption: String? = nil, alt: String? = nil, table: Bool? = nil,
                focus: String? = nil, breaks: [Double]? = nil, classes: Int = 4, height: Double? = nil) {
        self.kind = kind; self.caption = caption; self.alt = alt; self.table = table
        self.focus = focus; self.breaks = breaks; self.classes = classes; self.height = height
    }
}

public enum ChartStatus: String, Codable, Sendable, Equatable {
    case final, provisional, suppressed, missing
    /// Maps the store's status names; estimates and revisions count as shown values.
    public init(storeStatus: String) {
        switch storeStatus {
        case "provisional": self = .provisional
        case "suppressed": self = .suppressed
        case "missing": self = .missing
        default: self = .final
        }
    }
}

/// One value of one area in one period. `period` is the long label for alt text and tables
/// („Oktober 2024“), `shortPeriod` the axis label („Okt. 2024“).
public struct ChartValue: Codable, Sendable, Equatable {
    public var period: String
    public var shortPeriod: String
    public var value: Double?
    public var status: ChartStatus

    public init(period: String, shortPeriod: String? = nil, value: Double?, status: ChartStatus = .final) {
        self.period = period; self.shortPeriod = shortPeriod ?? period
        self.value = value; self.status = value == nil && status == .final ? .missing : status
    }
    /// The value if it may be drawn.
    public var shown: Double? { status == .suppressed || status == .missing ? nil : value.flatMap { $0.isFinite ? $0 : nil } }
}

public struct ChartSeries: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var isCity: Bool
    /// Oldest first; every series of one chart uses the same periods.
    public var values: [ChartValue]

    public init(code: String, name: String, isCity: Bool = false, values: [ChartValue]) {
        self.code = code; self.name = name; self.isCity = isCity; self.values = values
    }
    public var latest: ChartValue? { values.last }
}

public struct ChartIndicator: Codable, Sendable, Equatable {
    public var name: String
    /// The store's name of the unit ("percent", "per_1000", "euro", "years", "count", "index"), as
    /// in `DataRecord`.
    public var unit: String
    public var decimals: Int
    /// Measured once a year: a notable change is the year-on-year one, so an axis never magnifies
    /// noise (module Charts' `ScalePolicy`).
    public var yearly: Bool
    public init(name: String, unit: String, decimals: Int, yearly: Bool = false) {
        self.name = name; self.unit = unit; self.decimals = decimals; self.yearly = yearly
    }
}

/// Plain values a chart is drawn from; the caller fetches them from the store.
/// - line: every series over time (a city series is the reference);
/// - bar, map: the latest value of each series; change: the first and the latest;
/// - small multiples: `panels`, one `ChartData` each (one indicator, or one area).
/// `geometries` maps area codes to GeoJSON geometry text (Polygon or MultiPolygon, lon/lat).
public struct ChartData: Codable, Sendable, Equatable {
    public var indicator: ChartIndicator
    public var series: [ChartSeries]
    public var geometries: [String: String]
    public var panels: [ChartData]
    /// Panel title in small multiples (defaults to the indicator name).
    public var title: String?
    /// For a map of the social index: areas coloured by status class, dynamics class as a symbol.
    public var index: IndexMapData?
    /// The values as the store holds them (codes, periods, statuses), for the figure's and its data
    /// table's CSV file; maps add each area's class.
    public var dataset: Dataset?

    public init(indicator: ChartIndicator, series: [ChartSeries], geometries: [String: String] = [:],
                panels: [ChartData] = [], title: String? = nil, index: IndexMapData? = nil, dataset: Dataset? = nil) {
        self.indicator = indicator; self.series = series; self.geometries = geometries
        self.panels = panels; self.title = title; self.index = index; self.dataset = dataset
    }
    public var city: ChartSeries? { series.first { $0.isCity } }
    public var areas: [ChartSeries] { series.filter { !$0.isCity } }

    /// The series (and panels) without the leading periods in which no series has any value — the
    /// window starts where the data start (nine quarters asked of a series of five left 40 % empty).
    /// A suppressed value is data (it exists, hidden): it keeps its period.
    public func startingWhereDataStarts() -> ChartData {
        var copy = self
        copy.panels = panels.map { $0.startingWhereDataStarts() }
        guard let count = series.first?.values.count, count > 2 else { return copy }
        var first = 0
        while first < count - 2, series.allSatisfy({ first < $0.values.count && $0.values[first].status == .missing }) { first += 1 }
        guard first > 0 else { return copy }
        copy.series = series.map { s in
            var t = s
            t.values = Array(s.values.dropFirst(first))
            return t
        }
        return copy
    }
}

/// The social index of one level's areas (MSS method), for a map: class labels in class order
/// (status 1 = hoch first, dynamics 1 = positiv first) and each area's classes.
public struct IndexMapData: Codable, Sendable, Equatable {
    /// „Sozialindex (MSS)“ — for the alt text and the data table.
    public var name: String
    /// „Oktober 2026“.
    public var period: String
    public var statusLabels: [String]
    public var dynamicsLabels: [String]
    public var areas: [IndexMapArea]

    public init(name: String, period: String, statusLabels: [String], dynamicsLabels: [String], areas: [IndexMapArea]) {
        self.name = name; self.period = period; self.statusLabels = statusLabels
        self.dynamicsLabels = dynamicsLabels; self.areas = areas
    }
}

public struct IndexMapArea: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// 1-based class numbers; nil when the area has no class (excluded, inputs suppressed).
    public var statusClass: Int?
    public var dynamicsClass: Int?
    /// Index values as published („0,42“), or the missing-value symbol.
    public var statusIndexText: String
    public var dynamicsIndexText: String

    public init(code: String, name: String, statusClass: Int?, dynamicsClass: Int?,
                statusIndexText: String, dynamicsIndexText: String) {
        self.code = code; self.name = name; self.statusClass = statusClass; self.dynamicsClass = dynamicsClass
        self.statusIndexText = statusIndexText; self.dynamicsIndexText = dynamicsIndexText
    }
}

// Decoding with the defaults the initialisers have, so a document's JSON may leave out what a
// template would not set (README "Document model (JSON)").

extension ChartSpec {
    enum CodingKeys: String, CodingKey { case kind, caption, alt, table, focus, breaks, classes, height }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .kind)
        guard let kind = ChartKind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription:
                "unknown chart kind \"\(name)\" (known: \(ChartKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(kind: kind, caption: try c.decodeIfPresent(String.self, forKey: .caption),
                  alt: try c.decodeIfPresent(String.self, forKey: .alt), table: try c.decodeIfPresent(Bool.self, forKey: .table),
                  focus: try c.decodeIfPresent(String.self, forKey: .focus), breaks: try c.decodeIfPresent([Double].self, forKey: .breaks),
                  classes: try c.decodeIfPresent(Int.self, forKey: .classes) ?? 4, height: try c.decodeIfPresent(Double.self, forKey: .height))
    }
}

extension ChartValue {
    enum CodingKeys: String, CodingKey { case period, shortPeriod, value, status }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var status = ChartStatus.final
        if let name = try c.decodeIfPresent(String.self, forKey: .status) {
            guard let given = ChartStatus(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .status, in: c, debugDescription:
                    "unknown status \"\(name)\" (known: final, provisional, suppressed, missing)")
            }
            status = given
        }
        self.init(period: try c.decode(String.self, forKey: .period), shortPeriod: try c.decodeIfPresent(String.self, forKey: .shortPeriod),
                  value: try c.decodeIfPresent(Double.self, forKey: .value), status: status)
    }
}

extension ChartSeries {
    enum CodingKeys: String, CodingKey { case code, name, isCity, values }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
                  isCity: try c.decodeIfPresent(Bool.self, forKey: .isCity) ?? false, values: try c.decode([ChartValue].self, forKey: .values))
    }
}

extension ChartIndicator {
    enum CodingKeys: String, CodingKey { case name, unit, decimals, yearly }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), unit: try c.decode(String.self, forKey: .unit),
                  decimals: try c.decode(Int.self, forKey: .decimals), yearly: try c.decodeIfPresent(Bool.self, forKey: .yearly) ?? false)
    }
}

extension ChartData {
    enum CodingKeys: String, CodingKey { case indicator, series, geometries, panels, title, index, dataset }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(indicator: try c.decode(ChartIndicator.self, forKey: .indicator),
                  series: try c.decodeIfPresent([ChartSeries].self, forKey: .series) ?? [],
                  geometries: try c.decodeIfPresent([String: String].self, forKey: .geometries) ?? [:],
                  panels: try c.decodeIfPresent([ChartData].self, forKey: .panels) ?? [],
                  title: try c.decodeIfPresent(String.self, forKey: .title),
                  index: try c.decodeIfPresent(IndexMapData.self, forKey: .index),
                  dataset: try c.decodeIfPresent(Dataset.self, forKey: .dataset))
    }

    /// The geometries in the order of their codes: a dictionary's own order changes from process to
    /// process, and a document's digest (publish's skip decision) must not.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(series, forKey: .series)
        var shapes = c.nestedContainer(keyedBy: AreaCodeKey.self, forKey: .geometries)
        for code in geometries.keys.sorted() { try shapes.encode(geometries[code], forKey: AreaCodeKey(code)) }
        try c.encode(panels, forKey: .panels)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(index, forKey: .index)
        try c.encodeIfPresent(dataset, forKey: .dataset)
    }

    struct AreaCodeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ code: String) { stringValue = code }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}
