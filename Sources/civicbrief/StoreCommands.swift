import ArgumentParser
import Facts
import Document
import Support
import Foundation
import IndicatorStore
import Publishing

/// `--store PATH`, shared by every command that touches the indicator store.
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The indicator store (SQLite).",
        discussion: "Default: $CIVICBRIEF_STORE if set, else ./civicbrief.sqlite.",
        valueName: "path"))
    var store: String?

    var path: String { Locations.store(option: store) }
}

/// Messages go to stderr; stdout carries only data (export, inspect).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Maps library errors to the documented exit codes, printing them on stderr.
func storeExitCode(for error: Error) -> ExitCode {
    switch error {
    case let failure as ImportFailure:
        failure.lines.forEach(printError)
        return Exit.invalidInput
    case let error as StoreError:
        printError("civicbrief: \(error)")
        return error.isUserError ? Exit.invalidInput : Exit.internalError
    case let error as OutputError:
        printError("civicbrief: \(error)")
        return Exit.invalidInput
    case let error as ExitCode:
        return error
    default:
        printError("civicbrief: internal error: \(error) — please report it")
        return Exit.internalError
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create the demo store (Lübeck, 10 Stadtteile, synthetic indicators) and render sample briefings.",
        discussion: "The store is created only if it does not exist yet; its content is the same on every run.")

    @OptionGroup var storeOption: StoreOption

    @Option(name: .long, help: ArgumentHelp("Folder for the rendered sample briefings.", valueName: "dir"))
    var out: String = Locations.outputFolder

    @Option(name: .long, help: ArgumentHelp(
        "Folder of the shipped templates (default: $CIVICBRIEF_TEMPLATES, ./Templates, or the Templates/ next to civicbrief).",
        valueName: "dir"))
    var templates: String?

    /// The templates folder to render from, relative when it is ./Templates so messages stay short.
    func templatesFolder() throws -> String {
        if let templates { return templates }
        let found = Locations.templates()
        guard let dir = found.directory else {
            printError("civicbrief: no Templates/ folder with the shipped templates found; searched:")
            found.searched.forEach { printError("  \($0)") }
            printError("Give --templates DIR or set CIVICBRIEF_TEMPLATES.")
            throw Exit.invalidInput
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        return dir.path == cwd + "/Templates" ? "Templates" : dir.path
    }

    func run() throws {
        let templates = try templatesFolder()  // before anything is created, so a failure leaves nothing behind
        let failures: [BriefingError]
        do {
            failures = try Demo.run(storePath: storeOption.path, templates: templates, output: out, note: printError)
        } catch let failure as Demo.SampleFailure {
            printError(failure.description)
            throw Exit.invalidInput
        } catch {
            throw storeExitCode(for: error)
        }
        if !failures.isEmpty {
            printError("\(failures.count) sample briefing(s) failed; see above.")
            throw failures.allSatisfy(\.isUserError) ? Exit.invalidInput : Exit.internalError
        }
    }
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import observations, area and indicator metadata, or area geometries into the store.",
        discussion: """
        Formats (see README "Import formats"): long CSV (indicator, area, period, value[, numerator, denominator, \
        status, note]); wide CSV described by --mapping; area or indicator metadata as CSV or YAML; GeoJSON. \
        All files are one transaction: on any problem nothing is written and every problem is listed as \
        FILE:LINE:COLUMN (exit code 2). Importing the same files again changes nothing.
        """)

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("Files to import.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("YAML mapping for wide-format CSV files (and GeoJSON code_property or name_property).", valueName: "map.yaml"))
    var mapping: String?

    @Option(name: .long, help: ArgumentHelp("How GeoJSON features find their areas: code (default) or name.", valueName: "code|name"))
    var matchBy: String?

    @Option(name: .long, help: ArgumentHelp("The GeoJSON feature property holding the area code (or name, with --match-by name).",
                                            valueName: "property"))
    var featureProperty: String?

    @Option(name: .long, help: ArgumentHelp("Match GeoJSON features only to areas of this level (city, district, subdistrict).",
                                            valueName: "level"))
    var level: String?

    @Flag(name: .long, help: "Validate and report what would change, without writing.")
    var dryRun = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to import") }
        if let matchBy, GeometryMatch.Key(rawValue: matchBy) == nil { throw ValidationError("--match-by must be code or name") }
        if let level, AreaLevel(lenient: level) == nil { throw ValidationError("--level must be city, district or subdistrict") }
    }

    func run() throws {
        let match = GeometryMatch(key: matchBy.flatMap(GeometryMatch.Key.init(rawValue:)) ?? .code, property: featureProperty,
                                  level: level.flatMap(AreaLevel.init(lenient:)))
        do {
            let current = dryRun ? [] : SocialIndex.currentRuns(storePath: storeOption.path)
            let summary = try Importer.run(files: files, mapping: mapping, geometryMatch: match, storePath: storeOption.path, dryRun: dryRun)
            summary.lines(dryRun: dryRun).forEach(printError)
            if !summary.changesNothing { SocialIndex.staleNotes(storePath: storeOption.path, wasCurrent: current).forEach(printError) }
        } catch {
            throw storeExitCode(for: error)
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write current observations in the long format (CSV re-imports to the same content).",
        discussion: "Suppressed observations are written without a value.")

    @OptionGroup var storeOption: StoreOption

    @Option(name: .long, help: ArgumentHelp("Only this indicator.", valueName: "code"))
    var indicator: String?

    @Option(name: .long, help: ArgumentHelp("Only this area.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("csv or json.", valueName: "format"))
    var format: String = "csv"

    @Option(name: .long, help: ArgumentHelp(
        "CSV conventions: en (comma, decimal point; the default) or de (German spreadsheets: semicolon, decimal comma, German column names, UTF-8 with BOM).",
        valueName: "locale"))
    var locale: String?

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var out: String?

    @Flag(name: .long, help: "Write area and indicator metadata as YAML (importable) instead of observations.")
    var metadata = false

    func validate() throws {
        if ObservationExport.Format(rawValue: format) == nil { throw ValidationError("--format must be csv or json") }
        if let locale {
            if ObservationExport.Locale(rawValue: locale) == nil { throw ValidationError("--locale must be en or de") }
            if format != "csv" || metadata { throw ValidationError("--locale applies to CSV observations only (--format csv)") }
        }
    }

    func run() throws {
        do {
            let store = try IndicatorStore.open(path: storeOption.path)
            defer { store.close() }
            if let indicator, try store.indicator(indicator) == nil {
                throw StoreError.unknown("unknown indicator \(quoted(indicator)) — see `civicbrief inspect` for the codes")
            }
            if let area, try store.area(area) == nil {
                throw StoreError.unknown("unknown area \(quoted(area)) — see `civicbrief inspect` for the codes")
            }
            let text = metadata
                ? MetadataExport.yaml(areas: try store.areas().filter { area == nil || $0.code == area },
                                      indicators: try store.indicators().filter { indicator == nil || $0.code == indicator })
                : ObservationExport.render(try store.observations(indicator: indicator, area: area),
                                           format: ObservationExport.Format(rawValue: format) ?? .csv,
                                           locale: locale.flatMap(ObservationExport.Locale.init(rawValue:)) ?? .en)
            if let out {
                try AtomicFile.write(text, to: out)  // its temporary file never outlives an error
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            throw storeExitCode(for: error)
        }
    }
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the store's areas and indicators (with first and last period and observation counts).")

    @OptionGroup var storeOption: StoreOption

    @Flag(name: .long, help: "Print JSON instead of tables.")
    var json = false

    func run() throws {
        do {
            let store = try IndicatorStore.open(path: storeOption.path)
            defer { store.close() }
            let text = json ? try Inspection.json(store) : try Inspection.text(store)
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch {
            throw storeExitCode(for: error)
        }
    }
}
