import Charts
import CPangoCairo
import Support
import Foundation

/// Errors of the layout stage, rendered as `what is wrong — what to do`.
public enum LayoutError: Error, CustomStringConvertible, Equatable, Sendable {
    case fontsMissing(searched: [String])
    case fontSetupFailed(String)
    case unknownLinkTarget(String, block: Int)
    case duplicateTarget(String)
    case skippedHeadingLevel(block: Int, level: Int, previous: Int)
    case chartNotDrawn(block: Int, String)

    public var description: String {
        switch self {
        case .fontsMissing(let searched):
            return "fonts not found (looked for Fonts/NotoSans-Regular.ttf in \(searched.joined(separator: ", "))) "
                + "— run `make deps`, or set CIVICBRIEF_FONTS to the folder holding the Noto Sans files"
        case .fontSetupFailed(let why):
            return "could not register the fonts: \(why) — check the files in Fonts/ (run `make deps` to restore them)"
        case .unknownLinkTarget(let target, let block):
            return "blocks[\(block)]: link to unknown target \"\(target)\" — give the heading `\"id\": \"\(target)\"` or fix the link"
        case .skippedHeadingLevel(let block, let level, let previous):
            let after = previous == 0 ? "is the first heading" : "follows a level \(previous) heading"
            return "blocks[\(block)]: heading level \(level) \(after) — headings may not skip a level "
                + "(PDF/UA); use level \(previous + 1)"
        case .chartNotDrawn(let block, let why):
            return "blocks[\(block)]: the chart cannot be drawn: \(why) — fix the chart block (README, \"Document model (JSON)\") or leave it out"
        case .duplicateTarget(let id):
            return "heading id \"\(id)\" is used more than once — heading ids must be unique"
        }
    }
}

