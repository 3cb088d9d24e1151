import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file atomically: a temporary file in the same folder, written, flushed to disk (fsync),
/// then renamed over the target (rename(2)) and the folder flushed, so a reader sees the old file or
/// the new one, never half of it, and a power cut after the write keeps the new one. On any failure
/// the temporary file is removed and nothing else changes; temporary files a killed process left
/// behind are removed by the next write into the folder. Every command that writes a file goes
/// through here, so every one reports a bad path, a missing permission or a full disk the same way.
public enum AtomicFile {
    /// Temporary files are `.civicbrief-PID-RANDOM.tmp`: short, so a long target name still fits.
    static let temporaryPrefix = ".civicbrief-"

    public static func write(_ text: String, to path: String) throws(OutputError) {
        try write(Array(text.utf8), to: path)
    }

    public static func write(_ bytes: [UInt8], to url: URL) throws(OutputError) {
        try write(bytes, to: url.standardizedFileURL.path)
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
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
        // The rename is durable only once the folder's entry is on disk too.
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
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
                throw OutputError(path: path, problem: "\(displayedPath(folder)) is a file, not a folder",
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

    /// Removes the temporary files in `folder` whose writing process no longer runs (killed during a
    /// write): this writer's `.civicbrief-PID-RANDOM.tmp`, and `.NAME.tmp-PID-HEX` as the finishing
    /// module's writer named them before there was one writer. Other hidden files are left alone.
    public static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let pid = writerPID(ofTemporary: name), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// `removeLeftovers` in `folder` and every folder below it (a publish run's output tree).
    public static func removeLeftovers(below folder: URL) {
        var folders = [folder.path]
        for relative in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { folders.append(path) }
        }
        for f in folders { removeLeftovers(in: f) }
    }

    /// The PID in a temporary file's name (`.civicbrief-PID-RANDOM.tmp` or `.NAME.tmp-PID-HEX`), or nil
    /// for any other name.
    static func writerPID(ofTemporary name: String) -> pid_t? {
        if name.hasPrefix(temporaryPrefix) && name.hasSuffix(".tmp") {
            return pid_t(name.dropFirst(temporaryPrefix.count).prefix { $0 != "-" })
        }
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), !parts[1].isEmpty, parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return pid
    }
}
