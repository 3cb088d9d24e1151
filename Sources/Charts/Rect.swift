/// A box in a drawing's coordinates, for overlap checks of labels.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public func intersects(_ o: Rect, tolerance: Double = 0.01) -> Bool {
        x + width - tolerance > o.x && o.x + o.width - tolerance > x &&
            y + height - tolerance > o.y && o.y + o.height - tolerance > y
    }
}