/// The typefaces of the page templates, registered through a private fontconfig configuration
/// that knows ONLY the files in Fonts/ — so layout is identical on every machine, whatever
/// fonts are installed. Owns the Pango font map and context (72 dpi: 1 Pango point = 1 PDF unit,
/// hinting off so metrics are exact and device independent).
///
/// Not thread-safe: one environment per document rendering thread (see DESIGN.md).
public final class FontEnvironment {
    public static let family = "Noto Sans"
    static let fallbackFiles = ["NotoSansMath-Regular.ttf"]
    static let requiredFiles = ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                                "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"]

    public let directory: URL
    /// Characters the fonts lack, mapped to a covered stand-in glyph (e.g. U+2212 MINUS SIGN →
    /// U+2013 EN DASH, the usual German minus), so Pango never draws a hex box whose digits would
    /// become text in the PDF. Only the glyph changes: the PDF text keeps the original character.
    public private(set) var substitutions: [Unicode.Scalar: String] = [:]
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    let context: OpaquePointer
    /// The plain description of every font shaped with (see `ShapedText`).
    let faces = FontFaces()
    /// Chart labels measured so far (see `measure(_:size:bold:)`).
    var labelExtents: [LabelKey: TextExtent] = [:]

    /// Finds Fonts/: $CIVICBRIEF_FONTS, else ./Fonts, else Fonts/ next to the executable or
    /// in one of its parent folders (covers .build/debug and .build/release).
    public static func locateFonts(environment: [String: String] = ProcessInfo.processInfo.environment) throws(LayoutError) -> URL {
        let found = Locations.fonts(containing: requiredFiles, environment: environment)
        guard let dir = found.directory else { throw .fontsMissing(searched: found.searched) }
        return dir
    }

    /// Makes fontconfig's process-wide default configuration an empty one, once, before any
    /// thread touches fontconfig. Every environment brings its own configuration, so the system's
    /// (/etc/fonts, a few hundred installed fonts) is never needed — yet Pango and Cairo load it on
    /// first use, which costs ≈ 5 ms per process and lets system rules reach Cairo's font
    /// options. Also what makes concurrent first use safe: the default exists before workers start.
    public static func isolateFromSystemFonts() { _ = isolation }
    private static let isolation: Bool = {
        guard let empty = FcConfigCreate() else { return false }
        let installed = FcConfigSetCurrent(empty) != 0
        FcConfigDestroy(empty)  // the library keeps its own reference while it is current
        return installed
    }()

    public init(fontsDirectory: URL? = nil, language: String = "de-DE") throws(LayoutError) {
        FontEnvironment.isolateFromSystemFonts()
        let dir: URL
        if let fontsDirectory { dir = fontsDirectory } else { dir = try FontEnvironment.locateFonts() }
        for file in FontEnvironment.requiredFiles
        where !FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path) {
            throw .fontsMissing(searched: [dir.path])
        }
        directory = dir
        let config = try FontEnvironment.configuration(fonts: dir)
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            FcConfigDestroy(config)
            throw .fontSetupFailed("Pango has no fontconfig/FreeType font map")
        }
        pango_fc_font_map_set_config(OpaquePointer(map), config)  // the map takes its own reference
        FcConfigDestroy(config)
        fontMap = map
        guard let ctx = pango_font_map_create_context(map) else {
            g_object_unref(UnsafeMutableRawPointer(map))
            throw .fontSetupFailed("could not create a Pango context")
        }
        context = ctx
        pango_cairo_context_set_resolution(ctx, 72)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(ctx, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(ctx, 0)
        pango_context_set_language(ctx, pango_language_from_string(language.lowercased()))
        substitutions = try FontEnvironment.standIns(map: map, context: ctx, directory: dir)
    }

    /// A fontconfig configuration that knows only the files in `dir`: no system font directories,
    /// no substitution rules, no cache.
    private static func configuration(fonts dir: URL) throws(LayoutError) -> OpaquePointer {
        // An empty configuration: no system font directories, no substitution rules.
        guard let config = FcConfigCreate() else { throw .fontSetupFailed("FcConfigCreate failed") }
        // No f-ligatures: HarfBuzz forms them across the soft hyphens of the hyphenation, so the
        // PDF text of „Auffällige“ read „Auf\u{AD}fällige“ (and search failed); German typesetting
        // avoids ligatures across syllable and compound boundaries anyway. Set as a font property
        // (a global feature) rather than a Pango attribute: HarfBuzz does not cache shape plans
        // for features limited to a text range, and re-planning every cell cost a fifth of layout.
        let rules = "<fontconfig><match target=\"pattern\"><edit name=\"fontfeatures\" mode=\"append\">"
            + "<string>liga=0</string></edit></match></fontconfig>"
        guard FcConfigParseAndLoadFromMemory(config, rules, 1) != 0 else {
            FcConfigDestroy(config)
            throw .fontSetupFailed("fontconfig rejected the font feature rule")
        }
        // File by file rather than FcConfigAppFontAddDir: a directory would make fontconfig try
        // to write a cache, and this configuration deliberately has no cache directory.
        // Noto Sans Math only fills in what Noto Sans lacks — above all the minus sign U+2212, which
        // drawn as an en dash (the old stand-in) let a line break between „−“ and its number.
        for file in requiredFiles + fallbackFiles
        where requiredFiles.contains(file) || FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path) {
            let path = dir.appendingPathComponent(file).path
            guard FcConfigAppFontAddFile(config, path) != 0 else {
                FcConfigDestroy(config)
                throw .fontSetupFailed("fontconfig could not read \(path)")
            }
        }
        return config
    }

    /// Checks that the family resolves to the registered files, and finds the characters they lack
    /// with a covered stand-in of the same UTF-8 length (see `substitutions`).
    private static func standIns(map: UnsafeMutablePointer<PangoFontMap>, context ctx: OpaquePointer,
                                 directory dir: URL) throws(LayoutError) -> [Unicode.Scalar: String] {
        var found: [Unicode.Scalar: String] = [:]
        // Verify the family really resolves to the registered files.
        let desc = pango_font_description_from_string(family)
        defer { pango_font_description_free(desc) }
        guard let font = pango_font_map_load_font(map, ctx, desc) else {
            throw .fontSetupFailed("\(family) did not load from \(dir.path)")
        }
        let loaded = pango_font_describe(font)
        let familyName = pango_font_description_get_family(loaded).map { String(cString: $0) } ?? ""
        pango_font_description_free(loaded)
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        guard familyName == family else {
            throw .fontSetupFailed("expected \(family), fontconfig resolved \"\(familyName)\"")
        }
        if let coverage = pango_font_get_coverage(font, pango_language_from_string("de")) {
            func covered(_ s: Unicode.Scalar) -> Bool { pango_coverage_get(coverage, Int32(s.value)) != PANGO_COVERAGE_NONE }
            // Stand-ins have the same UTF-8 length, so the PDF can keep the original characters
            // as the text of the glyphs (see TextLayout.shaped).
            let candidates: [(Unicode.Scalar, String)] = [
                ("\u{2011}", "\u{2010}"), ("\u{2010}", "\u{2013}"),
                ("\u{202F}", "\u{2009}"), ("\u{2009}", "\u{2002}"), ("\u{2027}", "\u{2022}"),
            ]
            for (missing, standIn) in candidates
            where !covered(missing) && standIn.unicodeScalars.allSatisfy(covered)
                && String(missing).utf8.count == standIn.utf8.count {
                found[missing] = standIn
            }
            pango_coverage_unref(coverage)
        }
        return found
    }

    /// `text` with characters the fonts lack replaced by their stand-ins.
    public func substituteMissingCharacters(_ text: String) -> String {
        // Every stand-in is for a character from U+2000…U+2FFF, whose UTF-8 starts with 0xE2.
        guard !substitutions.isEmpty, text.utf8.contains(0xE2),
              text.unicodeScalars.contains(where: { substitutions[$0] != nil }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if let standIn = substitutions[scalar] { out += standIn } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(UnsafeMutableRawPointer(fontMap))
    }
}
