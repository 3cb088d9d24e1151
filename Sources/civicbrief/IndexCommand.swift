import ArgumentParser
import Facts
import Foundation
import IndicatorStore

/// `civicbrief index compute|show`: the social index after the MSS method (README "Social index (MSS method)").
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Compute and show the social index (Berlin MSS method) stored with the indicator data.",
        subcommands: [IndexComputeCommand.self, IndexShowCommand.self])
}

/// Loads `--definition`, else the shipped file if present, else the built-in copy of it.
func loadIndexDefinition(_ path: String?) throws -> SocialIndexDefinition {
    if let path { return try SocialIndexDefinition.load(path: path) }
    if FileManager.default.fileExists(atPath: SocialIndexDefinition.shippedPath) {
        return try SocialIndexDefinition.load(path: SocialIndexDefinition.shippedPath)
    }
    return try SocialIndexDefinition.builtIn()
}

/// Computes the index and stores it with its provenance; used by `index compute` and `demo`.
/// Returns the human-readable summary line.
func computeAndStoreIndex(definition: SocialIndexDefinition, storePath: String, period: Period?, computedAt: String) throws -> String {
    // A store from before the index tables existed is upgraded here rather than refused.
    try IndicatorStore.upgradeSchema(path: storePath)
    let store = try IndicatorStore.open(path: storePath)
    let run: IndexRun
    do {
        defer { store.close() }
        run = try SocialIndex.run(definition, store: store, period: period, computedAt: computedAt)
    }
    let written = try IndicatorStore.saveIndexRun(run, path: storePath)
    let computed = run.results.filter { $0.statusState == .computed }.count
    let dynamics = run.results.filter { $0.dynamicsState == .computed }.count
    let without = run.results.count - computed
    return "Index \(definition.code) \(run.period) (dynamics against \(run.basePeriod)): \(computed) areas with a status index, "
        + "\(dynamics) with a dynamics index, \(without) without (excluded or inputs suppressed/missing); "
        + (written ? "stored." : "unchanged, the stored index already matches the data.")
}

func indexExitCode(for error: Error) -> ExitCode {
    if let error = error as? SocialIndexError {
        printError("civicbrief: \(error)")
        return Exit.invalidInput
    }
    return storeExitCode(for: error)
}

struct IndexComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute",
        abstract: "Compute the social index from the store and save it as derived results with provenance.",
        discussion: """
        The result records the definition (file, SHA-256, every parameter), the periods, a digest of every \
        input value and the time (SOURCE_DATE_EPOCH when set). Facts refuse a stored index whose inputs \
        changed afterwards, so run this after every import; it also recomputes every earlier stored period \
        whose inputs changed. Running it again on unchanged data writes nothing.
        """)

    @OptionGroup var storeOption: StoreOption

    @Option(name: .long, help: ArgumentHelp("Index definition (YAML). Default: \(SocialIndexDefinition.shippedPath), else the built-in copy of it.",
                                            valueName: "file"))
    var definition: String?

    @Option(name: .long, help: ArgumentHelp("Index period (e.g. 2026-10). Default: the latest period with values for every status indicator.",
                                            valueName: "period"), transform: periodArgument)
    var period: Period?

    func run() throws {
        let chosen = period
        do {
            let def = try loadIndexDefinition(definition)
            let time = ImportClock.now()
            printError(try computeAndStoreIndex(definition: def, storePath: storeOption.path, period: chosen, computedAt: time))
            // Earlier periods stored before keep matching their data too (e.g. the quarter-end index after a revision).
            let store = try IndicatorStore.open(path: storeOption.path)
            let stale = try SocialIndex.stalePeriods(definition: def.code, store: store)
            store.close()
            for period in stale {
                printError(try computeAndStoreIndex(definition: def, storePath: storeOption.path, period: period, computedAt: time))
            }
        } catch {
            throw indexExitCode(for: error)
        }
    }
}

struct IndexShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the stored social index per area (stdout), with a warning if it no longer matches the data.",
        discussion: "Exit code 2 when no index is stored or the stored one is stale.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv }

    @OptionGroup var storeOption: StoreOption

    @Option(name: .long, help: ArgumentHelp("Index code (default: the newest stored index).", valueName: "code"))
    var code: String?

    @Option(name: .long, help: ArgumentHelp("table (readable) or csv (full precision, for checks).", valueName: "format"))
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Language of labels and numbers in the table: de or en.", valueName: "language"))
    var language: String = "de"

    func run() throws {
        guard let lang = Language(tag: language) else { throw ValidationError("--language must be de or en") }
        do {
            let store = try IndicatorStore.open(path: storeOption.path)
            defer { store.close() }
            guard let run = try store.indexRuns(definition: code).first else {
                printError("civicbrief: \(storeOption.path): no social index is stored — run `civicbrief index compute`")
                throw Exit.invalidInput
            }
            let current = try SocialIndex.isCurrent(run, store: store)
            let areas = try store.areas(level: run.definition.level)
            let names = Dictionary(areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            switch format {
            case .csv:
                print("area,name,status_state,status_sum,status_index,status_class,dynamics_state,dynamics_sum,dynamics_index,dynamics_class")
                func n(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
                func i(_ v: Int?) -> String { v.map(String.init) ?? "" }
                for r in run.results {
                    let name = (names[r.area] ?? "").replacingOccurrences(of: "\"", with: "\"\"")
                    print("\(r.area),\"\(name)\",\(current ? r.statusState.rawValue : "stale"),\(n(r.statusSum)),\(n(r.statusIndex)),"
                          + "\(i(r.statusClass)),\(current ? r.dynamicsState.rawValue : "stale"),\(n(r.dynamicsSum)),"
                          + "\(n(r.dynamicsIndex)),\(i(r.dynamicsClass))")
                }
            case .table:
                let report = SocialIndexReport(run: run, areas: areas, isCurrent: current, language: lang)
                print("\(report.name) — \(report.periodText) (\(lang == .de ? "Dynamik gegenüber" : "dynamics against") \(report.basePeriodText))")
                for a in report.areas {
                    let cls = a.combinedLabel ?? a.statusClassLabel.map { "Status \($0)" } ?? a.state
                    print("\(a.area.code)\t\(a.area.name)\t\(a.statusIndexText)\t\(a.dynamicsIndexText)\t\(cls)")
                }
                print("")
                print(report.matrixMarkdown(lang))
            }
            if !current {
                printError("civicbrief: the stored index \(run.definition.code) \(run.period) no longer matches the data — run `civicbrief index compute`")
                throw Exit.invalidInput
            }
        } catch {
            throw indexExitCode(for: error)
        }
    }
}
