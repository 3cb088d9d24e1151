// Every problem a template can have, with its place in the template file, so an analyst can jump to it.

/// One problem: `FILE:LINE:COLUMN: what is wrong — what to do`.
public struct TemplateProblem: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line in the template file (front matter included).
    public var line: Int
    /// 1-based column (in Unicode scalars).
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// All problems found in one template, in file order. Thrown by check and render.
public struct TemplateFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [TemplateProblem]

    public init(_ problems: [TemplateProblem]) {
        var seen = Set<TemplateProblem>()
        self.problems = problems.filter { seen.insert($0).inserted }
            .sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Collects problems while a template is checked; everything is reported at once.
final class ProblemCollector: @unchecked Sendable {
    private(set) var problems: [TemplateProblem] = []
    let file: String

    init(file: String) { self.file = file }

    func add(line: Int, column: Int, _ message: String, file: String? = nil) {
        problems.append(TemplateProblem(file: file ?? self.file, line: line, column: column, message: message))
    }

    func add(_ problem: TemplateProblem) { problems.append(problem) }

    var isEmpty: Bool { problems.isEmpty }
}
