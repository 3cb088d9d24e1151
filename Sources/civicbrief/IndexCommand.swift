import ArgumentParser
import Facts
import Foundation
import IndicatorStore
import Publishing
import Support

/// `civicbrief index compute|show`: the social index after the MSS method (README "Social index (MSS method)").
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Compute and show the social index (Berlin MSS method) stored with the indicator data.",
        subcommands: [IndexComputeCommand.self, IndexShowCommand.self])
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

    @Option(name: .long, help: ArgumentHelp("Index definition (YAML). Default: \(Locations.indexDefinition), else the built-in copy of it.",
                                            valueName: "file"))
    var definition: String?

    @Option(name: .long, help: ArgumentHelp("Index period (e.g. 2026-10). Default: the latest period with values for every status indicator.",
                                            valueName: "period"), transform: periodArgument)
    var period: Period?

    func run() throws {
        do {
            try SocialIndex.computeAndRefresh(try SocialIndexDefinition.resolve(path: definition, fallback: Demo.indexDefinition), storePath: storeOption.path,
                                              period: period, computedAt: ImportClock.now()) { printError($0.description) }
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
            guard let run = try SocialIndex.storedRuns(in: store, definition: code).first else {
                printError("civicbrief: \(storeOption.path): no social index is stored — run `civicbrief index compute`")
                throw Exit.invalidInput
            }
            let current = try SocialIndex.isCurrent(run, store: store)
            let areas = try store.areas(level: run.definition.level)
            switch format {
            case .csv:
                let names = Dictionary(areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
                print(SocialIndexListing.csv(run, areaNames: names, isCurrent: current), terminator: "")
            case .table:
                print(SocialIndexListing.table(SocialIndexReport(run: run, areas: areas, isCurrent: current, language: lang), language: lang),
                      terminator: "")
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
