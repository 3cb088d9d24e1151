import Document
import Foundation
import IndicatorStore
import Narrative
import Testing
@testable import Publishing

private func write(_ text: String, name: String = "m.yaml") throws -> (folder: URL, path: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("publishing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "---\ntitle: T\n---\n# T\n".write(to: folder.appendingPathComponent("t.md"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (folder, path)
}

@Suite struct ManifestTests {
    @Test func readsEveryField() throws {
        let (folder, path) = try write("""
            name: pack
            period: 2026-Q3
            languages: [de, en]
            output: "{period}/{template}-{area}-{lang}.pdf"
            metadata:
              committee: Sozialausschuss
              meeting_date: 2026-12-03
              organisation: Hansestadt Lübeck
            documents:
              - template: t.md
                areas: ["03", "09"]
                parameters: {top: 3}
              - template: t.md
                areas: district
                languages: [en]
              - template: t.md
            pack:
              title: Mappe
              file: "mappe-{lang}.pdf"
            """)
        let m = try PublishManifest.load(path: path)
        #expect(m.name == "pack")
        #expect(m.period == .fixed(Period("2026-Q3")!))
        #expect(m.languages == ["de", "en"])
        #expect(m.output == "{period}/{template}-{area}-{lang}.pdf")
        #expect(m.committee == "Sozialausschuss" && m.meetingDate == "2026-12-03" && m.organisation == "Hansestadt Lübeck")
        #expect(m.documents.map(\.areas) == [.codes(["03", "09"]), .level(.district), .templateDefault])
        #expect(m.documents[0].parameters == ["top": "3"])
        #expect(m.documents[0].templatePath == folder.path + "/t.md")
        #expect(m.documents[1].languages == ["en"])
        #expect((m.documents[0].line, m.documents[0].column) == (10, 5))
        #expect(m.pack == PackSpec(title: "Mappe", file: "mappe-{lang}.pdf"))
    }

    @Test func latestCompleteIsTheDefaultPeriod() throws {
        let (_, path) = try write("period: latest-complete\ndocuments:\n  - template: t.md\n")
        let m = try PublishManifest.load(path: path)
        #expect(m.period == .latestComplete && m.maxLag == nil && m.languages == ["de"] && m.output == PublishManifest.defaultOutput && m.pack == nil)
    }

    @Test func reportsEveryProblemAtItsPosition() throws {
        let (_, path) = try write("""
            period: 2026-13
            output: "{template}-{bezirk}.pdf"
            metadata:
              meeting_date: 3.12.2026
            documents:
              - template: t.md
                areas: stadtteile
              - areas: [01]
            extra: 1
            """)
        #expect(throws: TemplateFailure.self) { try PublishManifest.load(path: path) }
        do { _ = try PublishManifest.load(path: path) } catch {
            #expect(error.problems.map(\.description) == [
                "\(path):1:9: cannot read period \"2026-13\" — write latest-complete, latest, 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)",
                "\(path):2:9: output: unknown placeholder {bezirk} — use {template}, {area}, {period}, {lang}",
                "\(path):4:17: meeting_date \"3.12.2026\" is not a date — write YYYY-MM-DD, e.g. 2026-12-03",
                "\(path):7:12: areas: \"stadtteile\" is not a level — use city, district, subdistrict, all or a list of codes",
                "\(path):8:5: document entry without `template:` — name a template file next to the manifest",
                "\(path):9:1: unknown key \"extra\" — a manifest has name, period, max_lag, languages, output, metadata, documents, pack, social_index, pdf_standard",
            ])
        }
    }

    @Test func yamlSyntaxErrorsHaveTheirPosition() throws {
        let (_, path) = try write("documents:\n  - template: [t.md\n")
        do { _ = try PublishManifest.load(path: path); Issue.record("expected a failure") } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].line == 3)
            #expect(error.problems[0].message.hasPrefix("YAML syntax error: "))
        }
    }
}

