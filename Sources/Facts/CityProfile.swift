import Foundation
import IndicatorStore
import Yams

/// The words a city's briefings use for itself: its name, its publishing organisation and
/// committee, and the nouns for its area levels in German and English. Read from `city.yaml`
/// next to the store (or `$CIVICBRIEF_CITY`); every phrase, caption and page footer takes its
/// words from here, so the same templates serve any city (README "City profile").
public struct CityProfile: Sendable, Equatable {
    /// The name in running text („in Lübeck“); nil: the store's city area's name.
    public var name: String?
    /// The official name, per language („Hansestadt Lübeck“, “Hanseatic City of Lübeck”); nil: the name.
    public var officialName: [Language: String] = [:]
    /// „der Hansestadt Lübeck“, „der Stadt Neustadt“: after „Sozialmonitoring“; nil: „von NAME“.
    public var genitive: [Language: String] = [:]
    /// The publishing body in every footer unless a template or manifest names one; nil: the official name.
    public var organisation: String?
    /// The committee briefings are for unless a template names one, per language.
    public var committee: [Language: String] = [:]
    /// The nouns of the area levels; missing levels keep the general ones (Stadtteil, Stadtbezirk).
    public var levels: [AreaLevel: Noun] = [:]
    /// A vector logo for the running head: a drawing in the document model's JSON (README
    /// "Document model (JSON)", `figure.drawing`), its path as given in the profile, made absolute.
    public var logo: String?

    public init(name: String? = nil, officialName: [Language: String] = [:], genitive: [Language: String] = [:],
                organisation: String? = nil, committee: [Language: String] = [:], levels: [AreaLevel: Noun] = [:]) {
        self.name = name; self.officialName = officialName; self.genitive = genitive
        self.organisation = organisation; self.committee = committee; self.levels = levels
    }

    /// What a store without a profile gets: the city's name from the store, the general nouns.
    public static let general = CityProfile()

    /// The noun for the areas of `level`.
    public func noun(_ level: AreaLevel) -> Noun { levels[level] ?? Noun.areas(level) }

    /// The profile file for the store at `storePath`: `$CIVICBRIEF_CITY`, else `city.yaml` in the
    /// store's folder; nil when there is none.
    public static func file(forStore storePath: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["CIVICBRIEF_CITY"], !given.isEmpty { return given }
        let folder = (storePath as NSString).deletingLastPathComponent
        let path = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("city.yaml")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The profile for the store at `storePath` (the general one when there is no file).
    public static func forStore(_ storePath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CityProfile {
        guard let path = file(forStore: storePath, environment: environment) else { return .general }
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ImportFailure(problems: [ImportProblem(SourcePosition(file: path, line: 1, column: 1), "cannot read the city profile",
                                                         fix: "check that the file exists and is UTF-8 text")])
        }
        return try parse(contents, file: path)
    }

    /// Parses a profile; every problem of the file at once, with its position.
    public static func parse(_ yaml: String, file: String) throws -> CityProfile {
        let root: Node
        switch YAMLSupport.compose(yaml, file: file) {
        case .success(let n): root = n
        case .failure(let p): throw ImportFailure(problems: [p])
        }
        var problems: [ImportProblem] = []
        func at(_ n: Node) -> SourcePosition { YAMLSupport.position(n, file: file) }
        func text(_ n: Node, _ what: String) -> String? {
            guard let s = n.string?.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                problems.append(ImportProblem(at(n), "\(what) must be a text", fix: "write it after the colon, e.g. `name: Neustadt`"))
                return nil
            }
            return s
        }
        func perLanguage(_ n: Node, _ what: String) -> [Language: String] {
            if n.string != nil { return text(n, what).map { [.de: $0, .en: $0] } ?? [:] }
            var out: [Language: String] = [:]
            for (key, keyNode, value) in YAMLSupport.entries(n) {
                guard let language = Language(tag: key) else {
                    problems.append(ImportProblem(at(keyNode), "unknown language \"\(key)\"", fix: "use de and en"))
                    continue
                }
                out[language] = text(value, "\(what).\(key)")
            }
            return out
        }
        guard root.mapping != nil else {
            throw ImportFailure(problems: [ImportProblem(at(root), "the city profile must be a YAML mapping",
                                                         fix: "see README \"City profile\" for an example")])
        }
        var profile = CityProfile()
        for (key, keyNode, value) in YAMLSupport.entries(root) {
            switch key {
            case "name": profile.name = text(value, "name")
            case "official_name": profile.officialName = perLanguage(value, "official_name")
            case "genitive": profile.genitive = perLanguage(value, "genitive")
            case "organisation": profile.organisation = text(value, "organisation")
            case "committee": profile.committee = perLanguage(value, "committee")
            case "logo":
                if let given = text(value, "logo") {
                    let folder = (file as NSString).deletingLastPathComponent
                    profile.logo = given.hasPrefix("/") ? given : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(given)
                }
            case "levels":
                for (levelKey, levelNode, nouns) in YAMLSupport.entries(value) {
                    guard let level = AreaLevel(rawValue: levelKey), level != .city else {
                        problems.append(ImportProblem(at(levelNode), "unknown area level \"\(levelKey)\"", fix: "use district and subdistrict"))
                        continue
                    }
                    if let noun = parseNoun(nouns, level: levelKey, at: at, problems: &problems) { profile.levels[level] = noun }
                }
            default:
                problems.append(ImportProblem(at(keyNode), "unknown key \"\(key)\"",
                                              fix: "use name, official_name, genitive, organisation, committee, logo, levels"))
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        return profile
    }

    /// `de: {singular, plural, dative_plural, gender, compound}`, `en: {singular, plural}`.
    private static func parseNoun(_ n: Node, level: String, at: (Node) -> SourcePosition,
                                  problems: inout [ImportProblem]) -> Noun? {
        var forms: [Language: NounForms] = [:]
        for (key, keyNode, value) in YAMLSupport.entries(n) {
            guard let language = Language(tag: key) else {
                problems.append(ImportProblem(at(keyNode), "unknown language \"\(key)\"", fix: "use de and en"))
                continue
            }
            var fields: [String: String] = [:]
            for (field, fieldNode, fieldValue) in YAMLSupport.entries(value) {
                guard ["singular", "plural", "dative_plural", "gender", "compound"].contains(field), let s = fieldValue.string, !s.isEmpty else {
                    problems.append(ImportProblem(at(fieldNode), "levels.\(level).\(key): unknown or empty \"\(field)\"",
                                                  fix: "give singular, plural and, in German, dative_plural, gender and compound"))
                    continue
                }
                fields[field] = s
            }
            guard let singular = fields["singular"], let plural = fields["plural"] else {
                problems.append(ImportProblem(at(keyNode), "levels.\(level).\(key) needs singular and plural", fix: "e.g. `singular: Bezirk, plural: Bezirke`"))
                continue
            }
            var gender = Gender.neuter
            if let g = fields["gender"] {
                guard let parsed = Gender(rawValue: g) else {
                    problems.append(ImportProblem(at(keyNode), "levels.\(level).\(key).gender must be masculine, feminine or neuter", fix: "e.g. `gender: masculine`"))
                    continue
                }
                gender = parsed
            }
            forms[language] = NounForms(singular: singular, plural: plural, dativePlural: fields["dative_plural"], gender: gender,
                                        compound: fields["compound"])
        }
        guard let de = forms[.de], let en = forms[.en] else {
            problems.append(ImportProblem(at(n), "levels.\(level) needs the German and the English nouns (de: and en:)",
                                          fix: "see README \"City profile\""))
            return nil
        }
        return Noun(de: de, en: en)
    }
}
