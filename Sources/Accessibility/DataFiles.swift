import Foundation
import Document
import Layout

/// The files a PDF carries for its tables, charts and facts: CSV (UTF-8, comma, decimal point, a
/// header line — the conventions of `civicbrief export`) and JSON. Suppressed and missing cells are
/// written with an empty value and their status; `DataRecord` cannot hold a value for them.
struct DataFile: Equatable {
    var name: String
    var description: String
    var mediaType: String
    var bytes: [UInt8]

    init(_ attachment: TagAttachment) throws(AccessibilityError) {
        description = attachment.description
        switch attachment.content {
        case .dataset(let dataset):
            name = attachment.name + ".csv"
            mediaType = "text/csv"
            bytes = Array(Self.csv(dataset).utf8)
        case .cells(let columns, let rows):
            name = attachment.name + ".csv"
            mediaType = "text/csv"
            bytes = Array(Self.csv(columns: columns, rows: rows).utf8)
        case .briefing(let data):
            name = attachment.name + ".json"
            mediaType = "application/json"
            bytes = try Self.json(data)
        }
        // Its compressed stream must not end in CR (see `StreamEndings`): change the bytes, not the data.
        if StreamEndings.lastCompressedByte(bytes) == StreamEndings.carriageReturn {
            bytes = mediaType == "text/csv" ? Self.quotingHeader(bytes) : bytes + [0x0A]
        }
    }

    /// The same CSV with every header field quoted (CSV readers see no difference), or with a
    /// trailing line end where every field already was.
    static func quotingHeader(_ bytes: [UInt8]) -> [UInt8] {
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let header = String(decoding: bytes[..<lineEnd], as: UTF8.self)
        guard !header.contains("\"") else { return bytes + [0x0A] }
        let quoted = header.split(separator: ",", omittingEmptySubsequences: false).map { "\"\($0)\"" }.joined(separator: ",")
        return Array(quoted.utf8) + bytes[lineEnd...]
    }

    static let header = ["indicator", "indicator_name", "area", "area_name", "period", "period_label", "value", "status", "unit"]

    /// One line per record; a `class` column when the block classifies its values (maps).
    static func csv(_ dataset: Dataset) -> String {
        let classified = dataset.records.contains { $0.category != nil }
        var lines = [(header + (classified ? ["class"] : [])).map(field).joined(separator: ",")]
        for r in dataset.records {
            var cells = [r.indicator, r.indicatorName, r.area, r.areaName, r.period, r.periodLabel,
                         r.status.hasValue ? DataNumber.text(r.value) : "", r.status.rawValue, r.unit]
            if classified { cells.append(r.category ?? "") }
            lines.append(cells.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(columns: [String], rows: [[String]]) -> String {
        ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting, only where needed (as `civicbrief export` does).
    static func field(_ s: String) -> String {
        let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0.isNewline }
            || s.first?.isWhitespace == true || s.last?.isWhitespace == true
        return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func json(_ data: BriefingData) throws(AccessibilityError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return Array(try encoder.encode(data)) + [0x0A]
        } catch {
            throw .invalidMetadata("the document's facts cannot be written as JSON: \(error)")
        }
    }
}
