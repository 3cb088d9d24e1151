import Foundation
import Stencil

// Templates may include partials, but only from the templates folder: no absolute paths, no `..`, no
// symbolic links that lead outside. (Counting includes and their depth is the render's budget.)

final class SandboxLoader: @unchecked Sendable {
    /// The templates folder, symbolic links resolved.
    let root: URL
    /// Prefix for file names in messages (the folder as the user named it, e.g. "Templates").
    let displayRoot: String

    init(root: URL, displayRoot: String) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.displayRoot = displayRoot
    }

    func displayPath(_ name: String) -> String {
        displayRoot.isEmpty ? name : displayRoot + "/" + name
    }

    /// The partial's text, read from inside the templates folder.
    func read(_ name: String) throws -> String {
        let url = try resolve(name)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw TemplateSyntaxError("cannot read template \"\(name)\" — check that the file under \(displayRoot)/ is UTF-8 text")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    func resolve(_ name: String) throws -> URL {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.hasPrefix("/") || name.hasPrefix("~") || name.contains("\\") || parts.contains("..") || parts.contains("") {
            throw TemplateSyntaxError("include \"\(name)\" is outside the templates folder — name partials relative to \(displayRoot)/, e.g. \"partials/hinweis-synthetisch.md\"")
        }
        let url = root.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path.hasPrefix(root.path + "/") else {
            throw TemplateSyntaxError("include \"\(name)\" leads outside the templates folder (symbolic link) — copy the partial into \(displayRoot)/ instead")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw TemplateSyntaxError("template \"\(name)\" not found in \(displayRoot)/ — check the name (partials live in \(displayRoot)/partials/)")
        }
        return url
    }
}
