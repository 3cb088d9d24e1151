import Foundation
import IndicatorStore

/// Digest of a template's folder (every .md below it), since includes may pull any partial from there.
final class TemplateDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    func digest(of templatePath: String) -> String {
        let root = URL(fileURLWithPath: templatePath).deletingLastPathComponent().standardizedFileURL
        if let d = lock.withLock({ cache[root.path] }) { return d }
        var text = ""
        let files = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        for f in files {
            let data = FileManager.default.contents(atPath: root.appendingPathComponent(f).path) ?? Data()
            text += f + " " + Checksum.sha256Hex(data) + "\n"
        }
        let d = Checksum.sha256Hex(Array(text.utf8))
        lock.withLock { cache[root.path] = d }
        return d
    }
}
