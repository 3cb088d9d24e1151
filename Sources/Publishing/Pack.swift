import Document
import Foundation

// The combined pack for the meeting folder, built at the document-model level (not by merging PDFs):
// a cover with its own H1 and a table of contents, then each document as one section starting on a
// new page with its own H1. One document → one layout → page numbers, bookmarks and the structure
// tree run across the whole pack, and it stays PDF/UA-1 (one H1 per section, no skipped levels).

public enum Pack {
    public static func combine(_ documents: [Document], title: String, manifest: PublishManifest, language: String) -> Document {
        let english = language.lowercased().hasPrefix("en")
        var blocks: [Block] = [.heading(Heading(level: 1, text: title, id: "pack-cover"))]
        if let committee = manifest.committee {
            blocks.append(.paragraph(Paragraph((english ? "Committee: " : "Ausschuss: ") + committee)))
        }
        if let date = manifest.meetingDate, let text = meetingDate(date, english: english) {
            blocks.append(.paragraph(Paragraph((english ? "Meeting of " : "Sitzung am ") + text)))
        }
        if let organisation = manifest.organisation { blocks.append(.paragraph(Paragraph(organisation))) }
        blocks.append(.tableOfContents(TableOfContents(title: english ? "Contents" : "Inhalt", maxLevel: 1)))
        for (i, document) in documents.enumerated() {
            blocks.append(.pageBreak)
            let prefix = "d\(i + 1)-"
            var sawH1 = false
            for block in document.blocks {
                switch block {
                case .tableOfContents:
                    continue  // a section's own TOC would list the following sections too
                case .heading(var h):
                    if h.level == 1 {
                        // One H1 per section; a document without one gets its title as H1.
                        if sawH1 { h.level = 2 }
                        sawH1 = true
                    } else if !sawH1 {
                        blocks.append(.heading(Heading(level: 1, text: document.metadata.title, id: prefix + "title")))
                        sawH1 = true
                    }
                    h.id = h.id.map { prefix + $0 }
                    blocks.append(.heading(h))
                default:
                    if !sawH1 {
                        blocks.append(.heading(Heading(level: 1, text: document.metadata.title, id: prefix + "title")))
                        sawH1 = true
                    }
                    blocks.append(relinked(block, prefix: prefix))
                }
            }
        }
        let first = documents.first?.metadata
        let metadata = Metadata(title: title, subtitle: manifest.committee, language: first?.language ?? language,
                                author: first?.author, organisation: manifest.organisation ?? first?.organisation,
                                subject: title, keywords: first?.keywords ?? [], date: manifest.meetingDate)
        return Document(metadata: metadata, settings: documents.first?.settings ?? Settings(), blocks: blocks)
    }

    /// "3. Dezember 2026" / "3 December 2026".
    static func meetingDate(_ iso: String, english: Bool) -> String? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return nil }
        let de = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return english ? "\(parts[2]) \(en[parts[1] - 1]) \(parts[0])" : "\(parts[2]). \(de[parts[1] - 1]) \(parts[0])"
    }

    /// Internal link targets move with their headings' prefixed ids.
    static func relinked(_ block: Block, prefix: String) -> Block {
        func runs(_ r: [Inline]) -> [Inline] {
            r.map { if case .link(let text, .internal(let t)) = $0 { return .link(text, destination: .internal(prefix + t)) } else { return $0 } }
        }
        func list(_ l: List) -> List {
            var l = l
            l.items = l.items.map { ListItem(runs: runs($0.runs), sublist: $0.sublist.map(list)) }
            return l
        }
        switch block {
        case .paragraph(let p): return .paragraph(Paragraph(runs: runs(p.runs)))
        case .list(let l): return .list(list(l))
        default: return block
        }
    }
}
