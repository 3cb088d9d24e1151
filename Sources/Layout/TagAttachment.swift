import Document

/// A file that belongs to a structure element (PDF/A-3 associated file): a table's or chart's values,
/// or the document's facts. Layout names it after what the reader sees („Tabelle 3“); the finishing
/// pass writes and embeds it.
public struct TagAttachment: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// The values as the store holds them.
        case dataset(Dataset)
        /// A table without a dataset: its cells as printed, under the column titles.
        case cells(columns: [String], rows: [[String]])
        /// The briefing's facts and data state.
        case briefing(BriefingData)
    }

    /// The file name without extension, e.g. `tabelle-3`; inside a pack with its section's prefix (`d2-`).
    public var name: String
    /// What the file is, for a viewer's attachment list: „Tabelle 3: SGB-II-Quote nach Stadtteil“.
    public var description: String
    public var content: Content

    public init(name: String, description: String, content: Content) {
        self.name = name
        self.description = description
        self.content = content
    }
}

extension Vocabulary {
    /// `tabelle-3`, `figure-2`: the label the reader sees, as a file name.
    func attachmentName(_ label: String, _ number: Int) -> String {
        label.lowercased() + "-\(number)"
    }

    /// The facts file of a document.
    func briefingAttachment(_ data: BriefingData) -> TagAttachment {
        TagAttachment(name: isGerman ? "fakten" : "facts",
                      description: isGerman ? "Fakten und Datenstand des Dokuments" : "Facts and data state of the document",
                      content: .briefing(data))
    }
}
