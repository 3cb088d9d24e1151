import Foundation
import Stencil

// Templates may include partials, but only from the templates folder: no absolute paths, no `..`, no
// symbolic links that lead outside. Includes are counted so a template that includes itself stops with
// a clear error instead of exhausting the stack.

final class SandboxLoader: Loader, @unchecked Sendable {
    /// The templates folder, symbolic links resolved.
    let root: URL
    /// Prefix for file names in messages (the folder as the user named it, e.g. "Templates").
    let displayRoot: String
    static let maxLoads = 200
    private(set) var loads = 0
    /// Prepared sources by template name, for mapping error columns back.
    private(set) var prepared: [String: PreparedSource] = [:]
    var preparationProblems: [TemplateProblem] = []

    init(root: URL, displayRoot: String) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.displayRoot = displayRoot
    }

    func displayPath(_ name: String) -> String {
        displayRoot.isEmpty ? name : displayRoot + "/" + name
    }

    /// Partials already read and tokenized in this render: an include inside a loop would otherwise
    /// read and tokenize its file on every pass (a Template renders any number of times).
    private var loaded: [String: Template] = [:]

    func loadTemplate(name: String, environment: Environment) throws -> Template {
        loads += 1
        if loads > Self.maxLoads {
            throw TemplateSyntaxError("more than \(Self.maxLoads) includes in one render — does a partial include itself?")
        }
        if let template = loaded[name] { return template }
        let url = try resolve(name)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw TemplateSyntaxError("cannot read template \"\(name)\" — check that the file exists under \(displayRoot)/ and is UTF-8")
        }
        let template = template(source: text, name: name, environment: environment)
        loaded[name] = template
        return template
    }

    func template(source: String, name: String, environment: Environment) -> Template {
        let prep: PreparedSource
        if let cached = prepared[name], cached.text.isEmpty == false {
            prep = cached
        } else {
            prep = PreparedSource(source, name: name)
            prepared[name] = prep
            for p in prep.problems {
                preparationProblems.append(TemplateProblem(file: displayPath(name), line: p.line, column: p.column, message: p.message))
            }
        }
        return environment.templateClass.init(templateString: prep.text, environment: environment, name: name)
    }

    /// Registers a template that was read elsewhere (the main template's body, offset by its front matter).
    func registerPrepared(_ prep: PreparedSource, name: String) { prepared[name] = prep }

    func resolve(_ name: String) throws -> URL {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if name.hasPrefix("/") || name.hasPrefix("~") || name.contains("\\") || parts.contains("..") || parts.contains("") {
            throw TemplateSyntaxError("include \"\(name)\" is outside the templates folder — name partials relative to \(displayRoot)/, e.g. \"partials/hinweis-synthetisch.md\"")
        }
        let url = root.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path.hasPrefix(root.path + "/") else {
            throw TemplateSyntaxError("include \"\(name)\" leads outside the templates folder (symbolic link) — copy the partial into \(displayRoot)/ instead")
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TemplateSyntaxError("template \"\(name)\" not found in \(displayRoot)/ — check the name (partials live in \(displayRoot)/partials/)")
        }
        return url
    }
}
