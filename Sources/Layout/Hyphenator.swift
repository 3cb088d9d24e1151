import CHyphen
import Foundation

/// Inserts soft hyphens (U+00AD) into long words using libhyphen's TeX patterns. Pango 1.50
/// breaks lines at soft hyphens and shows a hyphen there, so this gives German text proper
/// hyphenation. The Debian dictionaries are ISO 8859-1, so words are converted to Latin-1;
/// a word with other characters is left alone.
///
/// Thread-safe: one loaded dictionary serves every document of a process (see `shared`).
public final class Hyphenator: @unchecked Sendable {
    private let dict: UnsafeMutablePointer<HyphenDict>
    public static let softHyphen: Character = "\u{00AD}"
    /// Words shorter than this are never hyphenated.
    public let minimumWordLength = 7
    /// Guards the word cache and libhyphen, which makes no promise about concurrent calls.
    private let lock = NSLock()
    private var cache: [String: String] = [:]

    /// A dictionary being loaded or loaded once for the whole process.
    private final class Slot: @unchecked Sendable {
        let condition = NSCondition()
        var done = false
        var value: Hyphenator?
    }
    private static let slotsLock = NSLock()
    nonisolated(unsafe) private static var slots: [String: Slot] = [:]

    private static func slot(_ primary: String, _ directory: String) -> (Slot, isNew: Bool) {
        slotsLock.lock(); defer { slotsLock.unlock() }
        let key = directory + "|" + primary
        if let slot = slots[key] { return (slot, false) }
        let slot = Slot()
        slots[key] = slot
        return (slot, true)
    }

    private static func load(_ slot: Slot, _ primary: String, _ directory: String) {
        let value = forLanguage(primary, directory: directory)
        slot.condition.lock()
        slot.value = value
        slot.done = true
        slot.condition.broadcast()
        slot.condition.unlock()
    }

    /// The process-wide dictionary for a language, loaded on first use (≈ 15 ms: libhyphen parses
    /// the patterns), or waited for when `preload` is already loading it.
    public static func shared(_ primary: String, directory: String = defaultDirectory) -> Hyphenator? {
        let (slot, isNew) = slot(primary, directory)
        if isNew { load(slot, primary, directory) }
        slot.condition.lock(); defer { slot.condition.unlock() }
        while !slot.done { slot.condition.wait() }
        return slot.value
    }

    /// Starts loading a language's dictionary on a background thread, so the load overlaps with
    /// start-up, data queries and template work instead of delaying the first paragraph.
    public static func preload(_ primary: String, directory: String = defaultDirectory) {
        let (slot, isNew) = slot(primary, directory)
        guard isNew else { return }
        Thread.detachNewThread { load(slot, primary, directory) }
    }

    public static var defaultDirectory: String {
        ProcessInfo.processInfo.environment["CIVICBRIEF_HYPHEN_DIR"] ?? "/usr/share/hyphen"
    }

    /// The dictionary for a language ("de" → hyph_de_DE.dic), or nil when none is installed.
    public static func forLanguage(_ primary: String,
                                   directory: String = defaultDirectory) -> Hyphenator? {
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
        bytes = [UInt8](data)
        let marker = Array("\nNEXTLEVEL\n".utf8)
        let found: Int? = bytes.withUnsafeBufferPointer { b in
            guard b.count >= marker.count else { return nil }
            var i = 0
            while i <= b.count - marker.count {
                if b[i] == 10 && b[i + 1] == marker[1] {
                    var j = 2
                    while j < marker.count && b[i + j] == marker[j] { j += 1 }
                    if j == marker.count { return i }
                }
                i += 1
            }
            return nil
        }
        if let found, let firstNewline = bytes.firstIndex(of: 10) {
            bytes = Array(bytes[...firstNewline]) + Array(bytes[(found + marker.count)...])
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
        var out = String.UnicodeScalarView()
        var word: [Unicode.Scalar] = []
        func flush() {
            if word.count >= minimumWordLength {
                // Documents repeat their words a lot; the pattern lookup is the costly part.
                var key = String.UnicodeScalarView()
                key.append(contentsOf: word)
                let cacheKey = String(key)
                lock.lock()
                if let cached = cache[cacheKey] {
                    out.append(contentsOf: cached.unicodeScalars)
                } else {
                    var result = String.UnicodeScalarView()
                    hyphenateWord(word, into: &result)
                    cache[cacheKey] = String(result)
                    out.append(contentsOf: result)
                }
                lock.unlock()
            } else {
                out.append(contentsOf: word)
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let isLetter = (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
                || (v >= 0xC0 && scalar.properties.isAlphabetic)
            if isLetter { word.append(scalar) } else { flush(); out.append(scalar) }
        }
        flush()
        return String(out)
    }

    public func hyphenateWord(_ word: String) -> String {
        var out = String.UnicodeScalarView()
        lock.lock(); defer { lock.unlock() }
        hyphenateWord(Array(word.unicodeScalars), into: &out)
        return String(out)
    }

    private func hyphenateWord(_ word: [Unicode.Scalar], into out: inout String.UnicodeScalarView) {
        var latin1: [CChar] = []
        latin1.reserveCapacity(word.count)
        for scalar in word {
            var v = scalar.value
            if v >= 0x41 && v <= 0x5A {
                v += 32
            } else if v >= 0x80 {
                // Latin-1 upper case letters (Ä, Ö, Ü …) to lower case; anything beyond Latin-1
                // cannot be looked up in the ISO 8859-1 dictionary.
                let lower = scalar.properties.lowercaseMapping.unicodeScalars
                guard lower.count == 1, let l = lower.first, l.value < 256 else { out.append(contentsOf: word); return }
                v = l.value
            }
            latin1.append(CChar(bitPattern: UInt8(v)))
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
        guard status == 0 else { out.append(contentsOf: word); return }
        for (i, scalar) in word.enumerated() {
            out.append(scalar)
            if i < word.count - 1, hyphens[i] & 1 == 1 { out.append("\u{00AD}") }
        }
    }
}
