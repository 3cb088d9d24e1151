import Foundation
import Narrative

/// Template problems as people read them. On a terminal: `FILE:LINE:COLUMN:` in bold, the message
/// after a red `error:`, then the offending line of the template with a caret under the column.
/// Plain `FILE:LINE:COLUMN: message` when stderr is not a terminal (a log, an editor, CI), when
/// NO_COLOR is set (https://no-color.org) or TERM is dumb — the form tests and tools parse.
enum Diagnostics {
    static let styled: Bool = {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }()

    static func print(_ problems: [TemplateProblem]) {
        problems.forEach(print)
    }

    static func print(_ problem: TemplateProblem) {
        guard styled else { return printError(problem.description) }
        var text = "\u{1B}[1m\(problem.file):\(problem.line):\(problem.column):\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \(problem.message)"
        if let source = sourceLine(problem.file, problem.line) {
            let number = String(problem.line)
            let gutter = String(repeating: " ", count: number.count)
            // The caret stands under the column (counted in Unicode scalars); tabs keep their width.
            let lead = source.unicodeScalars.prefix(problem.column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
            text += "\n \(number) | \(source)\n \(gutter) | \(lead)\u{1B}[1;32m^\u{1B}[0m"
        }
        printError(text)
    }

    /// Line `number` (1-based) of `file`, nil when it cannot be read.
    private static func sourceLine(_ file: String, _ number: Int) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1]).replacingOccurrences(of: "\r", with: "")
    }
}
