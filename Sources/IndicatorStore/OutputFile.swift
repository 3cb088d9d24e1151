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

    public var description: String { "\(quotedPath(path)): \(problem) — \(fix)" }

    /// What an `errno` from creating, writing or renaming `path` means to the person who gave it.
    static func from(errno code: Int32, path: String, folder: String) -> OutputError {
        switch code {
        case EACCES, EPERM:
            return OutputError(path: path, problem: "no permission to write in the folder \(quotedPath(folder))",
                               fix: "choose a folder you may write to, or ask for write permission")
        case EROFS:
            return OutputError(path: path, problem: "the folder \(quotedPath(folder)) is on a read-only file system",
                               fix: "choose a folder on a writable disk")
        case ENOSPC, EDQUOT:
            return OutputError(path: path, problem: "the disk is full (nothing was written)",
                               fix: "free some space or choose another disk")
        case ENAMETOOLONG:
            return OutputError(path: path, problem: "the file name or path is too long for the file system",
                               fix: "choose a shorter name (at most 255 bytes per name)")
        case EISDIR:
            return OutputError(path: path, problem: "this is a folder, not a file",
                               fix: "give a file name, e.g. \(quotedPath((path as NSString).appendingPathComponent("export.csv")))")
        case ENOTDIR:
            return OutputError(path: path, problem: "a part of the path is a file, not a folder",
                               fix: "check the folders in the path")
        case ENOENT:
            return OutputError(path: path, problem: "the folder \(quotedPath(folder)) does not exist and cannot be created",
                               fix: "check the path")
        default:
            return OutputError(path: path, problem: "cannot write the file (\(String(cString: strerror(code))))",
                               fix: "check the path, the folder's permissions and the free space")
        }
    }
}

extension OutputError {
    /// `AtomicFile.checkDestination`, for modules where `IndicatorStore.AtomicFile` would name the class.
    public static func check(destination path: String) throws(OutputError) {
        try AtomicFile.checkDestination(path)
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
            let what = folder == path ? "this is a file, not a folder" : "\(quotedPath(folder)) is a file, not a folder"
            return OutputError(path: path, problem: what, fix: "give a path whose folders are folders")
        case EACCES?, EPERM?, EROFS?, ENOSPC?, EDQUOT?, ENAMETOOLONG?, EISDIR?, ENOTDIR?, ENOENT?:
            return from(errno: code!, path: path, folder: folder)
        default:
            return nil
        }
    }
}

/// A path as messages show it: as given, but at most 120 characters (a 300-character name is cut in the
/// middle) and with control characters escaped.
func quotedPath(_ path: String) -> String {
    let shown = path.count <= 120 ? path : String(path.prefix(60)) + "…" + String(path.suffix(59))
    let q = quoted(shown, limit: 121)
    return String(q.dropFirst().dropLast())
}

/// Writes a file atomically: a temporary file in the same folder, then rename(2), so a reader sees the
/// old file or the new one, never half of it. On any failure the temporary file is removed and nothing
/// else changes; temporary files a killed run left behind are removed by the next write to the folder.
public enum AtomicFile {
    /// Temporary files are `.civicbrief-PID-RANDOM.tmp`: short, so a long target name still fits.
    static let temporaryPrefix = ".civicbrief-"

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws {
        try checkDestination(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        removeLeftovers(in: folder)

        let temporary = (folder as NSString).appendingPathComponent(
            "\(temporaryPrefix)\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16)).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError.from(errno: errno, path: path, folder: folder) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
            if fsync(fd) != 0 { failure = errno }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw OutputError.from(errno: failure, path: path, folder: folder)
        }
    }

    /// Checks what can be checked before writing `path` — a file name, not a folder, inside folders that
    /// are folders (created here when missing), a name file systems accept, a writable file system — so
    /// every writer reports these the same way.
    public static func checkDestination(_ path: String) throws(OutputError) {
        guard !path.isEmpty else {
            throw OutputError(path: path, problem: "the file name is empty", fix: "give a file name")
        }
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let folder = url.deletingLastPathComponent().path
        if name.utf8.count > 255 {
            throw OutputError(path: path, problem: "the file name is \(name.utf8.count) bytes long; file systems allow at most 255",
                              fix: "choose a shorter name")
        }
        var isFolder: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue) {
            throw OutputError.from(errno: EISDIR, path: path, folder: folder)
        }
        try makeFolder(folder, for: path)
        var fileSystem = statvfs()
        if statvfs(folder, &fileSystem) == 0, fileSystem.f_flag & UInt(ST_RDONLY) != 0 {
            throw OutputError.from(errno: EROFS, path: path, folder: folder)
        }
    }

    /// Creates `folder` (and its parents) if needed, failing with a message that names the culprit.
    private static func makeFolder(_ folder: String, for path: String) throws(OutputError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw OutputError(path: path, problem: "\(quotedPath(folder)) is a file, not a folder",
                                  fix: "give a path whose folders are folders")
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if parent != folder && !parent.isEmpty { try makeFolder(parent, for: path) }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw OutputError.from(errno: errno, path: path, folder: folder)
        }
    }

    /// Removes temporary files of processes that no longer run (killed during a write).
    static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(".tmp") {
            let pidText = name.dropFirst(temporaryPrefix.count).prefix { $0 != "-" }
            guard let pid = pid_t(pidText), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
    }
}
