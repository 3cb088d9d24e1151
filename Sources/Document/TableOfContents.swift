/// The table of contents: headings up to `maxLevel` with page numbers and links.
public struct TableOfContents: Codable, Equatable, Sendable {
    public var title: String?
    public var maxLevel: Int

    public init(title: String? = nil, maxLevel: Int = 3) {
        self.title = title
        self.maxLevel = maxLevel
    }

    enum CodingKeys: String, CodingKey { case title, maxLevel }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        maxLevel = try c.decodeIfPresent(Int.self, forKey: .maxLevel) ?? 3
    }
}
