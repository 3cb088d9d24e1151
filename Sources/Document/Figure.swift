import Foundation

/// A figure: a vector drawing with its alternative text and a visible caption.
public struct Figure: Codable, Equatable, Sendable {
    public var drawing: Drawing
    public var alt: String
    public var caption: String?
    /// The values the chart is drawn from: embedded as the figure's CSV file.
    public var data: Dataset?

    public init(drawing: Drawing, alt: String, caption: String? = nil, data: Dataset? = nil) {
        self.drawing = drawing
        self.alt = alt
        self.caption = caption
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case drawing, alt, caption, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        drawing = try c.decode(Drawing.self, forKey: .drawing)
        alt = try c.decode(String.self, forKey: .alt)
        if alt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DecodingError.dataCorruptedError(
                forKey: .alt, in: c, debugDescription: "a figure needs alternative text that describes it")
        }
        caption = try c.decodeIfPresent(String.self, forKey: .caption)
        data = try c.decodeIfPresent(Dataset.self, forKey: .data)
    }
}
