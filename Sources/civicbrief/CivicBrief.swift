import ArgumentParser
import Foundation

/// The command-line front end. It parses arguments and wires the pipeline stages together;
/// everything else lives in the library modules.
@main
struct CivicBrief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civicbrief",
        abstract: "Turns a social-monitoring indicator store into accessible PDF/UA-1 briefings.",
        discussion: """
        Exit codes: 0 success · 1 usage error · 2 invalid input (bad file, template or data) \
        · 3 internal error (a bug or a failed render; please report it).
        The indicator store is chosen by --store, else $CIVICBRIEF_STORE, else ./civicbrief.sqlite.
        """,
        subcommands: [DemoCommand.self, ImportCommand.self, ExportCommand.self, InspectCommand.self, Typeset.self,
                      CheckCommand.self, RenderCommand.self]
    )
}
