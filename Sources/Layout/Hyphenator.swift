import CHyphen
import Foundation

/// Inserts soft hyphens (U+00AD) into long words using libhyphen's TeX patterns. Pango 1.50
/// breaks lines at soft hyphens and shows a hyphen there, so this gives German text proper
/// hyphenation. The Debian dictionaries are ISO 8859-1, so words are converted to Latin-1;
/// a word with other characters is left alone.
public final class Hyphenator {
    private let dict: UnsafeMutablePointer<HyphenDict>
    public static let softHyphen: Character = "\u{00AD}"
    /// Words shorter than this are never hyphenated.
    public var minimumWordLength = 7

    /// The dictionary for a language ("de" → hyph_de_DE.dic), or nil when none is installed.
    public static func forLanguage(_ primary: String,
                                   directory: String = ProcessInfo.processInfo.environment["CIVICBRIEF_HYPHEN_DIR"] ?? "/usr/share/hyphen") -> Hyphenator? {
        let names: [String]
        switch primary {
        case "de": names = ["hyph_de_DE.dic", "hyph_de.dic"]
        case "en": names = ["hyph_en_GB.dic", "hyph_en_US.dic"]
        default: names = []
        }
        for name in names {
            let path = directory + "/" + name
            if FileManager.default.fileExists(atPath: path), let h = Hyphenator(path: path) { return h }
        }
        return nil
    }

    /// Loads a libhyphen dictionary. Debian's German dictionary has two levels: a list of
    /// 69,000 compounds (first level) and the TeX patterns of dehyphn.tex (after NEXTLEVEL).
    /// libhyphen needs 2.6 s to load the compound level, far beyond the render budget, so only
    /// the pattern level is loaded (10 ms); compounds are still hyphenated by the patterns.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var bytes: [UInt8]
        if let level = data.range(of: Data("\nNEXTLEVEL\n".utf8)), let firstNewline = data.firstIndex(of: 10) {
            bytes = [UInt8](data[...firstNewline]) + [UInt8](data[level.upperBound...])
        } else {
            bytes = [UInt8](data)
        }
        let loaded: UnsafeMutablePointer<HyphenDict>? = bytes.withUnsafeMutableBytes { buffer in
            guard let file = fmemopen(buffer.baseAddress, buffer.count, "r") else { return nil }
            defer { fclose(file) }
            return hnj_hyphen_load_file(file)
        }
        guard let loaded else { return nil }
        dict = loaded
    }

    deinit { hnj_hyphen_free(dict) }

    /// `text` with soft hyphens at the permitted break points of every long word.
    public func hyphenate(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var word = ""
        func flush() {
            if word.count >= minimumWordLength { out += hyphenateWord(word) } else { out += word }
            word = ""
        }
        for ch in text {
            if ch.isLetter { word.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    func hyphenateWord(_ word: String) -> String {
        let chars = Array(word)
        var latin1: [CChar] = []
        latin1.reserveCapacity(chars.count)
        for ch in chars {
            let lower = ch.lowercased()
            guard lower.unicodeScalars.count == 1, let scalar = lower.unicodeScalars.first, scalar.value < 256 else {
                return word
            }
            latin1.append(CChar(bitPattern: UInt8(scalar.value)))
        }
        var hyphens = [CChar](repeating: 0, count: latin1.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var pos: UnsafeMutablePointer<Int32>? = nil
        var cut: UnsafeMutablePointer<Int32>? = nil
        let status = hnj_hyphen_hyphenate3(dict, latin1, Int32(latin1.count), &hyphens, nil,
                                           &rep, &pos, &cut, 3, 3, 3, 3)
        // Non-standard hyphenation (rep/pos/cut) is not used by the German patterns; free it.
        if let rep {
            for i in 0..<latin1.count { free(rep[i]) }
            free(rep)
        }
        free(pos)
        free(cut)
        guard status == 0 else { return word }
        var result = ""
        for (i, ch) in chars.enumerated() {
            result.append(ch)
            if i < chars.count - 1, hyphens[i] & 1 == 1 { result.append(Hyphenator.softHyphen) }
        }
        return result
    }
}
