import Foundation

/// Finds a folder shipped with the repository (Fonts/, Templates/; see `Locations`) whether civicbrief runs from the
/// repository, from another folder, or from a test bundle: an explicit override (an environment
/// variable) wins; otherwise ./NAME, then NAME/ next to the executable or in one of its parent
/// folders (covers .build/debug and .build/release), then ../share/civicbrief/NAME from the
/// executable (where `make install` puts them), then the repository this source file is in.
public enum ShippedFolder {
    public static func locate(_ name: String, override: String?, containing required: [String])
        -> (directory: URL?, searched: [String]) {
        var candidates: [URL] = []
        if let override, !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        } else {
            candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name))
            let executableFolder = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
            var dir = executableFolder
            for _ in 0..<6 {
                candidates.append(dir.appendingPathComponent(name))
                dir = dir.deletingLastPathComponent()
            }
            candidates.append(executableFolder.deletingLastPathComponent()
                .appendingPathComponent("share/civicbrief").appendingPathComponent(name))
            // Test bundles live under .build/<config>/; #filePath points into the repository.
            let source = URL(fileURLWithPath: #filePath)
            candidates.append(source.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(name))
        }
        for dir in candidates where required.allSatisfy({
            FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path)
        }) {
            return (dir.standardizedFileURL, candidates.map(\.path))
        }
        return (nil, candidates.map(\.path))
    }
}
