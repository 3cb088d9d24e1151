import Foundation

// The document model: the contract between templates (which produce it) and the layout (which
// consumes it). Plain Codable values — no Cairo, Pango or SQL — so a document can be written by
// hand as JSON, built in tests and dumped for inspection. The JSON shape is documented in
// README ("Document model (JSON)"); enums use a "type" discriminator.

/// A complete document: metadata, optional settings and the blocks in reading order.
public struct Document: Codable, Equatable, Sendable {
    public var metadata: Metadata
    public var settings: Settings
    public var blocks: [Block]
    /// The briefing's facts and data state, embedded as a JSON file (PDF/A-3 only).
    public var data: BriefingData?

    public init(metadata: Metadata, settings: Settings = Settings(), blocks: [Block], data: BriefingData? = nil) {
        self.metadata = metadata
        self.settings = settings
        self.blocks = blocks
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case metadata, settings, blocks, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(Metadata.self, forKey: .metadata)
        settings = try c.decodeIfPresent(Settings.self, forKey: .settings) ?? Settings()
        blocks = try c.decode([Block].self, forKey: .blocks)
        data = try c.decodeIfPresent(BriefingData.self, forKey: .data)
    }
}

public struct Metadata: Codable, Equatable, Sendable {
    public var title: String
    public var subtitle: String?
    /// BCP 47 tag, e.g. "de-DE" or "en-GB".
    public var language: String
    public var author: String?
    /// Publishing body shown in the footer, e.g. "Hansestadt Lübeck · Bereich Soziale Sicherung".
    public var organisation: String?
    public var subject: String?
    public var keywords: [String]
    /// Publication date as "YYYY-MM-DD" (shown in the footer and written to the PDF metadata).
    public var date: String?
    /// The publisher's logo, drawn at the right of every page's running head as page furniture
    /// (a decoration: the organisation is named in the footer in words).
    public var logo: Drawing?

    public init(title: String, subtitle: String? = nil, language: String = "de-DE", author: String? = nil,
                organisation: String? = nil, subject: String? = nil, keywords: [String] = [],
                date: String? = nil) {
        self.title = title
        self.subtitle = subtitle
        self.language = language
        self.author = author
        self.organisation = organisation
        self.subject = subject
        self.keywords = keywords
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case title, subtitle, language, author, organisation, subject, keywords, date, logo
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        subtitle = try c.decodeIfPresent(String.self, forKey: .subtitle)
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "de-DE"
        author = try c.decodeIfPresent(String.self, forKey: .author)
        organisation = try c.decodeIfPresent(String.self, forKey: .organisation)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        date = try c.decodeIfPresent(String.self, forKey: .date)
        logo = try c.decodeIfPresent(Drawing.self, forKey: .logo)
        if let date, Metadata.parseDate(date) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .date, in: c, debugDescription: "expected a date as YYYY-MM-DD, found \"\(date)\"")
        }
    }

    /// The publication date at 00:00 UTC, or nil when absent or malformed.
    public var parsedDate: Date? { date.flatMap(Metadata.parseDate) }

    /// Year, month, day of `date`.
    public var dateComponents: (year: Int, month: Int, day: Int)? {
        guard let date else { return nil }
        return Metadata.components(date)
    }

    static func components(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }

    static func parseDate(_ text: String) -> Date? {
        guard let (y, m, d) = components(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        return calendar.date(from: DateComponents(year: y, month: m, day: d))
    }

    /// The primary language subtag ("de" for "de-DE").
    public var primaryLanguage: String {
        String(language.split(separator: "-").first ?? "de").lowercased()
    }
}

public struct Settings: Codable, Equatable, Sendable {
    /// Justified paragraphs instead of ragged right (the default).
    public var justify: Bool
    /// German hyphenation through soft hyphens (only where a dictionary exists).
    public var hyphenate: Bool
    /// Larger type and more generous spacing for easy-read documents (Leichte Sprache).
    public var largeType: Bool
    /// The archival standard besides PDF/UA-1: PDF/A-3a with the data embedded (default), or PDF/A-2a
    /// without attachments. JSON: `"pdfStandard": "a-2a"`.
    public var pdfStandard: PDFStandard

    public init(justify: Bool = false, hyphenate: Bool = true, largeType: Bool = false, pdfStandard: PDFStandard = .default) {
        self.justify = justify
        self.hyphenate = hyphenate
        self.largeType = largeType
        self.pdfStandard = pdfStandard
    }

    enum CodingKeys: String, CodingKey { case justify, hyphenate, largeType, pdfStandard }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        justify = try c.decodeIfPresent(Bool.self, forKey: .justify) ?? false
        hyphenate = try c.decodeIfPresent(Bool.self, forKey: .hyphenate) ?? true
        largeType = try c.decodeIfPresent(Bool.self, forKey: .largeType) ?? false
        if let name = try c.decodeIfPresent(String.self, forKey: .pdfStandard) {
            guard let standard = PDFStandard(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .pdfStandard, in: c,
                    debugDescription: "unknown PDF standard \"\(name)\" — use \"a-3a\" (PDF/A-3a with the data embedded, the default) or \"a-2a\" (PDF/A-2a, no attachments)")
            }
            pdfStandard = standard
        } else {
            pdfStandard = .default
        }
    }
}
