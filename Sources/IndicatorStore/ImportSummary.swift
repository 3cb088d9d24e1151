import Foundation

/// What an import changes (or would change, for --dry-run).
public struct ImportSummary: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var name: String
        public var kind: ImportFileKind
        public var encoding: String?
        public var rowsRead: Int
        public var inserted: Int
        public var revised: Int
        public var unchanged: Int
        public var areasChanged: Int
        public var indicatorsChanged: Int
        /// Cells suppressed by the confidentiality rule (`Disclosure`) because of this file.
        public var protected: Int = 0
    }
    public var files: [File] = []
    public var areasAdded = 0, areasUpdated = 0, indicatorsAdded = 0, indicatorsUpdated = 0
    /// Every cell the confidentiality rule suppresses, in key order.
    public var protectedCells: [Observation.Key] = []
    /// Earlier revisions removed because their cell is now suppressed (their values must not stay readable).
    public var revisionsWithdrawn = 0
    /// Stored social-index runs removed because they were computed from a value now suppressed:
    /// "definition period".
    public var indexRunsRemoved: [String] = []

    public var changesNothing: Bool {
        areasAdded + areasUpdated + indicatorsAdded + indicatorsUpdated == 0
            && files.allSatisfy { $0.inserted + $0.revised + $0.protected == 0 }
            && revisionsWithdrawn == 0 && indexRunsRemoved.isEmpty
    }

    /// Human-readable report lines (stderr).
    public func lines(dryRun: Bool) -> [String] {
        func verb(_ word: String) -> String { dryRun ? "would \(word)" : word == "change" ? "changed" : "\(word)ed" }
        var out: [String] = files.map { f in
            var parts = ["\(f.rowsRead) row\(f.rowsRead == 1 ? "" : "s") read"]
            if f.kind == .long || f.kind == .wide {
                parts.append("\(f.inserted) \(verb("add")), \(f.revised) \(dryRun ? "would revise" : "revised"), \(f.unchanged) unchanged")
            }
            if f.areasChanged > 0 { parts.append("\(f.areasChanged) area\(f.areasChanged == 1 ? "" : "s") \(verb("change"))") }
            if f.indicatorsChanged > 0 { parts.append("\(f.indicatorsChanged) indicator\(f.indicatorsChanged == 1 ? "" : "s") \(verb("change"))") }
            if f.protected > 0 {
                parts.append("\(f.protected) more cell\(f.protected == 1 ? "" : "s") \(dryRun ? "would be " : "")suppressed to protect suppressed values")
            }
            return "\(f.name) (\(f.kind.rawValue)\(f.encoding.map { ", " + $0 } ?? "")): " + parts.joined(separator: "; ")
        }
        if !protectedCells.isEmpty {
            let shown = protectedCells.prefix(10).map { "\($0.indicator) \($0.area) \($0.period)" }.joined(separator: ", ")
            let more = protectedCells.count > 10 ? " and \(protectedCells.count - 10) more" : ""
            out.append("Confidentiality: \(dryRun ? "would suppress" : "suppressed") \(shown)\(more) — a total with a suppressed part "
                       + "would give the suppressed value away (README \"Confidentiality\").")
        }
        if revisionsWithdrawn > 0 {
            out.append("\(dryRun ? "Would remove" : "Removed") \(revisionsWithdrawn) earlier revision\(revisionsWithdrawn == 1 ? "" : "s") "
                       + "of values that are now suppressed, so no command shows them any more.")
        }
        for run in indexRunsRemoved {
            out.append("\(dryRun ? "Would remove" : "Removed") the stored social index \(run): it was computed from a value that is now "
                       + "suppressed; compute it again (civicbrief index compute).")
        }
        if changesNothing {
            out.append(dryRun ? "Nothing would change." : "Nothing changed; the store was not written.")
        } else {
            let (add, update) = dryRun ? ("would add", "would update") : ("added", "updated")
            out.append("Areas: \(areasAdded) \(add), \(areasUpdated) \(update). "
                       + "Indicators: \(indicatorsAdded) \(add), \(indicatorsUpdated) \(update).")
        }
        return out
    }
}
