/// A bulleted or numbered list; items may hold a nested list.
public struct List: Codable, Equatable, Sendable {
    public var ordered: Bool
    public var items: [ListItem]

    public init(ordered: Bool = false, items: [ListItem]) {
        self.ordered = ordered
        self.items = items
    }

    enum CodingKeys: String, CodingKey { case ordered, items }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ordered = try c.decodeIfPresent(Bool.self, forKey: .ordered) ?? false
        items = try c.decode([ListItem].self, forKey: .items)
        if items.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .items, in: c, debugDescription: "a list needs at least one item")
        }
    }
}

/// A list item: a bare string, or `{"text"|"runs": …, "list": {nested list}}`.
public struct ListItem: Codable, Equatable, Sendable {
    public var runs: [Inline]
    public var sublist: List?

    public init(runs: [Inline], sublist: List? = nil) {
        self.runs = runs
        self.sublist = sublist
    }
    public init(_ text: String, sublist: List? = nil) { self.init(runs: [.text(text)], sublist: sublist) }

    enum CodingKeys: String, CodingKey { case text, runs, list }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let s = try? single.decode(String.self) {
            runs = [.text(s)]
            sublist = nil
            return
        }
        runs = try decodeRuns(decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sublist = try c.decodeIfPresent(List.self, forKey: .list)
    }

    public func encode(to encoder: Encoder) throws {
        if sublist == nil, runs.count == 1, case .styled(let s, false, false) = runs[0] {
            var single = encoder.singleValueContainer()
            try single.encode(s)
            return
        }
        try encodeRuns(runs, to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sublist, forKey: .list)
    }
}
