import Foundation

/// A problem with the run as a whole, found before anything is written (exit 2): the period, the
/// social index, output paths.
public struct PublishProblem: Error, Sendable, CustomStringConvertible {
    public var lines: [String]
    public init(_ lines: [String]) { self.lines = lines }
    public var description: String { lines.joined(separator: "\n") }
}
