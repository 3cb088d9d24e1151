import Document
import Foundation

/// The combined pack for the meeting folder: a cover with its own H1 and a table of contents, then
/// each document as a section starting on a new page with its one H1. It is typeset as one
/// collection (`Typesetter.typeset(cover:sections:)`), not merged from PDFs, so page numbers,
/// bookmarks and the structure tree run across the whole pack and it stays PDF/UA-1. Each section
/// is its document as rendered on its own — same numbering of tables, figures and notes — which
/// lets the pack place what the document's own job already measured.
public struct PackDocument: Codable, Equatable, Sendable {
    public var cover: Document
    public var sections: [Document]
}

public enum Pack {
    /// `date`: the pack's date (the meeting date, else the end of the run's period; see `Publisher.documentDate`).
    /// `period`: the reporting period in words („Oktober 2026“), stated on the cover.
    public static func assemble(_ documents: [Document], title: String, manifest: PublishManifest, language: String,
                                date: String? = nil, period: String? = nil) -> PackDocument {
        let english = language.lowercased().hasPrefix("en")
        var blocks: [Block] = [.heading(Heading(level: 1, text: title, id: "pack-cover"))]
        // What the secretary and the members look for first: which committee, which meeting, which data.
        func line(_ label: String, _ value: String) -> Block { .paragraph(Paragraph(runs: [.bold(label + ": "), .text(value)])) }
        if let committee = manifest.committee { blocks.append(line(english ? "Committee" : "Ausschuss", committee)) }
        if let date = manifest.meetingDate, let text = meetingDate(date, english: english) {
            blocks.append(line(english ? "Meeting" : "Sitzung", text))
        }
        if let period {
            blocks.append(line(english ? "Reporting period" : "Berichtszeitraum",
                               period + (english ? " (quarterly and yearly indicators: the latest completed quarter or year)"
                                                 : " (vierteljährliche und jährliche Kennzahlen: letzter abgeschlossener Zeitraum)")))
        }
        if let organisation = manifest.organisation { blocks.append(.paragraph(Paragraph(organisation))) }
        blocks.append(.tableOfContents(TableOfContents(title: english ? "Contents" : "Inhalt", maxLevel: 1)))
        let first = documents.first?.metadata
        var metadata = Metadata(title: title, subtitle: manifest.committee, language: first?.language ?? language,
                                author: first?.author, organisation: manifest.organisation ?? first?.organisation,
                                subject: title, keywords: first?.keywords ?? [], date: date ?? manifest.meetingDate)
        metadata.logo = first?.logo
        let cover = Document(metadata: metadata, settings: documents.first?.settings ?? Settings(), blocks: blocks)
        return PackDocument(cover: cover, sections: documents.map(section))
    }

    /// The document with exactly one H1, at its start (the section's entry in the contents and the
    /// outline): a document without one gets its title as H1, further H1s become H2. A document
    /// that already has that shape is returned unchanged.
    static func section(_ document: Document) -> Document {
        var blocks: [Block] = []
        var sawH1 = false
        for block in document.blocks {
            if case .heading(var h) = block {
                if h.level == 1 {
                    if sawH1 { h.level = 2 }
                    sawH1 = true
                } else if !sawH1 {
                    blocks.append(.heading(Heading(level: 1, text: document.metadata.title, id: "title")))
                    sawH1 = true
                }
                blocks.append(.heading(h))
            } else {
                if !sawH1, !isTOC(block) {
                    blocks.append(.heading(Heading(level: 1, text: document.metadata.title, id: "title")))
                    sawH1 = true
                }
                blocks.append(block)
            }
        }
        var result = document
        result.blocks = blocks
        return result
    }

    private static func isTOC(_ block: Block) -> Bool {
        if case .tableOfContents = block { return true } else { return false }
    }

    /// "3.\u{00A0}Dezember 2026" / "3 December 2026" (a date never breaks between day and month).
    static func meetingDate(_ iso: String, english: Bool) -> String? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return nil }
        let de = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return english ? "\(parts[2])\u{00A0}\(en[parts[1] - 1])\u{00A0}\(parts[0])" : "\(parts[2]).\u{00A0}\(de[parts[1] - 1])\u{00A0}\(parts[0])"
    }
}
