/// A place in an input file. Lines and columns start at 1; columns count characters
/// (a byte-order mark is not counted).
public struct SourcePosition: Hashable, Sendable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }

    public static func < (l: SourcePosition, r: SourcePosition) -> Bool {
        (l.file, l.line, l.column) < (r.file, r.line, r.column)
    }
}

/// One thing wrong with an input, rendered as `FILE:LINE:COLUMN: what is wrong — what to do`.
public struct ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var message: String
    public var fix: String

    public init(_ position: SourcePosition, _ message: String, fix: String) {
        self.position = position; self.message = message; self.fix = fix
    }

    public var description: String {
        "\(position.file):\(position.line):\(position.column): \(message) — \(fix)"
    }
}

/// Every problem found in one import; nothing was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]
    /// Problems listed before the rest is only counted.
    public static let cap = 50

    public init(problems: [ImportProblem]) { self.problems = problems }

    /// The report: one problem per line, at most `cap`, then "… and N more problems".
    public var lines: [String] {
        var out = problems.prefix(Self.cap).map(\.description)
        let rest = problems.count - Self.cap
        if rest > 0 { out.append("… and \(rest) more problem\(rest == 1 ? "" : "s")") }
        return out
    }

    public var description: String { lines.joined(separator: "\n") }
}

/// Failures of the store itself (not of an input file).
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The store file does not exist.
    case notFound(path: String)
    /// The file exists but is not a CivicBrief store (or is damaged).
    case notAStore(path: String, reason: String)
    /// The file cannot be created or opened (missing folder, permissions).
    case cannotOpen(path: String, reason: String)
    /// A write or query failed inside SQLite.
    case database(String)
    /// A query named something the store does not hold.
    case unknown(String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no indicator store here — create one with `civicbrief demo --store \(path)` or import metadata with `civicbrief import`"
        case .notAStore(let path, let reason):
            "\(path): not a CivicBrief indicator store (\(reason)) — check the --store path or CIVICBRIEF_STORE"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open or create the store (\(reason)) — check that the folder exists and is writable"
        case .database(let message):
            "database error: \(message)"
        case .unknown(let what):
            what
        }
    }

    /// Whether the user can fix this (exit 2) rather than it being an internal failure (exit 3).
    public var isUserError: Bool {
        switch self {
        case .notFound, .notAStore, .unknown, .cannotOpen: true
        case .database: false
        }
    }
}

/// A value as messages quote it: in double quotes, at most `limit` characters (a 20-million-character
/// field must not become 40 MB of stderr), with control and bidirectional characters written as
/// `U+XXXX` so a message cannot move the terminal's cursor or reverse its own text.
public func quoted(_ value: String, limit: Int = 40) -> String {
    var out = "\""
    var count = 0
    for ch in value {
        if count == limit { out += "…"; break }
        count += 1
        if let bad = ch.unicodeScalars.first(where: TextHygiene.isForbidden(_:)) {
            out += "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
        } else {
            out.append(ch)
        }
    }
    return out + "\""
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
