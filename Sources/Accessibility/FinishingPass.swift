import Layout
import PDFOutput

/// The edits of the finishing pass, applied to one qpdf session.
struct FinishingPass {
    typealias Handle = QPDFSession.Handle

    /// One content item of a structure element (ISO 32000-1 §14.7.4).
    enum ContentItem {
        case markedContent(page: ObjectID?, mcid: Int)
        case object(Handle)
    }

    /// A structure element found in the tree, in pre-order.
    struct Element {
        var handle: Handle
        var objectID: ObjectID?
        var type: String
        var parent: Handle
        var page: ObjectID?
        var content: [ContentItem] = []
        var hasChildElements = false
    }

    let session: QPDFSession
    let elements: [StructureTag]
    let metadata: DocumentMetadata
    let colorProfile: ColorProfile

    private var treeRoot: Handle = 0
    /// Cairo's object count, before the pass adds any.
    private var cairoObjects = 0
    private var xmpExtraPadding = 0
    private var found: [Element] = []
    private var indexByObject: [ObjectID: Int] = [:]
    private var pages: [(id: ObjectID, handle: Handle)] = []
    private var pageNumberByObject: [ObjectID: Int] = [:]
    /// ParentTree entries: key → value (an array of elements indexed by MCID for a page,
    /// or one element for an annotation).
    private var parentTree: [Int: Handle] = [:]

    init(session: QPDFSession, elements: [StructureTag], metadata: DocumentMetadata, colorProfile: ColorProfile) {
        self.session = session
        self.elements = elements
        self.metadata = metadata
        self.colorProfile = colorProfile
    }

    mutating func run() throws {
        cairoObjects = session.int(session.get(session.trailer, "/Size")) ?? 0
        loadPages()
        try readStructureTree()
        try verifyAgainstRecordedElements()
        try session.check("read the structure tree")
        try attachAttributes()
        try session.check("attach structure attributes")
        try turnFurnitureIntoArtifacts()
        try finishLinkAnnotations()
        try session.check("finish link annotations")
        addCIDToGIDMaps()
        try session.check("complete the font dictionaries")
        writeCatalogAndMetadata()
        try session.check("write the catalog and metadata")
        let archival = ArchivalParts(session: session, standard: metadata.standard, date: metadata.date)
        archival.addOutputIntent(colorProfile)
        try archival.embed(zip(found, elements).compactMap { element, info in
            info.attachment.map { (element.handle, $0) }
        })
        try session.check("add the output intent and the associated files")
        StreamEndings.avoidTrailingCarriageReturns(session, cairoObjects: cairoObjects)
        try session.check("end the streams without a carriage return")
    }

    /// Writes the file; where qpdf's own object or cross-reference streams happen to end in CR (see
    /// `StreamEndings`), writes it again with more XMP padding, then without object streams.
    mutating func write(minimumVersion: String) throws -> [UInt8] {
        var bytes = try session.write(minimumVersion: minimumVersion)
        var found = StreamEndings.trailingCarriageReturns(in: bytes)
        if found.any && !found.inObjectStream {
            xmpExtraPadding += 1
            session.replaceStreamData(session.get(session.root, "/Metadata"), metadata.xmpPacket(extraPadding: xmpExtraPadding))
            bytes = try session.write(minimumVersion: minimumVersion)
            found = StreamEndings.trailingCarriageReturns(in: bytes)
        }
        if found.any { bytes = try session.write(minimumVersion: minimumVersion, objectStreams: false) }
        return bytes
    }

    // MARK: Reading

    private mutating func loadPages() {
        for (index, page) in session.pages.enumerated() {
            guard let id = session.objectID(page) else { continue }
            pages.append((id, page))
            pageNumberByObject[id] = index + 1
        }
    }

    private mutating func readStructureTree() throws {
        let root = session.get(session.root, "/StructTreeRoot")
        guard session.isDictionary(root) else {
            throw AccessibilityError.structureMismatch("the PDF has no /StructTreeRoot, but \(elements.count) elements were recorded")
        }
        treeRoot = root
        var visited: Set<ObjectID> = []
        try visitKids(of: root, parentIndex: nil, visited: &visited)
        readNumberTree(session.get(root, "/ParentTree"), depth: 0)
    }

