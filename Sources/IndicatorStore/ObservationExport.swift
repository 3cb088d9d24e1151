import Foundation

/// Writes observations in the long format that `import` reads back — CSV with `,` and decimal point,
/// UTF-8 without BOM (`Locale.en`), or for German spreadsheets with `;`, decimal comma, German column
/// names and statuses, UTF-8 with BOM (`Locale.de`) — or as JSON. Suppressed cells are written with an
/// empty value and status `suppressed`: their value is not in the store, so it cannot leak.
public enum ObservationExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    /// The CSV conventions: `en` for programs (the default), `de` for German spreadsheets (Excel,
    /// LibreOffice in German open it in columns, with umlauts and decimal commas right).
    public enum Locale: String, Sendable, CaseIterable {
        case en, de
    }

    public static let header = ["indicator", "area", "period", "value", "numerator", "denominator", "status", "note"]
    public static let germanHeader = ["indikator", "gebiet", "zeitraum", "wert", "zähler", "nenner", "status", "hinweis"]

    public static func render(_ observations: [Observation], format: Format, locale: Locale = .en) -> String {
        switch format {
        case .csv: return csv(observations, locale: locale)
        case .json: return json(observations)
        }
    }

    public static func csv(_ observations: [Observation], locale: Locale = .en) -> String {
        let german = locale == .de
        let separator: Character = german ? ";" : ","
        func num(_ v: Double?) -> String { german ? number(v).replacingOccurrences(of: ".", with: ",") : number(v) }
        var out = (german ? "\u{FEFF}" : "") + (german ? germanHeader : header).joined(separator: String(separator)) + "\n"
        for o in observations {
            let status = german ? germanStatus(o.status) : o.status.rawValue
            let fields = [o.indicator, o.area, o.period.description, num(o.value), num(o.numerator),
                          num(o.denominator), status, o.note ?? ""]
            out += fields.map { csvField($0, separator: separator) }.joined(separator: String(separator)) + "\n"
        }
        return out
    }

    /// The German status words the importer reads back.
    static func germanStatus(_ status: ObservationStatus) -> String {
        switch status {
        case .final: "endgültig"
        case .provisional: "vorläufig"
        case .suppressed: "gesperrt"
        case .missing: "fehlend"
        }
    }

    public static func json(_ observations: [Observation]) -> String {
        func num(_ v: Double?) -> String { v.map { number($0) } ?? "null" }
        let rows = observations.map { o in
            "  {\"indicator\": \(YAMLSupport.quote(o.indicator)), \"area\": \(YAMLSupport.quote(o.area)), "
                + "\"period\": \(YAMLSupport.quote(o.period.description)), \"value\": \(num(o.value)), "
                + "\"numerator\": \(num(o.numerator)), \"denominator\": \(num(o.denominator)), "
                + "\"status\": \(YAMLSupport.quote(o.status.rawValue)), \"note\": \(o.note.map(YAMLSupport.quote) ?? "null")}"
        }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    /// Shortest text that reads back as the same Double, never with an exponent
    /// (the importer, like real exports, does not accept `1e-05`).
    public static func number(_ v: Double?) -> String {
        guard let v else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let shortest = "\(v)"
        if !shortest.contains("e") { return shortest }
        for digits in 1...40 {
            let s = String(format: "%.\(digits)f", v)
            if Double(s) == v { return s }
        }
        return String(format: "%.40f", v)
    }

    static func csvField(_ s: String, separator: Character = ",") -> String {
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0.isNewline }) || s != s.trimmingWhitespace() else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
