import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Atomic file replacement: temp file in the destination folder → write → fsync → rename. On any
/// error the temp file is removed; one left by a process killed mid-write (`.NAME.tmp-PID-HEX`) is
/// removed by the next write into the same folder once that process is gone.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let destination = url.standardizedFileURL
        let path = destination.path
        let folder = destination.deletingLastPathComponent().path
        removeAbandonedTemporaries(in: folder)
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = folder + "/." + destination.lastPathComponent + ".tmp-\(getpid())-\(suffix)"

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AccessibilityError.writeFailed(path: path, lastError()) }
        var finished = false
        defer {
            if !finished {
                close(fd)
                unlink(temporary)
            }
        }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw AccessibilityError.writeFailed(path: path, lastError())
            }
            written += result
        }
        guard fsync(fd) == 0 else { throw AccessibilityError.writeFailed(path: path, lastError()) }
        finished = true
        guard close(fd) == 0 else {
            let message = lastError()
            unlink(temporary)
            throw AccessibilityError.writeFailed(path: path, message)
        }
        guard rename(temporary, path) == 0 else {
            let message = lastError()
            unlink(temporary)
            throw AccessibilityError.writeFailed(path: path, message)
        }
        // Make the rename itself durable.
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }

    /// Removes the temporary files in `folder` whose writing process no longer exists.
    static func removeAbandonedTemporaries(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") {
            guard let pid = writerPID(ofTemporary: name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }

    /// The PID in `.NAME.tmp-PID-HEX`, or nil for any other name.
    static func writerPID(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, !parts[1].isEmpty,
              parts[1].allSatisfy({ $0.isHexDigit }) else { return nil }
        return pid
    }
}
