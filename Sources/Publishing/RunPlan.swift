import Foundation
import IndicatorStore
import Narrative

// Planning a run: the manifest and the store's data state → the run's period and every job in its
// deterministic order, each with an output path checked before anything is written. Nothing here
// renders or writes; `check`, `--dry-run` and the run itself plan the same way.

/// The run as prepared from one data state, before any job: the period, the jobs, the index they show.
public struct RunPreparation: Sendable {
    public var periods: ResolvedPeriods
    /// Every job of the manifest (all shards), in the deterministic order.
    public var jobs: [PublishJob]
    public var index: IndexUse?
    /// What the preparation did or found that the operator should know (stderr and the run manifest).
    public var notes: [String]
}

extension Publisher {
    /// Resolves the run's period and plans every job in its deterministic order (entries in manifest
    /// order, areas as listed or by code, languages as listed; the packs last), with output paths
    /// checked: inside `folder`, and no two outputs on one path.
    public static func prepare(_ manifest: PublishManifest, store: IndicatorStore, folder: URL) throws -> RunPreparation {
        let templates = manifest.documents.map { (name: $0.template, path: $0.templatePath) }
        let periods: ResolvedPeriods
        do {
            periods = try PeriodResolver.resolve(selection: manifest.period, maxLag: manifest.maxLag, templates: templates, store: store)
        } catch let problem as PeriodProblem {
            throw PublishProblem(["\(manifest.path):\(manifest.periodPosition.line):\(manifest.periodPosition.column): \(problem.message)"])
        }
        let jobs = try plan(manifest, store: store, periods: periods)
        var problems = OutputPath.collisions(jobs.map { (who: $0.described, path: $0.file) }).map { "\(manifest.path): \($0) — make the output pattern tell them apart (e.g. with {area} and {lang})" }
        for job in jobs {
            if let why = OutputPath.problem(job.file, inside: folder) { problems.append("\(manifest.path): \(job.described): \(why)") }
        }
        if !problems.isEmpty { throw PublishProblem(problems) }
        var notes: [String] = []
        if let lag = periods.lagWarning { notes.append("warning: " + lag) }
        return RunPreparation(periods: periods, jobs: jobs, index: nil, notes: notes)
    }

    /// The jobs of the manifest for the resolved periods.
    public static func plan(_ manifest: PublishManifest, store: IndicatorStore, periods: ResolvedPeriods) throws -> [PublishJob] {
        let allAreas = try store.areas()
        var jobs: [PublishJob] = []
        var byLanguage: [String: [PublishJob]] = [:]
        for entry in manifest.documents {
            let header = try? BriefingRenderer.header(templatePath: entry.templatePath)
            let stem = URL(fileURLWithPath: entry.templatePath).deletingPathExtension().lastPathComponent
            let areas: [Area?]
            switch entry.areas {
            case .templateDefault:
                areas = [header.flatMap { h in allAreas.first { $0.level == h.areaLevels[0] } }]
            case .codes(let codes):
                areas = codes.map { code in allAreas.first { $0.code == code } ?? Area(code: code, name: code, level: .district) }
            case .level(let level): areas = allAreas.filter { $0.level == level }
            case .all:
                let levels = header?.areaLevels ?? []
                areas = levels.isEmpty ? [nil] : allAreas.filter { levels.contains($0.level) }
            }
            let period = periods.period(for: entry.template)
            for language in entry.languages ?? manifest.languages {
                for area in areas {
                    let code = area?.code ?? "-"
                    let key = [stem, code, period.description, language].map(OutputPath.escape).joined(separator: "/")
                    let file = OutputPath.fill(manifest.output, ["template": cleanName(stem, language: language), "area": code,
                                                                 "period": period.description, "lang": language])
                    let job = PublishJob(kind: .document, key: key, template: entry.template, templatePath: entry.templatePath,
                                         area: area?.code, areaName: area?.name, period: period, language: language,
                                         parameters: entry.parameters, file: file, members: [])
                    if !jobs.contains(where: { $0.key == job.key }) {
                        jobs.append(job)
                        byLanguage[language, default: []].append(job)
                    }
                }
            }
        }
        if let pack = manifest.pack {
            for language in manifest.languages where byLanguage[language] != nil {
                let file = OutputPath.fill(pack.file, ["period": periods.reference.description, "lang": language])
                jobs.append(PublishJob(kind: .pack, key: ["pack", periods.reference.description, language].map(OutputPath.escape).joined(separator: "/"),
                                       template: manifest.path, templatePath: manifest.path, area: nil, areaName: nil,
                                       period: periods.reference, language: language, parameters: [:], file: file,
                                       members: byLanguage[language] ?? []))
            }
        }
        return jobs
    }

    /// A template's file name for `{template}`: without a language suffix the document's language
    /// repeats (`district-profile.en` in English is `district-profile`).
    public static func cleanName(_ stem: String, language: String) -> String {
        stem.hasSuffix(".\(language)") ? String(stem.dropLast(language.count + 1)) : stem
    }

}
