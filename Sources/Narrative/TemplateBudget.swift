import Stencil

/// The bounded work of one render: a template can loop, include and print, but a mistake (or a
/// hostile template) stops with a clear error within a second instead of running for minutes or
/// filling memory. One budget covers the main template and every partial it includes.
///
/// | limit | value | why |
/// |---|---|---|
/// | steps (loop passes + includes + printed values) | 200,000 | the largest shipped template takes about 600 |
/// | items of one `for` range (`1...n`) | 1,000 | checked before the range is built |
/// | includes | 200 | a partial that includes itself stops |
/// | include depth | 16 | |
/// | text produced | 4 MB | checked while rendering, not only at the end |
/// | `indent` width | 100 | |
final class TemplateBudget: @unchecked Sendable {
    static let maxSteps = 200_000
    static let maxRangeItems = 1_000
    static let maxIncludes = 200
    static let maxIncludeDepth = 16
    static let maxOutputBytes = 4_000_000
    static let maxIndent = 100

    private(set) var steps = 0
    private(set) var includes = 0
    var includeDepth = 0
    /// Bytes produced so far by loops and includes at the outermost level (nested output is counted once).
    private(set) var producedBytes = 0
    /// How many budgeted nodes (loops, includes) are rendering right now.
    private var active = 0

    func step(_ count: Int = 1) throws {
        steps += count
        if steps > Self.maxSteps {
            throw TemplateSyntaxError("the template does more than \(Self.maxSteps) steps (loop passes, includes and printed values) — check for loops inside loops or a runaway include")
        }
    }

    func include() throws {
        includes += 1
        if includes > Self.maxIncludes {
            throw TemplateSyntaxError("more than \(Self.maxIncludes) includes in one render — does a partial include itself?")
        }
        try step()
    }

    /// Runs a loop pass or an include, checking the text it produces.
    func measure(_ body: () throws -> String) throws -> String {
        active += 1
        defer { active -= 1 }
        let text = try body()
        try checkSize(text.utf8.count, outermost: active == 1)
        return text
    }

    /// A value printed by `{{ … }}` (outside any loop or include it counts towards the total itself).
    func printed(_ length: Int) throws {
        try step()
        try checkSize(length, outermost: active == 0)
    }

    /// `length` more bytes: a single piece (and, at the outermost level, the total) may not exceed the limit.
    func checkSize(_ length: Int, outermost: Bool) throws {
        if outermost { producedBytes += length }
        if length > Self.maxOutputBytes || producedBytes > Self.maxOutputBytes {
            throw TemplateSyntaxError("the template produces more than \(Self.maxOutputBytes / 1_000_000) MB of text — check the loops and includes")
        }
    }
}
