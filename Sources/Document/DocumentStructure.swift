/// The structural rules of a document that PDF/UA and the layout rely on, as one check both the
/// template stage (`civicbrief check`) and the layout (`typeset`) apply: no heading skips a level
/// (the first is level 1), heading ids are unique, and internal links point at a heading.
public enum DocumentStructure {
    public struct Problem: Sendable, Equatable {
        public var block: Int
        public var kind: Kind
        public var message: String
    }

    public enum Kind: Sendable, Equatable {
        case skippedHeadingLevel(level: Int, previous: Int)
        case duplicateTarget(String)
        case unknownLinkTarget(String)
    }

    /// The destination name of heading `index`: its id, else `h-INDEX`.
    public static func destination(_ heading: Heading, index: Int) -> String { heading.id ?? "h-\(index)" }

    public static func problems(_ blocks: [Block]) -> [Problem] {
        var problems: [Problem] = []
        var previousLevel = 0
        var targets: Set<String> = []
        for (i, block) in blocks.enumerated() {
            guard let h = block.heading else { continue }
            if h.level > previousLevel + 1 {
                let after = previousLevel == 0 ? "is the first heading" : "follows a level \(previousLevel) heading"
                problems.append(Problem(block: i, kind: .skippedHeadingLevel(level: h.level, previous: previousLevel),
                                        message: "heading „\(h.text.prefix(60))“ (level \(h.level)) \(after) — headings may not skip a level (PDF/UA); use level \(previousLevel + 1)"))
            }
            previousLevel = h.level
            let dest = destination(h, index: i)
            if !targets.insert(dest).inserted {
                problems.append(Problem(block: i, kind: .duplicateTarget(dest),
                                        message: "heading id \"\(dest)\" is used more than once — heading ids must be unique"))
            }
        }
        for (i, block) in blocks.enumerated() {
            for target in internalTargets(block) where !targets.contains(target) {
                problems.append(Problem(block: i, kind: .unknownLinkTarget(target),
                                        message: "link to unknown target \"\(target)\" — give the heading that id or fix the link"))
            }
        }
        return problems
    }

    /// The heading ids a block links to.
    public static func internalTargets(_ block: Block) -> [String] {
        func runs(_ r: [Inline]) -> [String] {
            r.compactMap { if case .link(_, .internal(let t)) = $0 { return t } else { return nil } }
        }
        func list(_ l: List) -> [String] {
            l.items.flatMap { runs($0.runs) + ($0.sublist.map(list) ?? []) }
        }
        switch block {
        case .paragraph(let p): return runs(p.runs)
        case .list(let l): return list(l)
        default: return []
        }
    }
}
