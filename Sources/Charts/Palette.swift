import Document
import Foundation

/// Colours. Series follow the Okabe–Ito order without yellow, darkened where the original is
/// below 3:1 against white (orange, sky blue), so every line and marker reaches WCAG 1.4.11.
public enum Palette {
    public static let background = Color.white
    public static let text = Color(hex: "#1a1a1a")!
    public static let mutedText = Color(hex: "#4a4a4a")!
    public static let grid = Color(hex: "#d9d9d9")!        // decorative guide, not information
    public static let axis = Color(hex: "#595959")!
    public static let city = Color(hex: "#1a1a1a")!
    public static let series: [Color] = ["#B07800", "#2D87C0", "#009E73", "#0072B2", "#D55E00", "#CC79A7"]
        .map { Color(hex: $0)! }
    /// Bars: the focus area darker than the rest, and named in bold as well.
    public static let bar = Color(hex: "#4292c6")!
    public static let focusBar = Color(hex: "#08306b")!
    /// Sequential classes for maps, light to dark; text on each uses `classText`.
    public static let classes: [Color] = ["#deebf7", "#9ecae1", "#4292c6", "#084594"].map { Color(hex: $0)! }
    public static func classText(_ fill: Color) -> Color {
        text.contrastRatio(against: fill) >= 4.5 ? text : .white
    }
    /// Outline of map areas: carries the 3:1 boundary that light class fills alone would not.
    public static let outline = Color(hex: "#4a4a4a")!

    /// Every (text, background) pair charts draw, for the 4.5:1 check.
    public static var textPairs: [(Color, Color)] {
        [(text, background), (mutedText, background), (axis, background)] + classes.map { (classText($0), $0) }
    }
    /// Every colour that carries information as a graphic, for the 3:1 check against white.
    public static var graphics: [Color] { series + [city, bar, focusBar, axis, outline] }
}