    /// Pre-order walk: dictionaries with /S in /K are child elements; integers, MCR and OBJR
    /// dictionaries are the element's content. Every libqpdf call costs a handle, and the tree has
    /// thousands of elements, so the walk asks only what it uses: /Pg only of page furniture,
    /// /Type only of kids without /S.
    private mutating func visitKids(of parent: Handle, parentIndex: Int?, visited: inout Set<ObjectID>) throws {
        let kids = session.get(parent, "/K")
        let list: [Handle]
        if let count = session.arrayCount(kids) {
            list = (0..<count).map { session.item(kids, $0) }
        } else {
            list = session.isNull(kids) ? [] : [kids]
        }
        let placeholder = StructureTag.furniturePlaceholder
        for kid in list {
            if let mcid = session.int(kid) {
                if let parentIndex {
                    found[parentIndex].content.append(.markedContent(page: found[parentIndex].page, mcid: mcid))
                }
                continue
            }
            guard session.isDictionary(kid) else { continue }
            guard let structureType = session.name(session.get(kid, "/S")) else {
                guard let parentIndex else { continue }
                let type = session.name(session.get(kid, "/Type"))
                if type == "/MCR" {
                    let pg = session.get(kid, "/Pg")
                    let page = session.isNull(pg) ? found[parentIndex].page : session.objectID(pg)
                    if let mcid = session.int(session.get(kid, "/MCID")) {
                        found[parentIndex].content.append(.markedContent(page: page, mcid: mcid))
                    }
                } else if type == "/OBJR" {
                    found[parentIndex].content.append(.object(session.get(kid, "/Obj")))
                }
                continue
            }
            let id = session.objectID(kid)
            if let id {
                guard visited.insert(id).inserted else {
                    throw AccessibilityError.structureMismatch("structure element \(id) occurs twice in the tree")
                }
            }
            if let parentIndex { found[parentIndex].hasChildElements = true }
            let type = String(structureType.dropFirst())
            var page: ObjectID? = nil
            if type == placeholder {
                let pg = session.get(kid, "/Pg")
                page = session.isNull(pg) ? nil : session.objectID(pg)
            }
            found.append(Element(handle: kid, objectID: id, type: type, parent: parent, page: page))
            let index = found.count - 1
            if let id { indexByObject[id] = index }
            try visitKids(of: kid, parentIndex: index, visited: &visited)
        }
    }

    private mutating func readNumberTree(_ node: Handle, depth: Int) {
        guard session.isDictionary(node), depth < 32 else { return }
        let nums = session.items(session.get(node, "/Nums"))
        var i = 0
        while i + 1 < nums.count {
            if let key = session.int(nums[i]) { parentTree[key] = nums[i + 1] }
            i += 2
        }
        for kid in session.items(session.get(node, "/Kids")) { readNumberTree(kid, depth: depth + 1) }
    }

    private func verifyAgainstRecordedElements() throws {
        for (index, (element, info)) in zip(found, elements).enumerated() where element.type != info.type {
            throw AccessibilityError.structureMismatch(
                "element #\(index + 1) (pre-order) is /\(element.type) in the PDF but was recorded as '\(info.type)'")
        }
        guard found.count == elements.count else {
            throw AccessibilityError.structureMismatch(
                "the PDF has \(found.count) structure elements but \(elements.count) were recorded")
        }
    }

    // MARK: Structure

    private func attachAttributes() throws {
        var ids: [(String, Handle)] = []
        for (index, (element, info)) in zip(found, elements).enumerated() {
            let position = "element #\(index + 1) (/\(element.type))"
            if element.type == "Figure" || element.type == "Formula" {
                guard let alt = info.alt?.trimmingCharacters(in: .whitespacesAndNewlines), !alt.isEmpty else {
                    throw AccessibilityError.missingAccessibilityInfo(
                        "\(position) has no alternative text — give every figure and chart an alt text that states what it shows")
                }
                session.set(element.handle, "/Alt", session.newText(alt))
            } else if let alt = info.alt, element.type != "Link", !alt.isEmpty {
                session.set(element.handle, "/Alt", session.newText(alt))
            }
            if element.type == "TH" {
                // Without a scope checkers cannot associate header and data cells; column headers
                // are what the layout produces unless it says otherwise.
                let scope = (info.scope ?? .column).rawValue
                session.set(element.handle, "/A", session.newDictionary([
                    ("/O", session.newName("/Table")), ("/Scope", session.newName("/\(scope)")),
                ]))
            }
            if let lang = info.lang {
                guard DocumentMetadata.isPlausibleLanguageTag(lang) else {
                    throw AccessibilityError.missingAccessibilityInfo("\(position) has language '\(lang)', which is not a BCP 47 tag — use e.g. en-GB")
                }
                session.set(element.handle, "/Lang", session.newText(lang))
            }
            if let id = info.id {
                guard element.objectID != nil else {
                    throw AccessibilityError.structureMismatch("\(position) carries an ID but is not an indirect object")
                }
                session.set(element.handle, "/ID", session.newText(id))
                ids.append((id, element.handle))
            }
        }
        guard !ids.isEmpty else { return }
        // /ID requires an /IDTree (a name tree, keys in byte order) on the StructTreeRoot.
        ids.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        for (a, b) in zip(ids, ids.dropFirst()) where a.0 == b.0 {
            throw AccessibilityError.missingAccessibilityInfo("two structure elements have the ID '\(a.0)' — IDs must be unique")
        }
        let names = session.newArray()
        for (id, handle) in ids {
            session.appendItem(names, session.newText(id))
            session.appendItem(names, handle)
        }
        session.set(treeRoot, "/IDTree", session.newDictionary([("/Names", names)]))
    }

