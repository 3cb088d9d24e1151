import Accessibility
import ArgumentParser
import Foundation
import Layout

/// The command-line front end. It parses arguments and wires the pipeline stages together;
/// everything else lives in the library modules.
@main
struct CivicBrief: ParsableCommand {
    /// ArgumentParser exits with EX_USAGE (64) on bad arguments; CivicBrief documents 1 for usage
    /// errors, so map them here and let everything else (help, explicit exit codes) pass through.
    static func main() {
        do {
            var command = try parseAsRoot()
            // Commands that typeset load the German hyphenation patterns (≈ 15 ms) on the second
            // core while they parse, query and fill templates.
            if command is TypesetsDocuments { Hyphenator.preload("de") }
            // One document, then exit: the operating system reclaims qpdf's object graph at once,
            // which freeing it object by object would take ≈ 10 ms for a 20-page report.
            if command is RendersOneDocument { Accessibility.leavesMemoryToProcessExit = true }
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Exit.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "civicbrief",
        abstract: "Turns a social-monitoring indicator store into accessible, archival briefings (PDF/UA-1 and PDF/A-3a, data embedded).",
        discussion: """
        Exit codes: 0 success · 1 usage error · 2 invalid input (bad file, template or data) \
        · 3 internal error (a bug or a failed render; please report it).
        The indicator store is chosen by --store, else $CIVICBRIEF_STORE, else ./civicbrief.sqlite.
        """,
        version: BuildInfo.line,
        subcommands: [DemoCommand.self, ImportCommand.self, ExportCommand.self, InspectCommand.self, Typeset.self,
                      CheckCommand.self, RenderCommand.self, PreviewCommand.self, FactsCommand.self, PublishCommand.self, IndexCommand.self,
                      ExtractCommand.self, InitCommand.self, NewCommand.self]
    )
}

/// Commands that lay out text (see `CivicBrief.main`).
protocol TypesetsDocuments {}
extension Typeset: TypesetsDocuments {}
extension RenderCommand: TypesetsDocuments {}
extension PreviewCommand: TypesetsDocuments {}
// Not PublishCommand: it forks its worker first (which then preloads), and a fork needs a process without threads.
extension DemoCommand: TypesetsDocuments {}

/// Commands that render a single document and end.
protocol RendersOneDocument {}
extension Typeset: RendersOneDocument {}
extension RenderCommand: RendersOneDocument {}
