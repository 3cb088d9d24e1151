import Foundation
import IndicatorStore
import Support

/// `civicbrief init` and `civicbrief new template`: a working set-up for a new city, and a new
/// template, both rendering at once (README "Starting a city").
public enum Scaffold {
    /// Why a set-up or a template could not be made, as `what is wrong — what to do`.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The files `initialise` writes, relative to the folder.
    public static let storeFile = "civicbrief.sqlite"

    /// Makes `folder` (new or empty) a set-up for `city`: its profile, the shipped templates and
    /// manifests with the index definition, a store holding synthetic placeholder data (the demo's
    /// generated values, the city area named `city`) so every template renders at once, and a
    /// README for the analysts saying how to replace the data with the city's own.
    public static func initialise(folder: String, city: String, templates: URL,
                                  environment: [String: String] = ProcessInfo.processInfo.environment,
                                  note: (String) -> Void) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw Failure(description: "\(folder): is a file — give a folder for the set-up") }
            guard (try? fm.contentsOfDirectory(atPath: folder))?.isEmpty ?? false else {
                throw Failure(description: "\(folder): is not empty — give a new or empty folder, so nothing of yours is overwritten")
            }
        }
        let name = city.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains("\n") else { throw Failure(description: "--city: give the city's name, e.g. --city \"Neustadt am Fluss\"") }
        let root = URL(fileURLWithPath: folder)
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            try fm.copyItem(at: templates, to: root.appendingPathComponent("Templates"))
            try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(folder): cannot create the set-up (\(error.localizedDescription)) — check the path and its permissions")
        }
        do throws(OutputError) {
            try AtomicFile.write(profile(for: name), to: root.appendingPathComponent("city.yaml").path)
            try AtomicFile.write(cityArea(name), to: root.appendingPathComponent("data/city-area.yaml").path)
            try AtomicFile.write(readme(for: name), to: root.appendingPathComponent("README.md").path)
        } catch {
            throw Failure(description: error.description)
        }
        let store = root.appendingPathComponent(storeFile).path
        try Demo.createStore(at: store, environment: environment, note: note)
        try Importer.run(files: [root.appendingPathComponent("data/city-area.yaml").path], storePath: store)
        note("Set up \(folder) for \(name): city.yaml, Templates/, \(storeFile) (synthetic placeholder data), README.md")
    }

    /// Writes `folder/NAME.md`: a copy of the template `from` (a path or a shipped name), its title
    /// made the new one's, or a short starting template. Returns its path; never overwrites.
    public static func newTemplate(named name: String, from: String?, folder: String, shipped: URL) throws -> String {
        let clean = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        guard !clean.isEmpty, !clean.contains("/"), !clean.hasPrefix(".") else {
            throw Failure(description: "\(name): give a template name without folders, e.g. wohnen-profil")
        }
        let path = (folder as NSString).appendingPathComponent(clean + ".md")
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "\(path): exists — choose another name, or edit that template")
        }
        var text: String
        if let from {
            let candidates = [from, from + ".md", shipped.appendingPathComponent(from).path, shipped.appendingPathComponent(from + ".md").path]
            guard let source = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
                  let read = try? String(contentsOfFile: source, encoding: .utf8) else {
                throw Failure(description: "\(from): template not found — looked for \(candidates.joined(separator: ", "))")
            }
            text = read
        } else {
            text = starter
        }
        do throws(OutputError) { try AtomicFile.write(text, to: path) } catch { throw Failure(description: error.description) }
        return path
    }

    /// The starting template: one paragraph about an area, with the words of the city's profile.
    static let starter = """
        ---
        title: "{{ area.name }}"
        subtitle: "Sozialmonitoring {{ profile.genitive }}, Stand {{ period.label }}"
        language: de
        area_level: district
        keywords: [Sozialmonitoring]
        ---

        # {{ area.name }}

        {# What a template can use: civicbrief facts --area CODE; see it as you write: civicbrief preview THIS.md --watch #}
        {{ profile.district.aNominative }} von {{ city.name }} ist {{ area.name }}.

        """

    static func profile(for city: String) -> String {
        """
        # City profile of \(city): the words every briefing takes for the city and its areas.
        # See README "City profile" of CivicBrief; every key is optional.
        name: \(yamlQuoted(city))
        official_name:
          de: \(yamlQuoted("Stadt " + city))
          en: \(yamlQuoted("City of " + city))
        genitive:
          de: \(yamlQuoted("der Stadt " + city))
          en: \(yamlQuoted("of the City of " + city))
        organisation: \(yamlQuoted("Stadt " + city))
        committee:
          de: Ausschuss für Soziales
          en: Social Committee
        levels:
          district:
            de: {singular: Stadtteil, plural: Stadtteile, dative_plural: Stadtteilen, gender: masculine}
            en: {singular: district, plural: districts}
          subdistrict:
            de: {singular: Stadtbezirk, plural: Stadtbezirke, dative_plural: Stadtbezirken, gender: masculine, compound: Stadtbezirks}
            en: {singular: subdistrict, plural: subdistricts}

        """
    }

    static func cityArea(_ city: String) -> String {
        """
        # The city area's name; the placeholder districts keep the demo's until you import your own.
        areas:
          - code: "00"
            name: \(yamlQuoted(city))
            level: city

        """
    }

    static func readme(for city: String) -> String {
        """
        # Sozialmonitoring \(city) with CivicBrief

        This folder is a working set-up: `civicbrief preview Templates/stadtteilprofil.md --area 03`
        or `civicbrief render Templates/monatsbericht-sozialausschuss.md` work at once. The store
        `civicbrief.sqlite` holds **synthetic placeholder data** (the demo's generated values, every
        briefing says so) until you import the city's own:

        1. Edit `city.yaml`: the city's names, the organisation and committee, the nouns for its area
           levels (Bezirk, Planungsraum, Ortsteil …).
        2. Import the areas and indicators (`civicbrief import areas.csv indicators.yaml`), the
           geometries (`civicbrief import bezirke.geojson --feature-property schluessel`) and the
           values (`civicbrief import werte.csv`); `civicbrief inspect` shows what the store holds.
           To start from an empty store, delete `civicbrief.sqlite` first.
        3. Adjust the social index in `Templates/index/` and run `civicbrief index compute --definition …`
           (the placeholder store's index is the demo city's, and its name says so).
        4. `civicbrief check Templates/*.md` after every change to a template; `civicbrief facts --area CODE`
           lists what a template can use; `civicbrief new template NAME --from stadtteilprofil` starts a new one.
        5. `civicbrief publish Templates/monthly-sozialausschuss.yaml` for the committee's pack.

        Run the commands in this folder: the store, `city.yaml` and `Templates/` are found here.

        """
    }

    private static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
