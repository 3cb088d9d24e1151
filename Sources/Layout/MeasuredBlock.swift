import Document
import Foundation

/// Blocks measured for a given text width: shaped text and sizes, not yet placed on pages.
/// Pagination only positions these, so a second pass (for the table of contents) reuses them.
enum MeasuredBlock {
    case heading(MeasuredHeading)
    case text(MeasuredText)
    case list(MeasuredList)
    case table(MeasuredTable)
    case box(MeasuredBox)           // figures and key-figure rows: never split
    case boxGroup(MeasuredBoxGroup) // key-figure tiles: a list of unsplittable rows
    case pageBreak
    case toc(MeasuredTOC)
    /// A definitions appendix: its heading, entries and closing lines.
    case definitions(MeasuredDefinitions)
    /// What a pack's section says in place of its definitions: a paragraph whose link points at the
    /// pack's appendix, outside the section (its destination names are not prefixed).
    case appendixReference(MeasuredText)
    /// A document placed inside a collection (the publish pack): starts a new page, and every
    /// destination name after it (headings, notes, internal links) gets `prefix`, so the names of
    /// two documents never clash and a document's units can be placed unchanged.
    /// `data` is the section's facts file, associated with the section's first Sect element.
    case section(prefix: String, data: BriefingData?)
}

struct MeasuredHeading {
    var level: Int
    var text: String
    var dest: String
    var layout: ShapedText
}

/// A paragraph-like run of lines in a container element (P, LBody, Note, Caption…).
struct MeasuredText {
    var layout: ShapedText
    var x: Double
    var container: StructureTag
    var spaceBefore: Double
    var spaceAfter: Double
    /// Named destination placed at the first line (notes).
    var dest: String?
    /// The footnotes referenced in the text, placed at the foot of the page its first line is on.
    var notes: [MeasuredText] = []

    var allPlain: Bool {
        layout.segments.allSatisfy { $0.role == .plain }
    }

    /// Height that must fit for the unit to start on a page (orphan rule: two lines, or all of a
    /// paragraph of three lines or fewer).
    var leadHeight: Double {
        let lines = layout.lines
        guard !lines.isEmpty else { return 0 }
        if lines.count <= 3 { return lines[lines.count - 1].bottom - lines[0].top }
        return lines[1].bottom - lines[0].top
    }
}

struct MeasuredList {
    var items: [MeasuredListItem]
    var spaceBefore: Double
    var spaceAfter: Double
}

struct MeasuredListItem {
    var label: ShapedText
    var labelX: Double
    var body: MeasuredText
    var sublist: MeasuredList?
}

struct MeasuredCell {
    var layout: ShapedText
    /// Offset of the text inside the column (alignment, decimal alignment).
    var dx: Double
    var tag: StructureTag
    /// Drawn in the cell (a graphic column), relative to the cell's top left corner.
    var graphic: [PageOp] = []
}

struct MeasuredTable {
    var caption: MeasuredText?
    /// The table's values (or printed cells) as a file associated with its Table element.
    var attachment: TagAttachment?
    var columnX: [Double]
    var columnWidths: [Double]
    var header: [MeasuredCell]
    var headerHeight: Double
    var rows: [[MeasuredCell]]
    var rowHeights: [Double]
    /// Rows that head a group of rows: never striped, never the last row on a page.
    var headingRows: Set<Int> = []
    /// Placed as a paragraph after the table, on the page of its last row.
    var note: MeasuredText?
    var paddingX: Double
    var paddingY: Double
    var spaceBefore: Double
    var spaceAfter: Double
    var width: Double { columnWidths.reduce(0, +) }

    /// Rows a table starts a page with at least (or all of a shorter table): one or two rows under
    /// a caption and header at the foot of a page read as a stray fragment.
    static let leadRows = 3
    var leadRowsHeight: Double { rowHeights.prefix(Self.leadRows).reduce(0, +) }
}

/// A definitions appendix, measured: placed as its heading, intro, entries and closing lines; in a
/// pack, `reference` replaces the entries (see `Typesetter.typeset(cover:sections:measured:)`).
struct MeasuredDefinitions {
    var block: Definitions
    var heading: MeasuredHeading
    var intro: MeasuredText?
    /// One paragraph per entry, by the entry's key; an entry names its source only when the
    /// entries' sources differ (`sharedSource` nil).
    var entries: [(key: String, text: MeasuredText)]
    var sharedSource: String?
    /// The shared source and the block's note.
    var closing: [MeasuredText]
    /// The paragraph a pack's section prints instead of the entries.
    var reference: MeasuredText
}

/// Pre-drawn content in coordinates relative to the box's top left corner.
struct MeasuredBox {
    var ops: [PageOp]
    var height: Double
    var spaceBefore: Double
    var spaceAfter: Double
}

struct MeasuredBoxGroup {
    var open: StructureTag
    var rows: [MeasuredBox]
    var gap: Double
    var spaceBefore: Double
    var spaceAfter: Double
}

struct MeasuredTOC {
    var toc: TableOfContents
    /// Headings after the TOC block, in order, with their levels.
    var entries: [(level: Int, text: String, dest: String)]
    var spaceAfter: Double
}

extension PageOp {
    /// The op moved by (dx, dy).
    func translated(dx: Double, dy: Double) -> PageOp {
        switch self {
        case .begin, .end: return self
        case .destination(let name, let x, let y): return .destination(name: name, x: x + dx, y: y + dy)
        case .glyphs(let r):
            var moved = r
            moved.x += dx
            moved.baseline += dy
            return .glyphs(moved)
        case .shape(let shape, let fill, let stroke, let lw):
            let moved: Shape
            switch shape {
            case .rect(let x, let y, let w, let h): moved = .rect(x: x + dx, y: y + dy, width: w, height: h)
            case .polyline(let pts): moved = .polyline(pts.map { (x: $0.x + dx, y: $0.y + dy) })
            case .circle(let cx, let cy, let r): moved = .circle(cx: cx + dx, cy: cy + dy, r: r)
            case .rings(let rings): moved = .rings(rings.map { $0.map { (x: $0.x + dx, y: $0.y + dy) } })
            }
            return .shape(moved, fill: fill, stroke: stroke, lineWidth: lw)
        }
    }
}

/// Glyph ops for every run of a layout's lines, with its top left corner at (x, y).
func glyphOps(_ t: TextLayout, x: Double, y: Double, lines: Range<Int>? = nil) -> [PageOp] {
    glyphOps(t.shaped, x: x, y: y, lines: lines)
}

func glyphOps(_ t: ShapedText, x: Double, y: Double, lines: Range<Int>? = nil) -> [PageOp] {
    var ops: [PageOp] = []
    let range = lines ?? 0..<t.lines.count
    for li in range {
        let line = t.lines[li]
        for run in t.runs[li] {
            ops.append(.glyphs(PlacedRun(glyphs: run.glyphs, x: x + run.x,
                                         baseline: y + line.baseline - run.rise, color: t.color(ofSegment: run.segment))))
            if t.isUnderlined(segment: run.segment) {
                let uy = y + line.baseline + t.style.size * 0.14
                ops.append(.shape(.polyline([(x + run.x, uy), (x + run.x + run.width, uy)]),
                                  fill: nil, stroke: t.color(ofSegment: run.segment), lineWidth: 0.6))
            }
        }
    }
    return ops
}
