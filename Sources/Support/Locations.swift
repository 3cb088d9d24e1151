import Foundation

/// Where CivicBrief finds what it ships (Templates/, Fonts/) and puts what it makes when the command
/// line does not say: the one place that knows these names, so the CLI, the library and the README
/// agree on them.
public enum Locations {
    /// Rendered files (`demo`, `render`, `publish`) go here unless `--out` says otherwise; relative to
    /// the working directory.
    public static let outputFolder = "Output"

    /// The store used when neither `--store` nor `$CIVICBRIEF_STORE` names one; relative to the working directory.
    public static let storeFile = "civicbrief.sqlite"

    /// The social-index definition `index compute` reads without `--definition` (when it exists),
    /// relative to the working directory.
    public static let indexDefinition = "Templates/index/mss-luebeck.yaml"

    /// `--store` if given, else `$CIVICBRIEF_STORE`, else `./civicbrief.sqlite`.
    public static func store(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["CIVICBRIEF_STORE"], !env.isEmpty { return env }
        return storeFile
    }

    /// The shipped Templates/ folder: $CIVICBRIEF_TEMPLATES, else ./Templates, else the one next to
    /// the executable (so `civicbrief demo` works from any folder). Nil when none holds the demo's files.
    public static func templates(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (directory: URL?, searched: [String]) {
        ShippedFolder.locate("Templates", override: environment["CIVICBRIEF_TEMPLATES"],
                             containing: ["monatsbericht-sozialausschuss.md", "samples/sample-document.json"])
    }

    /// The shipped Fonts/ folder holding `files`: $CIVICBRIEF_FONTS, else ./Fonts, else Fonts/ next to
    /// the executable or in one of its parent folders (covers .build/debug and .build/release).
    public static func fonts(containing files: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (directory: URL?, searched: [String]) {
        ShippedFolder.locate("Fonts", override: environment["CIVICBRIEF_FONTS"], containing: files)
    }
}
