import Document
import Foundation
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
        #expect(m.period == "2026-Q3")
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
        #expect(m.period == nil && m.languages == ["de"] && m.output == PublishManifest.defaultOutput && m.pack == nil)
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
                "\(path):1:9: cannot read period \"2026-13\" — write latest-complete, 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)",
                "\(path):2:9: output: unknown placeholder {bezirk} — use {template}, {area}, {period}, {lang}",
                "\(path):4:17: meeting_date \"3.12.2026\" is not a date — write YYYY-MM-DD, e.g. 2026-12-03",
                "\(path):7:12: areas: \"stadtteile\" is not a level — use city, district, subdistrict, all or a list of codes",
                "\(path):8:5: document entry without `template:` — name a template file next to the manifest",
                "\(path):9:1: unknown key \"extra\" — a manifest has name, period, languages, output, metadata, documents, pack, pdf_standard",
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
        let manifest = PublishManifest(path: "m.yaml", name: "m", period: nil, languages: ["de"], output: "", committee: "Sozialausschuss",
                                       meetingDate: "2026-12-03", organisation: nil, documents: [], pack: nil)
        let pack = Pack.assemble([a, b, c], title: "Mappe", manifest: manifest, language: "de-DE")
        #expect(pack.cover.blocks == [
            .heading(Heading(level: 1, text: "Mappe", id: "pack-cover")),
            .paragraph(Paragraph("Ausschuss: Sozialausschuss")),
            .paragraph(Paragraph("Sitzung am 3. Dezember 2026")),
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
        RunOutput(key: key, kind: "document", file: key + ".pdf", template: "t.md", area: nil, period: "2026-10",
                  language: "de", pages: 1, sha256: sha, inputs: "i", document: "d", status: "rendered")
    }

    @Test func mergeJoinsShardsByKeyAndALaterShardWins() {
        let a = RunManifest(manifest: "m.yaml", shard: "1/2", outputs: [output("b", "1"), output("a", "1")],
                            failures: [RunFailure(key: "c", template: "t.md", area: nil, language: "de", reason: "x")])
        let b = RunManifest(manifest: "m.yaml", shard: "2/2", outputs: [output("c", "2"), output("d", "2")], failures: [])
        let merged = RunManifest.merge([a, b])
        #expect(merged.outputs.map(\.key) == ["a", "b", "c", "d"])
        #expect(merged.failures.isEmpty)
        #expect(merged.shard == "1/1")
    }
}
