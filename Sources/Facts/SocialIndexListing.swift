import IndicatorStore

/// `civicbrief index show`: the stored index per area, as text for people or CSV for checks.
public enum SocialIndexListing {
    /// Every area's states, sums, indices and classes at full precision; a stale run's states read `stale`.
    public static func csv(_ run: IndexRun, areaNames names: [String: String], isCurrent current: Bool) -> String {
        var lines = ["area,name,status_state,status_sum,status_index,status_class,dynamics_state,dynamics_sum,dynamics_index,dynamics_class"]
        func n(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        func i(_ v: Int?) -> String { v.map(String.init) ?? "" }
        for r in run.results {
            let name = (names[r.area] ?? "").replacingOccurrences(of: "\"", with: "\"\"")
            lines.append("\(r.area),\"\(name)\",\(current ? r.statusState.rawValue : "stale"),\(n(r.statusSum)),\(n(r.statusIndex)),"
                         + "\(i(r.statusClass)),\(current ? r.dynamicsState.rawValue : "stale"),\(n(r.dynamicsSum)),"
                         + "\(n(r.dynamicsIndex)),\(i(r.dynamicsClass))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line per area (code, name, indices, class), then the status × dynamics matrix.
    public static func table(_ report: SocialIndexReport, language: Language) -> String {
        var lines = ["\(report.name) — \(report.periodText) (\(language == .de ? "Dynamik gegenüber" : "dynamics against") \(report.basePeriodText))"]
        for a in report.areas {
            let cls = a.combinedLabel ?? a.statusClassLabel.map { "Status \($0)" } ?? a.state
            lines.append("\(a.area.code)\t\(a.area.name)\t\(a.statusIndexText)\t\(a.dynamicsIndexText)\t\(cls)")
        }
        lines.append("")
        lines.append(report.matrixMarkdown(language))
        return lines.joined(separator: "\n") + "\n"
    }
}
