import ArgumentParser

/// Documented exit codes (README "Exit codes").
enum Exit {
    static let ok = ExitCode(0)
    static let usage = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let internalError = ExitCode(3)
}