    // MARK: Furniture

    private mutating func turnFurnitureIntoArtifacts() throws {
        let placeholder = StructureTag.furniturePlaceholder
        var mcidsByPage: [ObjectID: Set<Int>] = [:]
        var removals: [Int] = []
        for (index, element) in found.enumerated() where element.type == placeholder {
            guard !element.hasChildElements else {
                throw AccessibilityError.furniture(page: pageNumber(element.page),
                    "the placeholder element #\(index + 1) contains structure elements; furniture must be a leaf")
            }
            guard element.objectID != nil else {
                throw AccessibilityError.furniture(page: pageNumber(element.page),
                    "the placeholder element #\(index + 1) is not an indirect object")
            }
            for item in element.content {
                switch item {
                case .markedContent(let page, let mcid):
                    guard let page else {
                        throw AccessibilityError.furniture(page: 0, "placeholder element #\(index + 1) has marked content without a page")
                    }
                    mcidsByPage[page, default: []].insert(mcid)
                case .object:
                    throw AccessibilityError.furniture(page: pageNumber(element.page),
                        "placeholder element #\(index + 1) refers to an annotation; furniture cannot be interactive")
                }
            }
            removals.append(index)
        }
        guard !removals.isEmpty else { return }

        for (pageID, page) in pages {
            guard let mcids = mcidsByPage.removeValue(forKey: pageID) else { continue }
            let number = pageNumber(pageID)
            let content = try session.pageContent(page)
            let rewritten: [UInt8]
            do {
                rewritten = try ArtifactRewriter.rewrite(content, placeholderTag: placeholder, mcids: mcids)
            } catch {
                let at = error.offset.map { " (content stream byte \($0))" } ?? ""
                throw AccessibilityError.furniture(page: number, error.message + at)
            }
            replacePageContent(page, with: rewritten)
            // The artifacts no longer belong to the structure: drop their ParentTree entries.
            if let key = session.int(session.get(page, "/StructParents")), let array = parentTree[key] {
                for mcid in mcids { session.setItem(array, mcid, session.newNull()) }
            }
            try session.check("rewrite the content of page \(number)")
        }
        if let (pageID, _) = mcidsByPage.first {
            throw AccessibilityError.furniture(page: pageNumber(pageID), "placeholder content points to a page that is not in the page tree")
        }

        let removed = Set(removals.compactMap { found[$0].objectID })
        var parents: [Handle] = []
        var seenParents: Set<ObjectID> = []
        for index in removals {
            let parent = found[index].parent
            if let id = session.objectID(parent) {
                guard seenParents.insert(id).inserted else { continue }
            }
            parents.append(parent)
        }
        for parent in parents {
            let kids = session.get(parent, "/K")
            if session.isArray(kids) {
                for (position, kid) in session.items(kids).enumerated().reversed() {
                    if let id = session.objectID(kid), removed.contains(id) { session.eraseItem(kids, position) }
                }
            } else if let id = session.objectID(kids), removed.contains(id) {
                session.set(parent, "/K", session.newArray())
            }
        }
        try session.check("remove the furniture placeholders from the structure tree")
    }

    /// Cairo writes one content stream per page; if there are several, they are replaced by one
    /// holding their concatenation (a marked-content sequence may span stream boundaries).
    private func replacePageContent(_ page: Handle, with bytes: [UInt8]) {
        let contents = session.get(page, "/Contents")
        if session.isStream(contents) {
            session.replaceStreamData(contents, bytes)
        } else {
            session.set(page, "/Contents", session.newStream(bytes, dictionary: []))
        }
    }

    private func pageNumber(_ id: ObjectID?) -> Int { id.flatMap { pageNumberByObject[$0] } ?? 0 }

    // MARK: Links

