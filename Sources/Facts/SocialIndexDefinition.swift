import Foundation
import IndicatorStore
import Support
import Yams

/// One class of a social-index scale (e.g. status "mittel"). Classes are listed from the lowest index
/// values upwards; each one ends at `upper` and says whether the boundary value itself belongs to it.
public struct IndexClass: Hashable, Sendable, Codable {
    /// Number as in the MSS tables: status 1 hoch … 4 sehr niedrig, dynamics 1 positiv … 3 negativ.
    public var number: Int
    /// Stable key for templates (`hoch`, `sehr_niedrig`, `positiv`).
    public var key: String
    public var nameDE: String
    public var nameEN: String
    /// Upper boundary; nil for the last class (open upwards).
    public var upper: Double?
    /// Whether a value exactly equal to `upper` belongs to this class (else to the next one).
    public var includesUpper: Bool

    public init(number: Int, key: String, nameDE: String, nameEN: String, upper: Double?, includesUpper: Bool) {
        self.number = number; self.key = key; self.nameDE = nameDE; self.nameEN = nameEN
        self.upper = upper; self.includesUpper = includesUpper
    }

    /// Whether `value` is at or below this class's upper end.
    public func contains(atMost value: Double) -> Bool {
        guard let upper else { return true }
        return value < upper || (includesUpper && value == upper)
    }
}

/// Which standard deviation z-standardisation divides by.
public enum StandardDeviationKind: String, Sendable, Codable, CaseIterable {
    /// Divides by n − 1 (R `sd()`/`scale()`, SPSS DESCRIPTIVES /SAVE, Excel STANDARDIZE with STDEV.S).
    case sample
    /// Divides by n.
    case population
}

/// Whether classes are assigned on the index as computed or as it is published (rounded).
public enum ClassificationBasis: String, Sendable, Codable, CaseIterable {
    /// The index rounded to `decimals` places (half away from zero on its decimal text), so the printed
    /// number and the printed class never contradict each other.
    case rounded
    case unrounded
}

