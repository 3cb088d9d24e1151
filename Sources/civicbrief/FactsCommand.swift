import ArgumentParser
import Facts
import Foundation
import IndicatorStore
import Narrative

/// `civicbrief facts`: what a template can use — variables, fact paths, properties and filters —
/// with types, descriptions and their values for an area and period.
struct FactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "List every variable, fact path, property and filter a template can use, with its value.",
        discussion: """
        Values are those of --area and --period (default: the template's first area and latest complete \
        period); `<code>` paths are shown for --indicator. --markdown prints the plain reference (no \
        values), as the README's template reference has it.
        """)

    @OptionGroup var storeOption: StoreOption

    @Option(name: .long, help: ArgumentHelp("Area code, e.g. 03.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("Period, e.g. 2026-10.", valueName: "period"), transform: periodArgument)
    var period: Period?

    @Option(name: .long, help: ArgumentHelp("A template whose front matter (level, granularity, parameters, language) applies.", valueName: "template"))
    var template: String?

    @Option(name: .long, help: ArgumentHelp("The indicator shown for facts.<code> (default: the template's first main indicator).", valueName: "code"))
    var indicator: String?

    @Flag(name: .long, help: "JSON (path, type, description, value) on stdout.")
    var json = false

    @Flag(name: .long, help: "The reference as a Markdown table, without values.")
    var markdown = false

    func run() throws {
        if markdown {
            print(TemplateReference.markdown(), terminator: "")
            return
        }
        let store: IndicatorStore
        do { store = try IndicatorStore.open(path: storeOption.path) } catch { throw storeExitCode(for: error) }
        defer { store.close() }
        var header: TemplateHeader?
        if let template {
            do { header = try BriefingRenderer.header(templatePath: template) } catch {
                Diagnostics.print(error.problems)
                throw Exit.invalidInput
            }
        }
        let facts: FactsBuilder
        do { facts = try FactsBuilder(store: store) } catch { throw storeExitCode(for: error) }
        let code: String
        if let indicator { code = indicator } else if let first = header?.mainIndicators.first?.code { code = first } else {
            let all = facts.indicatorList.map(\.code)
            code = all.contains("arm_sgb2") ? "arm_sgb2" : all.first ?? ""
        }
        let entries: [TemplateReferenceEntry]
        do {
            entries = try TemplateReference.entries(for: BriefingRequest(templatePath: template ?? "facts", area: area, period: period),
                                                    templateHeader: header, indicator: code, facts: facts)
        } catch {
            Diagnostics.print(error.problems)
            throw Exit.invalidInput
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return
        }
        let width = min(48, entries.map(\.path.count).max() ?? 0)
        for e in entries {
            let padded = e.path.count < width ? e.path + String(repeating: " ", count: width - e.path.count) : e.path
            print("\(padded)  \(e.value.map { "= \($0.replacingOccurrences(of: "\u{00A0}", with: " ").prefix(60))  " } ?? "")[\(e.type)] \(e.description)")
        }
    }
}
