/// A row of key-figure tiles (up to four per row; more wrap to further rows).
public struct KeyFigures: Codable, Equatable, Sendable {
    public var tiles: [KeyFigure]
    public init(tiles: [KeyFigure]) { self.tiles = tiles }
}

public struct KeyFigure: Codable, Equatable, Sendable {
    public var label: String
    public var value: String
    /// The change in words and figures („gestiegen: +0,4 Pp. ggü. Vormonat“).
    public var change: String?
    public var comparison: String?
    /// The direction of `change`, drawn as an arrow before it; the words say it too, so the arrow
    /// is decoration (an artifact) and never the only carrier of the meaning.
    public var trend: Trend?

    public enum Trend: String, Codable, Sendable { case up, down, unchanged }

    public init(label: String, value: String, change: String? = nil, comparison: String? = nil, trend: Trend? = nil) {
        self.label = label
        self.value = value
        self.change = change
        self.comparison = comparison
        self.trend = trend
    }
}