@Suite struct PackTests {
    @Test func aCoverWithContentsThenOneSectionPerDocumentWithOneH1Each() throws {
        let a = Document(metadata: Metadata(title: "A"), blocks: [
            .heading(Heading(level: 1, text: "A", id: "top")), .tableOfContents(TableOfContents()),
            .heading(Heading(level: 2, text: "A.1", id: "x")),
            .paragraph(Paragraph(runs: [.link("see", destination: .internal("x"))])),
        ])
        let b = Document(metadata: Metadata(title: "B"), blocks: [.paragraph(Paragraph("no heading")), .heading(Heading(level: 2, text: "B.1", id: "x"))])
        let c = Document(metadata: Metadata(title: "C"), blocks: [.heading(Heading(level: 1, text: "C")), .heading(Heading(level: 1, text: "C again"))])
        let manifest = PublishManifest(path: "m.yaml", name: "m", languages: ["de"], output: "", committee: "Sozialausschuss",
                                       meetingDate: "2026-12-03", organisation: nil, documents: [], pack: nil)
        let pack = Pack.assemble([a, b, c], title: "Mappe", manifest: manifest, language: "de-DE", period: "Oktober\u{00A0}2026")
        #expect(pack.cover.blocks == [
            .heading(Heading(level: 1, text: "Mappe", id: "pack-cover")),
            .paragraph(Paragraph(runs: [.bold("Ausschuss: "), .text("Sozialausschuss")])),
            .paragraph(Paragraph(runs: [.bold("Sitzung: "), .text("3.\u{00A0}Dezember\u{00A0}2026")])),
            .paragraph(Paragraph(runs: [.bold("Berichtszeitraum: "),
                                        .text("Oktober\u{00A0}2026 (vierteljährliche und jährliche Kennzahlen: letzter abgeschlossener Zeitraum)")])),
            .tableOfContents(TableOfContents(title: "Inhalt", maxLevel: 1)),
        ])
        #expect(pack.cover.metadata.title == "Mappe" && pack.cover.metadata.date == "2026-12-03")
        // A document with one H1 at its start is its own section, unchanged (the layout prefixes its
        // destination names and leaves out its contents block), so the pack can place what its job measured.
        #expect(pack.sections[0] == a)
        // Without an H1: the title becomes one. A second H1 becomes an H2.
        #expect(pack.sections[1].blocks == [
            .heading(Heading(level: 1, text: "B", id: "title")), .paragraph(Paragraph("no heading")),
            .heading(Heading(level: 2, text: "B.1", id: "x")),
        ])
        #expect(pack.sections[2].blocks == [.heading(Heading(level: 1, text: "C")), .heading(Heading(level: 2, text: "C again"))])
    }
}

@Suite struct MergeTests {
    func output(_ key: String, _ sha: String) -> RunOutput {
        RunOutput(key: key, kind: "document", file: key + ".pdf", title: "T", template: "t.md", area: AreaRef(code: "03", name: "Moisling"),
                  members: nil, period: "2026-10", language: "de", pages: 1, bytes: 10, sha256: sha, status: "rendered",
                  renderedAt: "2026-11-01T00:00:00Z", dataState: "s",
                  inputs: InputDigests(store: "s", templates: "t", settings: "x", renderer: "r"), document: "d")
    }

    func part(_ shard: String, _ outputs: [RunOutput], failures: [RunFailure] = [], packs: [String] = []) -> RunManifest {
        RunManifest(tool: ToolInfo(version: "1", commit: "c"), manifest: ManifestInfo(name: "m", path: "m.yaml"),
                    run: RunInfo(started: "2026-11-0\(shard.prefix(1))T00:00:00Z", ended: "2026-11-0\(shard.prefix(1))T01:00:00Z",
                                 status: "complete", shard: shard, rendered: outputs.count, skipped: 0, failed: failures.count, packs: packs),
                    periods: nil, dataState: nil, outputs: outputs, failures: failures, warnings: [])
    }

    @Test func mergeJoinsShardsByKeyAndALaterShardWins() {
        let failure = RunFailure(key: "c", kind: "document", template: "t.md", area: "03", period: "2026-10", language: "de",
                                 file: "c.pdf", reason: "x", category: "input")
        let a = part("1/2", [output("b", "1"), output("a", "1")], failures: [failure])
        let b = part("2/2", [output("c", "2"), output("d", "2")], packs: ["mappe.pdf"])
        let merged = RunManifest.merge([a, b])
        #expect(merged.outputs.map(\.key) == ["a", "b", "c", "d"])
        #expect(merged.failures.isEmpty)
        #expect(merged.run.shard == "1/1" && merged.run.status == "complete")
        #expect(merged.run.started == "2026-11-01T00:00:00Z" && merged.run.ended == "2026-11-02T01:00:00Z")
        #expect(merged.run.packs == ["mappe.pdf"] && merged.run.rendered == 4)
    }

    @Test func aManifestOfAnotherSchemaVersionIsNotReadAsPrevious() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("run-manifest.json")
        try Data(part("1/1", [output("a", "1")]).encoded()).write(to: url)
        #expect(RunManifest.read(url)?.outputs.map(\.key) == ["a"])
        try Data(#"{"manifest": "m.yaml", "shard": "1/1", "outputs": [], "failures": []}"#.utf8).write(to: url)
        #expect(RunManifest.read(url) == nil)
    }
}
