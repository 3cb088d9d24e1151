import Document

/// A chart that cannot be drawn from the data given.
public struct ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The figure and, when asked for, its data as a table (to place right after the figure).
public struct ChartOutput: Sendable {
    public var figure: Figure
    public var table: Table?
    public var blocks: [Block] { [.figure(figure)] + (table.map { [.table($0)] } ?? []) }
}
