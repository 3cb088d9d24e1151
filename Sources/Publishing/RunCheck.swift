import Document
import Facts
import Foundation
import IndicatorStore
import Narrative

// `civicbrief check MANIFEST` and `publish --dry-run --check`: the run's plan and every template of
// every document, without rendering a PDF.

extension Publisher {
    /// Checks the manifest's period, output paths and templates for every job without rendering PDFs:
    /// each problem once, with its position.
    public static func check(_ manifest: PublishManifest, store: IndicatorStore) throws -> [String] {
        let preparation: RunPreparation
        do { preparation = try prepare(manifest, store: store, folder: URL(fileURLWithPath: "/nonexistent-civicbrief-check")) } catch let problem as PublishProblem {
            return problem.lines
        }
        var problems: [TemplateProblem] = []
        let facts = try FactsBuilder(store: store)
        for job in preparation.jobs where job.kind == .document {
            do {
                _ = try BriefingRenderer.render(request(job, standard: manifest.pdfStandard), facts: facts)
            } catch {
                for p in error.problems where !problems.contains(p) { problems.append(p) }
            }
        }
        return problems.map(\.description)
    }

    static func request(_ job: PublishJob, standard: PDFStandard?) -> BriefingRequest {
        BriefingRequest(templatePath: job.templatePath, area: job.area, period: job.period, language: job.language,
                        parameters: job.parameters, pdfStandard: standard)
    }
}
