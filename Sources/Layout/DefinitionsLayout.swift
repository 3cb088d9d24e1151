import Document

/// The destination of a pack's definitions appendix (not prefixed: sections link to it from outside).
let appendixDestination = "pack-appendix"

extension Preparer {
    /// A definitions block as its heading, intro, one compact paragraph per entry (term in bold) and
    /// the closing lines: the source every entry shares, said once, and the block's note. `reusing`:
    /// entries already measured (by key), taken as they are when they were measured with the same
    /// shared source (a pack's appendix reuses what its sections measured).
    func prepareDefinitions(_ d: Definitions, dest: String,
                            reusing: [String: (text: MeasuredText, sharedSource: String?)] = [:]) -> MeasuredDefinitions {
        let size = theme.headingSizes[d.heading.level - 1]
        let color = d.heading.level == 4 ? theme.bodyColor : theme.headingColor
        let headingLayout = makeLayout([TextPiece(text: hyphenate(d.heading.text))],
                                       TextStyle(size: size, bold: true, color: color, lineSpacing: 1.0), width: theme.contentWidth)
        let heading = MeasuredHeading(level: d.heading.level, text: d.heading.text, dest: dest, layout: headingLayout.shaped)
        let entryStyle = TextStyle(size: theme.smallSize + 0.5, color: theme.bodyColor, lineSpacing: 1.1)
        func paragraph(_ pieces: [TextPiece], style: TextStyle = entryStyle, after: Double = 4) -> MeasuredText {
            MeasuredText(layout: makeLayout(pieces, style, width: theme.contentWidth).shaped, x: theme.contentLeft,
                     container: StructureTag("P"), spaceBefore: 0, spaceAfter: after)
        }
        let shared = d.sharedSource
        let entries = d.entries.map { entry -> (key: String, text: MeasuredText) in
            if let known = reusing[entry.key], known.sharedSource == shared { return (entry.key, known.text) }
            var pieces = [TextPiece(text: hyphenate(entry.term) + ": ", bold: true), TextPiece(text: hyphenate(entry.text))]
            if shared == nil { pieces.append(TextPiece(text: " \(vocabulary.sourceLabel): " + hyphenate(sentence(entry.source)))) }
            return (entry.key, paragraph(pieces))
        }
        var closing: [MeasuredText] = []
        if let shared {
            closing.append(paragraph([TextPiece(text: vocabulary.sharedSourceLabel + ": ", bold: true),
                                      TextPiece(text: hyphenate(sentence(shared)))]))
        }
        if let note = d.note {
            closing.append(paragraph([TextPiece(text: hyphenate(note))],
                                     style: TextStyle(size: theme.smallSize, color: theme.mutedColor, lineSpacing: 1.05)))
        }
        let bodyStyle = TextStyle(size: theme.bodySize, color: theme.bodyColor,
                                  alignment: document.settings.justify ? .justify : .left, lineSpacing: theme.lineSpacing)
        let words = vocabulary.definitionsReference
        let linkPieces: [TextPiece]
        if let own = d.reference {
            linkPieces = [TextPiece(text: hyphenate(own), role: .link(.dest(appendixDestination), description: own),
                                    color: theme.linkColor, underline: true)]
        } else {
            linkPieces = [TextPiece(text: words.before),
                          TextPiece(text: words.link, role: .link(.dest(appendixDestination),
                                                                 description: words.before + words.link + words.after),
                                    color: theme.linkColor, underline: true),
                          TextPiece(text: words.after)]
        }
        let reference = MeasuredText(layout: makeLayout(linkPieces, bodyStyle, width: theme.contentWidth).shaped, x: theme.contentLeft,
                                 container: StructureTag("P"), spaceBefore: 0, spaceAfter: theme.paragraphSpacing)
        let intro = d.intro.map { paragraph([TextPiece(text: hyphenate($0))], style: bodyStyle, after: theme.paragraphSpacing) }
        return MeasuredDefinitions(block: d, heading: heading, intro: intro, entries: entries, sharedSource: shared,
                               closing: closing, reference: reference)
    }

    private func sentence(_ text: String) -> String { text.hasSuffix(".") ? text : text + "." }
}

/// The definitions of a pack's sections as one appendix: every key once, in the order the sections
/// first name it; the notes of all, each once.
func mergedDefinitions(_ blocks: [Definitions], title: String) -> Definitions? {
    guard let first = blocks.first else { return nil }
    var seen = Set<String>()
    var entries: [Definition] = []
    var notes: [String] = []
    for block in blocks {
        for entry in block.entries where seen.insert(entry.key).inserted { entries.append(entry) }
        if let note = block.note, !notes.contains(note) { notes.append(note) }
    }
    return Definitions(heading: Heading(level: 1, text: title + first.heading.text, id: appendixDestination),
                       intro: nil, entries: entries, note: notes.isEmpty ? nil : notes.joined(separator: " "))
}
