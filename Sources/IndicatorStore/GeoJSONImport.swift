import Foundation
import Yams

/// How the features of a GeoJSON file find their areas (README "Area geometries (GeoJSON)").
public struct GeometryMatch: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        /// A property holds the area code.
        case code
        /// A property holds the area's name (as many cities publish their boundaries).
        case name
    }
    public var key: Key
    /// The property to read; nil: the first present of `defaultProperties(key)`.
    public var property: String?
    /// Only areas of this level; needed when a name is used on two levels (a Stadtteil and its only
    /// Stadtbezirk are often both called „Buntekuh“) and the file does not make it clear.
    public var level: AreaLevel?

    public init(key: Key = .code, property: String? = nil, level: AreaLevel? = nil) {
        self.key = key; self.property = property; self.level = level
    }

    static func defaultProperties(_ key: Key) -> [String] {
        switch key {
        case .code: ["code", "area_code", "gebiet", "gebietscode", "stadtteil_nr", "nr"]
        case .name: ["name", "gebietsname", "bezeichnung", "stadtteil", "stadtbezirk", "name_de"]
        }
    }
}

extension PlanBuilder {
    /// One feature and the area it names.
    private struct Feature {
        var index: Int
        var node: Node
        var keyText: String
        var keyNode: Node
        var candidates: [Area]
    }

