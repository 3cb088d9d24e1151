import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file CivicBrief cannot write, said the way its user can fix it (exit code 2, README "Exit codes").
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var fix: String

    public init(path: String, problem: String, fix: String) {
        self.path = path; self.problem = problem; self.fix = fix
    }

    public var description: String { "\(displayedPath(path)): \(problem) — \(fix)" }

    /// What an `errno` from creating, writing or renaming `path` means to the person who gave it.
    static func from(errno code: Int32, path: String, folder: String) -> OutputError {
        switch code {
        case EACCES, EPERM:
            return OutputError(path: path, problem: "no permission to write in the folder \(displayedPath(folder))",
                               fix: "choose a folder you may write to, or ask for write permission")
        case EROFS:
            return OutputError(path: path, problem: "the folder \(displayedPath(folder)) is on a read-only file system",
                               fix: "choose a folder on a writable disk")
        case ENOSPC, EDQUOT:
            return OutputError(path: path, problem: "the disk is full (nothing was written)",
                               fix: "free some space or choose another disk")
        case ENAMETOOLONG:
            return OutputError(path: path, problem: "the file name or path is too long for the file system",
                               fix: "choose a shorter name (at most 255 bytes per name)")
        case EISDIR:
            return OutputError(path: path, problem: "this is a folder, not a file",
                               fix: "give a file name, e.g. \(displayedPath((path as NSString).appendingPathComponent("export.csv")))")
        case ENOTDIR:
            return OutputError(path: path, problem: "a part of the path is a file, not a folder",
                               fix: "check the folders in the path")
        case ENOENT:
            return OutputError(path: path, problem: "the folder \(displayedPath(folder)) does not exist and cannot be created",
                               fix: "check the path")
        default:
            return OutputError(path: path, problem: "cannot write the file (\(String(cString: strerror(code))))",
                               fix: "check the path, the folder's permissions and the free space")
        }
    }

    /// The user's side of a file error thrown by Foundation or POSIX while writing under `path` (a
    /// folder that is a file, a missing permission, a full or read-only disk, a name too long), or nil
    /// when the error is something else — for callers that write with other APIs.
    public static func classify(_ error: Error, path: String) -> OutputError? {
        if let e = error as? OutputError { return e }
        let ns = error as NSError
        var code: Int32?
        if ns.domain == NSPOSIXErrorDomain { code = Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey].flatMap({ ($0 as? NSError) ?? ($0 as? Error).map { $0 as NSError } }),
           underlying.domain == NSPOSIXErrorDomain {
            code = Int32(underlying.code)
        }
        if code == nil, ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case CocoaError.fileWriteFileExists.rawValue: code = EEXIST
            case CocoaError.fileWriteNoPermission.rawValue: code = EACCES
            case CocoaError.fileWriteOutOfSpace.rawValue: code = ENOSPC
            case CocoaError.fileWriteVolumeReadOnly.rawValue: code = EROFS
            default: break
            }
        }
        let folder = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (path as NSString).deletingLastPathComponent
        switch code {
        case EEXIST?:
            // Creating a folder where a file is.
            let what = folder == path ? "this is a file, not a folder" : "\(displayedPath(folder)) is a file, not a folder"
            return OutputError(path: path, problem: what, fix: "give a path whose folders are folders")
        case EACCES?, EPERM?, EROFS?, ENOSPC?, EDQUOT?, ENAMETOOLONG?, EISDIR?, ENOTDIR?, ENOENT?:
            return from(errno: code!, path: path, folder: folder)
        default:
            return nil
        }
    }
}

/// A path as messages show it: as given, but at most 120 characters (a 300-character name is cut in the
/// middle) and with control and formatting characters (line breaks, bidirectional overrides) shown as
/// `U+XXXX`, so a hostile file name cannot rearrange or split the message.
public func displayedPath(_ path: String) -> String {
    let shown = path.count <= 120 ? path : String(path.prefix(60)) + "…" + String(path.suffix(59))
    var out = ""
    for ch in shown {
        if let bad = ch.unicodeScalars.first(where: isHiddenInMessages) {
            let hex = String(bad.value, radix: 16, uppercase: true)
            out += "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
            out.append(ch)
        }
    }
    return out
}

/// Control characters, formatting characters (bidirectional controls among them), line and paragraph
/// separators and noncharacters: what a terminal or a log would not show as the character it is.
private func isHiddenInMessages(_ u: Unicode.Scalar) -> Bool {
    switch u.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator: return true
    default: return u.properties.isNoncharacterCodePoint
    }
}
