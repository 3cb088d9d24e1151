import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Atomic file replacement: temp file in the destination folder → write → fsync → rename.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        let destination = url.standardizedFileURL
        let path = destination.path
        let folder = destination.deletingLastPathComponent().path
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
}
