import Document
import Layout
import PDFOutput

/// What PDF/A adds to a finished PDF/UA file: the sRGB output intent and, for PDF/A-3, the data files
/// as associated files (ISO 19005-3 §6.8, ISO 32000-2 §14.13) — each a file specification with
/// /AFRelationship /Data in the catalog's /AF, in the /AF of the structure element it belongs to, and
/// in the /EmbeddedFiles name tree so that viewers list it.
struct ArchivalParts {
    typealias Handle = QPDFSession.Handle

    let session: QPDFSession
    let standard: PDFStandard
    let date: UTCDate

    /// /OutputIntents with the sRGB profile: the colour space Cairo's DeviceRGB is meant in.
    func addOutputIntent(_ profile: ColorProfile) {
        let stream = session.makeIndirect(session.newStream(profile.bytes, dictionary: [("/N", session.newInteger(3))]))
        let intent = session.newDictionary([
            ("/Type", session.newName("/OutputIntent")),
            ("/S", session.newName("/GTS_PDFA1")),
            ("/OutputConditionIdentifier", session.newText("sRGB IEC61966-2.1")),
            ("/RegistryName", session.newText("http://www.color.org")),
            ("/Info", session.newText("sRGB IEC61966-2.1")),
            ("/DestOutputProfile", stream),
        ])
        session.set(session.root, "/OutputIntents", session.newArray([intent]))
    }

    /// Embeds the elements' attachments (PDF/A-3 only): one file per distinct content, named after its
    /// first element; an element whose content equals an earlier one's (a map and its data table) is
    /// associated with the same file.
    func embed(_ attached: [(element: Handle, attachment: TagAttachment)]) throws(AccessibilityError) {
        guard standard.embedsData, !attached.isEmpty else { return }
        var specs: [Handle] = []
        var names: [(String, Handle)] = []
        var specByContent: [TagAttachment.Content: Handle] = [:]
        var usedNames: Set<String> = []
        for (element, attachment) in attached {
            let spec: Handle
            if let known = specByContent[attachment.content] {
                spec = known
            } else {
                let file = try DataFile(attachment)
                guard usedNames.insert(file.name).inserted else {
                    throw .structureMismatch("two attachments are named \(file.name) — every table and figure needs its own number")
                }
                spec = fileSpecification(file)
                specByContent[attachment.content] = spec
                specs.append(spec)
                names.append((file.name, spec))
            }
            let existing = session.get(element, "/AF")
            if session.isArray(existing) { session.appendItem(existing, spec) } else { session.set(element, "/AF", session.newArray([spec])) }
        }
        session.set(session.root, "/AF", session.newArray(specs))
        // A name tree's keys are in byte order (ISO 32000-1 §7.9.6).
        names.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        let tree = session.newArray()
        for (name, spec) in names {
            session.appendItem(tree, session.newText(name))
            session.appendItem(tree, spec)
        }
        var namesDictionary = session.get(session.root, "/Names")
        if !session.isDictionary(namesDictionary) {
            namesDictionary = session.newDictionary()
            session.set(session.root, "/Names", namesDictionary)
        }
        session.set(namesDictionary, "/EmbeddedFiles", session.newDictionary([("/Names", tree)]))
    }

    private func fileSpecification(_ file: DataFile) -> Handle {
        let stream = session.newStream(file.bytes, dictionary: [
            ("/Type", session.newName("/EmbeddedFile")),
            ("/Subtype", session.newName("/" + file.mediaType)),
            ("/Params", session.newDictionary([
                ("/Size", session.newInteger(file.bytes.count)),
                ("/ModDate", session.newText(date.pdf)),
            ])),
        ])
        let embedded = session.makeIndirect(stream)
        return session.makeIndirect(session.newDictionary([
            ("/Type", session.newName("/Filespec")),
            ("/F", session.newText(file.name)),
            ("/UF", session.newText(file.name)),
            ("/Desc", session.newText(file.description)),
            ("/AFRelationship", session.newName("/Data")),
            ("/EF", session.newDictionary([("/F", embedded), ("/UF", embedded)])),
        ]))
    }
}
