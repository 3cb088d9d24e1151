import CQPDF
import Foundation

/// A file embedded in a PDF, as `civicbrief extract` writes it out.
public struct EmbeddedFile: Sendable, Equatable {
    /// The name the PDF gives it (/UF, else /F), reduced to a safe file name.
    public var name: String
    public var description: String?
    /// MIME type (/Subtype of the embedded file stream), e.g. `text/csv`.
    public var mediaType: String?
    /// /AFRelationship of an associated file (`Data`, `Source`, …).
    public var relationship: String?
    public var bytes: [UInt8]
}

extension Accessibility {
    /// The files embedded in `pdf` — the catalog's associated files (/AF, in document order), then any
    /// other entry of the /EmbeddedFiles name tree. Names are made safe to write into a
    /// folder (no path separators, no leading dot) and unique (`-2`, `-3` before the extension).
    public static func embeddedFiles(in pdf: [UInt8], description: String) throws -> [EmbeddedFile] {
        let session: QPDFSession
        do {
            session = try QPDFSession(bytes: pdf, description: description)
        } catch {
            throw AccessibilityError.unreadable("\(description): not a readable PDF — check that it is a complete PDF file")
        }
        var specs: [QPDFSession.Handle] = []
        var seen: Set<ObjectID> = []
        func add(_ spec: QPDFSession.Handle) {
            guard session.isDictionary(spec) else { return }
            if let id = session.objectID(spec) { guard seen.insert(id).inserted else { return } }
            specs.append(spec)
        }
        func walk(_ node: QPDFSession.Handle, depth: Int) {
            guard session.isDictionary(node), depth < 32 else { return }
            let names = session.items(session.get(node, "/Names"))
            for index in stride(from: 1, to: names.count, by: 2) { add(names[index]) }
            for kid in session.items(session.get(node, "/Kids")) { walk(kid, depth: depth + 1) }
        }
        for spec in session.items(session.get(session.root, "/AF")) { add(spec) }
        walk(session.get(session.get(session.root, "/Names"), "/EmbeddedFiles"), depth: 0)

        var files: [EmbeddedFile] = []
        var taken: Set<String> = []
        for spec in specs {
            let ef = session.get(spec, "/EF")
            let stream = [session.get(ef, "/UF"), session.get(ef, "/F")].first(where: session.isStream)
            guard let stream else { continue }
            guard let bytes = session.streamData(stream, level: qpdf_dl_all) else {
                throw AccessibilityError.unreadable("\(description): an embedded file cannot be decoded — the PDF is damaged")
            }
            let given = [session.utf8String(session.get(spec, "/UF")), session.utf8String(session.get(spec, "/F"))]
                .compactMap { $0 }.first { !$0.isEmpty } ?? "attachment"
            let name = uniqueName(safeName(given), taken: &taken)
            let subtype = session.name(session.get(session.streamDictionary(stream), "/Subtype")).map { String($0.dropFirst()) }
            files.append(EmbeddedFile(name: name, description: session.utf8String(session.get(spec, "/Desc")),
                                      mediaType: subtype, relationship: session.name(session.get(spec, "/AFRelationship")).map { String($0.dropFirst()) },
                                      bytes: bytes))
        }
        return files
    }

    /// The last path component of `name`, without control characters or a leading dot.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        return cleaned.isEmpty ? "attachment" : cleaned
    }

    static func uniqueName(_ name: String, taken: inout Set<String>) -> String {
        guard taken.contains(name) else { taken.insert(name); return name }
        let dot = name.lastIndex(of: ".")
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var n = 2
        while taken.contains("\(stem)-\(n)\(ext)") { n += 1 }
        taken.insert("\(stem)-\(n)\(ext)")
        return "\(stem)-\(n)\(ext)"
    }
}
