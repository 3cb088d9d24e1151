/// A heading H1–H4. `id` names it as a link target (`{"type":"link","target":"…"}`);
/// without one the layout derives "h-<n>".
public struct Heading: Codable, Equatable, Sendable {
    public var level: Int
    public var text: String
    public var id: String?

    public init(level: Int, text: String, id: String? = nil) {
        self.level = level
        self.text = text
        self.id = id
    }

    enum CodingKeys: String, CodingKey { case level, text, id }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decode(Int.self, forKey: .level)
        guard (1...4).contains(level) else {
            throw DecodingError.dataCorruptedError(
                forKey: .level, in: c, debugDescription: "heading level must be 1…4, found \(level)")
        }
        text = try c.decode(String.self, forKey: .text)
        id = try c.decodeIfPresent(String.self, forKey: .id)
    }
}

/// A paragraph: either `"text": "…"` (plain) or `"runs": [ … ]` (inline runs).
public struct Paragraph: Codable, Equatable, Sendable {
    public var runs: [Inline]

    public init(runs: [Inline]) { self.runs = runs }
    public init(_ text: String) { self.runs = [.text(text)] }

    enum CodingKeys: String, CodingKey { case text, runs }

    public init(from decoder: Decoder) throws {
        runs = try decodeRuns(decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try encodeRuns(runs, to: encoder)
    }
}

/// Inline content of a paragraph, list item or note. JSON: a bare string is plain text;
/// objects have a "type": text (with optional "bold"/"italic"), bold, italic,
/// link ("url" or internal "target"), span ("lang"), footnote (the note's "text").
public enum Inline: Codable, Equatable, Sendable {
    case styled(String, bold: Bool, italic: Bool)
    case link(String, destination: LinkDestination)
    case span(String, lang: String)
    case footnote(String)

    public static func text(_ s: String) -> Inline { .styled(s, bold: false, italic: false) }
    public static func bold(_ s: String) -> Inline { .styled(s, bold: true, italic: false) }
    public static func italic(_ s: String) -> Inline { .styled(s, bold: false, italic: true) }

    enum Kind: String, CaseIterable { case text, bold, italic, link, span, footnote }
    enum CodingKeys: String, CodingKey { case type, text, bold, italic, url, target, lang }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            self = .text(s)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown inline type \"\(name)\" (known: \(known))")
        }
        let text = try c.decode(String.self, forKey: .text)
        switch kind {
        case .text:
            self = .styled(text, bold: try c.decodeIfPresent(Bool.self, forKey: .bold) ?? false,
                           italic: try c.decodeIfPresent(Bool.self, forKey: .italic) ?? false)
        case .bold: self = .bold(text)
        case .italic: self = .italic(text)
        case .link:
            let url = try c.decodeIfPresent(String.self, forKey: .url)
            let target = try c.decodeIfPresent(String.self, forKey: .target)
            switch (url, target) {
            case (let u?, nil): self = .link(text, destination: .url(u))
            case (nil, let t?): self = .link(text, destination: .internal(t))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .url, in: c, debugDescription: "a link needs exactly one of \"url\" or \"target\"")
            }
        case .span: self = .span(text, lang: try c.decode(String.self, forKey: .lang))
        case .footnote: self = .footnote(text)
        }
    }

    public func encode(to encoder: Encoder) throws {
        if case .styled(let s, false, false) = self {
            var single = encoder.singleValueContainer()
            try single.encode(s)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .styled(let s, let bold, let italic):
            if bold && !italic { try c.encode("bold", forKey: .type) }
            else if italic && !bold { try c.encode("italic", forKey: .type) }
            else { try c.encode("text", forKey: .type); try c.encode(bold, forKey: .bold); try c.encode(italic, forKey: .italic) }
            try c.encode(s, forKey: .text)
        case .link(let s, let destination):
            try c.encode("link", forKey: .type)
            try c.encode(s, forKey: .text)
            switch destination {
            case .url(let u): try c.encode(u, forKey: .url)
            case .internal(let t): try c.encode(t, forKey: .target)
            }
        case .span(let s, let lang):
            try c.encode("span", forKey: .type); try c.encode(s, forKey: .text); try c.encode(lang, forKey: .lang)
        case .footnote(let s):
            try c.encode("footnote", forKey: .type); try c.encode(s, forKey: .text)
        }
    }

    public var isFootnote: Bool {
        if case .footnote = self { return true }
        return false
    }

    /// The visible text of the run (a footnote shows only its reference number, added by layout).
    public var visibleText: String {
        switch self {
        case .styled(let s, _, _), .link(let s, _), .span(let s, _): return s
        case .footnote: return ""
        }
    }
}

public enum LinkDestination: Equatable, Sendable {
    /// An external address (https:, mailto:).
    case url(String)
    /// The `id` of a heading in this document.
    case `internal`(String)
}
