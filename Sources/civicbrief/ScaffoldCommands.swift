import ArgumentParser
import Foundation
import Publishing
import Support

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a working set-up for a new city: profile, templates and manifests, a store with placeholder data, a README for analysts.",
        discussion: "DIR must be new or empty. Every template renders at once from the synthetic placeholder data; the README says how to import the city's own.")

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var folder: String

    @Option(name: .long, help: ArgumentHelp("The city's name, as in running text.", valueName: "name"))
    var city: String = "Musterstadt"

    func run() throws {
        guard let templates = Locations.templates().directory else {
            printError("civicbrief init: the shipped templates were not found — looked in \(Locations.templates().searched.joined(separator: ", "))")
            throw Exit.internalError
        }
        do { try Scaffold.initialise(folder: folder, city: city, templates: templates, note: printError) } catch let failure as Scaffold.Failure {
            printError("civicbrief init: \(failure)")
            throw Exit.invalidInput
        } catch {
            throw storeExitCode(for: error)
        }
    }
}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Start something new from what ships: a template.",
        subcommands: [NewTemplateCommand.self])
}

struct NewTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write Templates/NAME.md: a copy of a template (--from), or a short starting one; never overwrites.")

    @Argument(help: ArgumentHelp("The new template's name (file name without .md).", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Start from this template: a path or a shipped name, e.g. stadtteilprofil.", valueName: "template"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("The folder to write into.", valueName: "dir"))
    var folder: String = "Templates"

    func run() throws {
        let shipped = Locations.templates().directory ?? URL(fileURLWithPath: "Templates")
        do {
            let path = try Scaffold.newTemplate(named: name, from: from, folder: folder, shipped: shipped)
            print(path)
            printError("Wrote \(path) — `civicbrief check \(path)`, then `civicbrief preview \(path) --watch`")
        } catch let failure as Scaffold.Failure {
            printError("civicbrief new template: \(failure)")
            throw Exit.invalidInput
        }
    }
}