    private func finishLinkAnnotations() throws {
        var descriptionByAnnotation: [ObjectID: String?] = [:]
        for (element, info) in zip(found, elements) where element.type == "Link" {
            for case .object(let annotation) in element.content {
                if let id = session.objectID(annotation) { descriptionByAnnotation[id] = .some(info.alt) }
            }
        }
        var maxKey = parentTree.keys.max() ?? -1
        for (pageID, page) in pages {
            let annotations = session.items(session.get(page, "/Annots"))
            guard !annotations.isEmpty else { continue }
            let number = pageNumber(pageID)
            for annotation in annotations where session.isName(session.get(annotation, "/Subtype"), "/Link") {
                guard let id = session.objectID(annotation), let recorded = descriptionByAnnotation[id] else {
                    throw AccessibilityError.untaggedAnnotation(page: number, "a link annotation is not referenced by any Link structure element")
                }
                let uri = session.utf8String(session.get(session.get(annotation, "/A"), "/URI"))
                guard let description = [recorded, uri].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
                    throw AccessibilityError.missingAccessibilityInfo(
                        "page \(number): a link to an internal destination has no description — record alt text for its Link element")
                }
                session.set(annotation, "/Contents", session.newText(description))
                // Print flag; PDF/UA (via PDF/A-like checkers) expects annotations to be printable.
                session.set(annotation, "/F", session.newInteger(4))
                if let key = session.int(session.get(annotation, "/StructParent")) { maxKey = max(maxKey, key) }
            }
            session.set(page, "/Tabs", session.newName("/S"))
        }
        for (_, page) in pages {
            if let key = session.int(session.get(page, "/StructParents")) { maxKey = max(maxKey, key) }
        }
        session.set(treeRoot, "/ParentTreeNextKey", session.newInteger(maxKey + 1))
    }

    // MARK: Fonts

    /// PDF/UA-1 §7.21.3.2: a CIDFontType2 must have /CIDToGIDMap. Cairo's CIDs are glyph IDs of
    /// the embedded subset, so /Identity states what a reader assumes anyway.
    private func addCIDToGIDMaps() {
        var visited: Set<ObjectID> = []
        for (_, page) in pages { fixFonts(inResources: session.get(page, "/Resources"), visited: &visited, depth: 0) }
    }

    private func fixFonts(inResources resources: Handle, visited: inout Set<ObjectID>, depth: Int) {
        guard session.isDictionary(resources), depth < 16 else { return }
        if let id = session.objectID(resources) {
            guard visited.insert(id).inserted else { return }
        }
        let fonts = session.get(resources, "/Font")
        for key in session.keys(fonts) {
            let font = session.get(fonts, key)
            guard session.isName(session.get(font, "/Subtype"), "/Type0") else { continue }
            for descendant in session.items(session.get(font, "/DescendantFonts"))
            where session.isName(session.get(descendant, "/Subtype"), "/CIDFontType2")
                && !session.hasKey(descendant, "/CIDToGIDMap") {
                session.set(descendant, "/CIDToGIDMap", session.newName("/Identity"))
            }
        }
        for category in ["/XObject", "/Pattern"] {
            let dictionary = session.get(resources, category)
            for key in session.keys(dictionary) {
                let object = session.get(dictionary, key)
                guard session.isStream(object) else { continue }
                let nested = session.get(session.streamDictionary(object), "/Resources")
                fixFonts(inResources: nested, visited: &visited, depth: depth + 1)
            }
        }
    }

    // MARK: Catalog, Info, XMP

    private func writeCatalogAndMetadata() {
        let catalog = session.root
        session.set(catalog, "/Lang", session.newText(metadata.language))

        let markInfo = session.get(catalog, "/MarkInfo")
        if session.isDictionary(markInfo) {
            session.set(markInfo, "/Marked", session.newBool(true))
        } else {
            session.set(catalog, "/MarkInfo", session.newDictionary([("/Marked", session.newBool(true))]))
        }
        let preferences = session.get(catalog, "/ViewerPreferences")
        if session.isDictionary(preferences) {
            session.set(preferences, "/DisplayDocTitle", session.newBool(true))
        } else {
            session.set(catalog, "/ViewerPreferences",
                        session.newDictionary([("/DisplayDocTitle", session.newBool(true))]))
        }
        let xmp = session.newStream(metadata.xmpPacket(extraPadding: xmpExtraPadding), dictionary: [
            ("/Type", session.newName("/Metadata")), ("/Subtype", session.newName("/XML")),
        ])
        session.set(catalog, "/Metadata", xmp)

        var info: [(String, Handle)] = [("/Title", session.newText(metadata.title))]
        if let author = metadata.author { info.append(("/Author", session.newText(author))) }
        if let subject = metadata.subject { info.append(("/Subject", session.newText(subject))) }
        if let keywords = metadata.keywords { info.append(("/Keywords", session.newText(keywords))) }
        info.append(("/Creator", session.newText(metadata.creator)))
        info.append(("/Producer", session.newText(metadata.producer)))
        info.append(("/CreationDate", session.newText(metadata.date.pdf)))
        info.append(("/ModDate", session.newText(metadata.date.pdf)))
        session.set(session.trailer, "/Info", session.makeIndirect(session.newDictionary(info)))
    }
}
