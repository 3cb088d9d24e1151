import Foundation

// Where a run or a render writes: a pattern from the manifest (the author's folders and literal text)
// with values from the store and the templates put in. Values are data, not paths: each becomes one
// escaped file-name component, and every finished path is checked to stay inside the output folder
// (after symbolic links of the folders on the way are resolved) before anything is written.

public enum OutputPath {
    /// A substituted value as one file-name component. Letters, digits, `-`, `_` and `.` stay (a
    /// leading `.` does not: it would hide the file, and `..` would climb); every other character —
    /// `/`, `\`, spaces, controls, `%` itself — becomes `%XX` per UTF-8 byte, so two different values
    /// never give the same name and the original can be read back.
    public static func escape(_ value: String) -> String {
        var out = ""
        for (i, scalar) in value.precomposedStringWithCanonicalMapping.unicodeScalars.enumerated() {
            let keep = scalar == "-" || scalar == "_" || (scalar == "." && i > 0)
                || (scalar.properties.isAlphabetic && scalar.value > 0x7F) || (scalar.isASCII && isASCIIAlphanumeric(scalar))
            if keep {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out.isEmpty ? "%00" : out
    }

    private static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    /// `pattern` with each `{name}` replaced by the escaped value; the pattern's own text (its folders)
    /// is kept as written (the manifest reader has refused `..`, absolute paths and unknown names).
    public static func fill(_ pattern: String, _ values: [String: String]) -> String {
        var out = "", rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name].map(escape) ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Why `relative` may not be written below `folder`, or nil when it may: it must be relative, have
    /// no empty, `.` or `..` component, no component longer than 255 bytes (the file systems' limit), and
    /// resolve — through any symbolic links among the folders that exist already — to a place inside
    /// `folder`.
    public static func problem(_ relative: String, inside folder: URL) -> String? {
        if relative.hasPrefix("/") { return "\"\(relative)\" is an absolute path — output names are relative to the output folder" }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            if part.isEmpty || part == "." || part == ".." {
                return "\"\(relative)\" has an empty, \".\" or \"..\" part — it would not stay inside the output folder"
            }
            if part.utf8.count > 255 {
                return "\"\(part.prefix(40))…\" is \(part.utf8.count) bytes long, more than the 255 a file name may have — shorten the pattern or the values"
            }
        }
        let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
        var resolved = URL(fileURLWithPath: root)
        for part in parts {
            resolved = resolved.appendingPathComponent(String(part))
            // Existing parts may be links; a link that leads out of the folder is refused.
            let real = resolved.resolvingSymlinksInPath().path
            guard real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                return "\"\(relative)\" leads outside the output folder \(root) (through a symbolic link) — remove the link or choose another folder"
            }
            resolved = URL(fileURLWithPath: real)
        }
        return nil
    }

    /// Pairs of outputs that would overwrite each other: the same path, or one output's path a folder
    /// of another's. `outputs` are (who, relative path); returns human-readable conflicts, in order.
    public static func collisions(_ outputs: [(who: String, path: String)]) -> [String] {
        var byPath: [String: String] = [:]
        var conflicts: [String] = []
        for (who, path) in outputs {
            if let other = byPath[path] {
                conflicts.append("\(other) and \(who) would both be written to \(path)")
            } else {
                byPath[path] = who
            }
        }
        for (who, path) in outputs {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            for n in stride(from: parts.count - 1, to: 0, by: -1) {
                let folder = parts[..<n].joined(separator: "/")
                if let other = byPath[folder] {
                    conflicts.append("\(who) would be written into \(folder)/, which is the file of \(other)")
                }
            }
        }
        return conflicts
    }
}