/// A composite social index after the Berlin MSS method (see README "Social index (MSS method)").
public struct SocialIndexDefinition: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var level: AreaLevel
    /// Status indicators; for each, a higher value means more disadvantage.
    public var statusIndicators: [String]
    /// The dynamics compare the index period with the same period this many years earlier.
    public var dynamicsYears: Int
    /// Areas with fewer residents (area population) are excluded.
    public var minimumPopulation: Int
    public var standardDeviation: StandardDeviationKind
    public var classifyOn: ClassificationBasis
    /// Decimals the index is published with (and rounded to when `classifyOn == .rounded`).
    public var decimals: Int
    public var statusClasses: [IndexClass]
    public var dynamicsClasses: [IndexClass]
    /// Where the definition came from and its SHA-256, recorded with every result (provenance).
    public var file: String
    public var sha256: String

    public init(code: String, name: String, level: AreaLevel, statusIndicators: [String], dynamicsYears: Int,
                minimumPopulation: Int, standardDeviation: StandardDeviationKind, classifyOn: ClassificationBasis,
                decimals: Int, statusClasses: [IndexClass], dynamicsClasses: [IndexClass], file: String, sha256: String) {
        self.code = code; self.name = name; self.level = level; self.statusIndicators = statusIndicators
        self.dynamicsYears = dynamicsYears; self.minimumPopulation = minimumPopulation
        self.standardDeviation = standardDeviation; self.classifyOn = classifyOn; self.decimals = decimals
        self.statusClasses = statusClasses; self.dynamicsClasses = dynamicsClasses; self.file = file; self.sha256 = sha256
    }

    /// The published MSS boundaries: status hoch < −1.0 ≤ mittel ≤ 1.0 < niedrig ≤ 1.5 < sehr niedrig.
    public static let mssStatusClasses = [
        IndexClass(number: 1, key: "hoch", nameDE: "hoch", nameEN: "high", upper: -1.0, includesUpper: false),
        IndexClass(number: 2, key: "mittel", nameDE: "mittel", nameEN: "medium", upper: 1.0, includesUpper: true),
        IndexClass(number: 3, key: "niedrig", nameDE: "niedrig", nameEN: "low", upper: 1.5, includesUpper: true),
        IndexClass(number: 4, key: "sehr_niedrig", nameDE: "sehr niedrig", nameEN: "very low", upper: nil, includesUpper: false),
    ]
    /// Dynamics positiv < −1.0 ≤ stabil ≤ 1.0 < negativ.
    public static let mssDynamicsClasses = [
        IndexClass(number: 1, key: "positiv", nameDE: "positiv", nameEN: "positive", upper: -1.0, includesUpper: false),
        IndexClass(number: 2, key: "stabil", nameDE: "stabil", nameEN: "stable", upper: 1.0, includesUpper: true),
        IndexClass(number: 3, key: "negativ", nameDE: "negativ", nameEN: "negative", upper: nil, includesUpper: false),
    ]

    /// The periods the dynamics compare: `period` and the same period `dynamicsYears` earlier.
    public func basePeriod(for period: Period) -> Period {
        period.advanced(by: -dynamicsYears * period.granularity.periodsPerYear)
    }

    // MARK: - Loading

    /// Reads a definition from YAML (see Templates/index/mss-luebeck.yaml). Every problem is reported
    /// with its position; nothing is guessed.
    public static func load(path: String) throws -> SocialIndexDefinition {
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure(problems: [ImportProblem(start, "cannot read the index definition", fix: "check the --definition path")])
        }
        let text: String
        switch TextDecoder.decode(data, file: path) {
        case .success(let d): text = d.text
        case .failure(let p): throw ImportFailure(problems: [p])
        }
        return try parse(text, file: path, sha256: Checksum.sha256Hex(Array(data)))
    }

    /// One reader per key, nested so they share the fields and the list of problems: every problem of
    /// the file is reported at once, with its position.
    public static func parse(_ text: String, file: String, sha256: String? = nil) throws -> SocialIndexDefinition {
        let start = SourcePosition(file: file, line: 1, column: 1)
        let root: Node
        switch YAMLSupport.compose(text, file: file) {
        case .success(let n): root = n
        case .failure(let p): throw ImportFailure(problems: [p])
        }
        var problems: [ImportProblem] = []
        func at(_ n: Node) -> SourcePosition { YAMLSupport.position(n, file: file) }
        guard root.mapping != nil else {
            throw ImportFailure(problems: [ImportProblem(start, "the index definition must be a YAML mapping",
                                                         fix: "see Templates/index/mss-luebeck.yaml for an example")])
        }
        let known = ["code", "name", "level", "status_indicators", "dynamics_years", "minimum_population",
                     "standard_deviation", "classify_on", "decimals", "status_classes", "dynamics_classes"]
        var fields: [String: Node] = [:]
        for (key, keyNode, value) in YAMLSupport.entries(root) {
            if known.contains(key) { fields[key] = value } else {
                problems.append(ImportProblem(at(keyNode), "unknown key \"\(key)\"", fix: "use one of: \(known.joined(separator: ", "))"))
            }
        }
        func string(_ key: String) -> String? {
            guard let n = fields[key] else {
                problems.append(ImportProblem(start, "the key \"\(key)\" is missing", fix: "add \(key): …"))
                return nil
            }
            guard let s = n.string, !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problems.append(ImportProblem(at(n), "\"\(key)\" must be text", fix: "write \(key): followed by a value"))
                return nil
            }
            return s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func integer(_ key: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let n = fields[key] else { return value }
            guard let i = n.int, range.contains(i) else {
                problems.append(ImportProblem(at(n), "\"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                                              fix: "write e.g. \(key): \(value)"))
                return value
            }
            return i
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, default value: T) -> T where T.RawValue == String {
            guard let n = fields[key] else { return value }
            guard let s = n.string, let v = T(rawValue: s.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                problems.append(ImportProblem(at(n), "\"\(key)\" must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))",
                                              fix: "write e.g. \(key): \(value.rawValue)"))
                return value
            }
            return v
        }
        func classes(_ key: String, default value: [IndexClass]) -> [IndexClass] {
            guard let n = fields[key] else { return value }
            guard let items = n.sequence, !items.isEmpty else {
                problems.append(ImportProblem(at(n), "\"\(key)\" must be a list of classes", fix: "write one `- number: …` entry per class"))
                return value
            }
            return parseClasses(Array(items), file: file, problems: &problems)
        }

        let code = string("code") ?? ""
        let name = string("name") ?? ""
        var level = AreaLevel.subdistrict
        if let text = string("level") {
            if let l = AreaLevel(lenient: text), l != .city { level = l } else if let n = fields["level"] {
                problems.append(ImportProblem(at(n), "\"level\" must be district (Stadtteil) or subdistrict (Stadtbezirk)",
                                              fix: "write level: subdistrict"))
            }
        }
        var indicators: [String] = []
        if let n = fields["status_indicators"] {
            indicators = (n.sequence ?? []).compactMap { $0.string?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if indicators.count < 1 || indicators.count != n.sequence?.count || Set(indicators).count != indicators.count {
                problems.append(ImportProblem(at(n), "\"status_indicators\" must be a list of distinct indicator codes",
                                              fix: "write e.g. status_indicators: [arb_alq, arm_sgb2, arm_kinder_sgb2]"))
            }
        } else {
            problems.append(ImportProblem(start, "the key \"status_indicators\" is missing", fix: "add status_indicators: [code, …]"))
        }
        let definition = SocialIndexDefinition(
            code: code, name: name, level: level, statusIndicators: indicators,
            dynamicsYears: integer("dynamics_years", default: 2, range: 1...20),
            minimumPopulation: integer("minimum_population", default: 300, range: 0...10_000_000),
            standardDeviation: choice("standard_deviation", default: StandardDeviationKind.sample),
            classifyOn: choice("classify_on", default: ClassificationBasis.rounded),
            decimals: integer("decimals", default: 2, range: 0...6),
            statusClasses: classes("status_classes", default: mssStatusClasses),
            dynamicsClasses: classes("dynamics_classes", default: mssDynamicsClasses),
            file: file, sha256: sha256 ?? Checksum.sha256Hex(Array(text.utf8)))
        if !problems.isEmpty { throw ImportFailure(problems: problems.sorted { $0.position < $1.position }) }
        return definition
    }

    /// A class list, from the lowest index values upwards: each with key and names, every class but the
    /// last with its upper boundary and who owns it, boundaries increasing.
    static func parseClasses(_ items: [Node], file: String, problems: inout [ImportProblem]) -> [IndexClass] {
        func at(_ n: Node) -> SourcePosition { YAMLSupport.position(n, file: file) }
        var out: [IndexClass] = []
        for (i, item) in items.enumerated() {
            let entry = Dictionary(YAMLSupport.entries(item).map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
            let last = i == items.count - 1
            guard let key = entry["key"]?.string, let de = entry["name_de"]?.string, let en = entry["name_en"]?.string else {
                problems.append(ImportProblem(at(item), "each class needs key, name_de and name_en", fix: "add the missing entries"))
                continue
            }
            var upper: Double?
            var includes = false
            if let u = entry["upper"] {
                guard let d = u.float ?? u.int.map(Double.init) else {
                    problems.append(ImportProblem(at(u), "\"upper\" must be a number", fix: "write e.g. upper: 1.0"))
                    continue
                }
                upper = d
                guard let inc = entry["includes_upper"]?.bool else {
                    problems.append(ImportProblem(at(item), "class \"\(key)\" must say who owns its boundary \(d)",
                                                  fix: "add includes_upper: true (the value \(d) is in this class) or false (in the next)"))
                    continue
                }
                includes = inc
            }
            if last != (upper == nil) {
                problems.append(ImportProblem(at(item), last ? "the last class must be open upwards" : "class \"\(key)\" needs an upper boundary",
                                              fix: last ? "remove upper from the last class" : "add upper: … and includes_upper: …"))
                continue
            }
            if let prev = out.last?.upper, let upper, upper <= prev {
                problems.append(ImportProblem(at(item), "class boundaries must increase (\(upper) after \(prev))",
                                              fix: "list the classes from the lowest index values upwards"))
            }
            out.append(IndexClass(number: i + 1, key: key, nameDE: de, nameEN: en, upper: upper, includesUpper: includes))
        }
        return out
    }
}