    mutating func addGeoJSON(_ f: LoadedFile) {
        guard case .yaml(let root) = f.content else { return }
        let top = Dictionary(YAMLSupport.entries(root).map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
        guard top["type"]?.string == "FeatureCollection", let featureNodes = top["features"]?.sequence else {
            problem(YAMLSupport.position(root, file: f.path), "not a GeoJSON FeatureCollection",
                    "export the areas as a FeatureCollection with one feature per area")
            return
        }
        var match = geometryMatch
        if match.key == .code, match.property == nil, let p = mapping?.codeProperty { match.property = p }
        if match.property == nil, let p = mapping?.nameProperty { match = GeometryMatch(key: .name, property: p, level: match.level) }
        let wanted = match.property.map { [$0.lowercased()] } ?? GeometryMatch.defaultProperties(match.key)
        let known = knownAreas()

        var features: [Feature] = []
        for (index, node) in featureNodes.enumerated() {
            let at = YAMLSupport.position(node, file: f.path)
            let entries = Dictionary(YAMLSupport.entries(node).map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
            let props = YAMLSupport.entries(entries["properties"] ?? Node(""))
            guard let (_, _, keyNode) = wanted.lazy.compactMap({ w in props.first { $0.0.lowercased() == w } }).first else {
                problem(at, "feature \(index + 1) has no property \(wanted.map { "\"\($0)\"" }.joined(separator: " or "))",
                        match.key == .code
                            ? "give each feature the area code, or name the property holding it (--feature-property, or match by name with --match-by name)"
                            : "give each feature the area's name, or name the property holding it (--feature-property)")
                continue
            }
            guard case .scalar(let scalar) = keyNode else {
                problem(YAMLSupport.position(keyNode, file: f.path), "the area \(match.key.rawValue) of feature \(index + 1) is not text",
                        "write it as a string like \(match.key == .code ? "\"01\"" : "\"Innenstadt\"")")
                continue
            }
            let text = scalar.string.trimmingWhitespace()
            var candidates: [Area]
            switch match.key {
            case .code:
                if scalar.style == .plain, let n = Int(digits: text), text.first != "0", knownArea(text) == nil {
                    // A JSON number loses leading zeros, so 1 would not match area 01.
                    let padded = knownArea("0\(n)") != nil ? " (did you mean \"0\(n)\"?)" : ""
                    problem(YAMLSupport.position(keyNode, file: f.path), "area code \(text) is a number\(padded)",
                            "write area codes as strings so leading zeros survive, e.g. \"01\"")
                    continue
                }
                candidates = knownArea(text).map { [$0] } ?? []
            case .name:
                let name = Self.comparableName(text)
                candidates = known.filter { Self.comparableName($0.name) == name }
            }
            if let level = match.level { candidates = candidates.filter { $0.level == level } }
            features.append(Feature(index: index, node: node, keyText: text, keyNode: keyNode, candidates: candidates))
        }

        // A name used on two levels: take the level most unambiguous features of the file are on.
        if match.key == .name, match.level == nil, features.contains(where: { $0.candidates.count > 1 }) {
            let levels = Dictionary(grouping: features.compactMap { $0.candidates.count == 1 ? $0.candidates[0].level : nil }, by: { $0 })
                .mapValues(\.count)
            let best = levels.max { a, b in a.value != b.value ? a.value < b.value : a.key.rawValue > b.key.rawValue }
            let tie = best.map { b in levels.filter { $0.value == b.value }.count > 1 } ?? true
            if let best, !tie {
                for i in features.indices where features[i].candidates.count > 1 {
                    features[i].candidates = features[i].candidates.filter { $0.level == best.key }
                }
            }
        }

        var matched: [String: SourcePosition] = [:]
        var codes: [String] = []
        for feature in features {
            let at = YAMLSupport.position(feature.keyNode, file: f.path)
            let label = "feature \(feature.index + 1) (\(match.key.rawValue) \(quoted(feature.keyText)))"
            switch feature.candidates.count {
            case 0:
                let fix = match.key == .code
                    ? "import the area first (area metadata) or correct the code"
                    : "correct the name to one the store has (see `civicbrief inspect`), or match by another property"
                problem(at, "\(label) matches no area\(match.level.map { " of level \($0.rawValue)" } ?? "")", fix)
                continue
            case 1:
                break
            default:
                let list = feature.candidates.map { "\($0.code) (\($0.level.rawValue))" }.joined(separator: ", ")
                problem(at, "\(label) fits several areas: \(list)", "say which level the file holds (--level)")
                continue
            }
            var area = feature.candidates[0]
            if let first = matched[area.code] {
                problem(at, "\(label) is a second feature for area \(area.code) (the first is at line \(first.line))",
                        "keep one feature per area")
                continue
            }
            matched[area.code] = at
            let entries = Dictionary(YAMLSupport.entries(feature.node).map { ($0.0, $0.2) }, uniquingKeysWith: { a, _ in a })
            guard let geometry = entries["geometry"], !(geometry.scalar.map { $0.style == .plain && $0.string == "null" } ?? false) else {
                problem(YAMLSupport.position(feature.node, file: f.path), "\(label) for area \(area.code) has no geometry",
                        "give the feature a Polygon or MultiPolygon geometry")
                continue
            }
            if let bad = GeoJSONGeometry.validate(geometry) {
                problem(SourcePosition(file: f.path, line: bad.line, column: bad.column), "\(label), area \(area.code): \(bad.message)", bad.fix)
                continue
            }
            area.geometry = YAMLSupport.json(geometry)
            if areas[area.code] == nil { areaOrder.append(area.code) }
            areas[area.code] = area
            codes.append(area.code)
        }

        // Every area of the levels the file covers needs a geometry, or its map has a hole.
        let levels = Set(features.compactMap { $0.candidates.count == 1 ? $0.candidates[0].level : nil })
        let without = known.filter { levels.contains($0.level) && matched[$0.code] == nil && $0.geometry == nil }
        if !without.isEmpty {
            let shown = without.prefix(10).map { "\($0.code) \(quoted($0.name, limit: 30))" }.joined(separator: ", ")
            let more = without.count > 10 ? " and \(without.count - 10) more" : ""
            problem(SourcePosition(file: f.path, line: 1, column: 1),
                    "no feature for \(without.count) area\(without.count == 1 ? "" : "s") of level \(levels.map(\.rawValue).sorted().joined(separator: "/")): \(shown)\(more)",
                    "add a feature for each (or correct the features reported above)")
        }
        files.append(.init(name: f.path, digest: FileDigest(raw: f.sha256), kind: .geojson, encoding: f.encoding,
                           rowsRead: featureNodes.count, observations: [], areaCodes: codes, indicatorCodes: []))
    }

    /// The areas of the store and of this import, this import's version first.
    private func knownAreas() -> [Area] {
        var byCode = catalog.areas
        for (code, area) in areas { byCode[code] = area }
        return byCode.values.sorted { ($0.level.rawValue, $0.code) < ($1.level.rawValue, $1.code) }
    }

    /// Names compare ignoring case, Unicode normalisation and runs of spaces.
    static func comparableName(_ name: String) -> String {
        name.precomposedStringWithCanonicalMapping.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
