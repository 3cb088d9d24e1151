import Foundation

/// The sRGB ICC profile of the PDF/A output intent. It comes from Debian (package icc-profiles-free,
/// installed by `make deps`), not from the repository: `$CIVICBRIEF_ICC_PROFILE` if set, else the
/// first of `searchPaths` that exists. Read and checked once per process.
public struct ColorProfile: Sendable, Equatable {
    public var path: String
    public var bytes: [UInt8]

    /// icc-profiles-free's sRGB (ICC v2, 7 KB), then colord-data's (ICC v4).
    public static let searchPaths = ["/usr/share/color/icc/sRGB.icc", "/usr/share/color/icc/colord/sRGB.icc"]

    /// The process's profile, or why there is none.
    public static func shared() throws(AccessibilityError) -> ColorProfile {
        switch cached {
        case .success(let profile): return profile
        case .failure(let error): throw error
        }
    }

    private static let cached: Result<ColorProfile, AccessibilityError> = {
        do throws(AccessibilityError) {
            return .success(try load(environment: ProcessInfo.processInfo.environment))
        } catch {
            return .failure(error)
        }
    }()

    static func load(environment: [String: String]) throws(AccessibilityError) -> ColorProfile {
        let given = environment["CIVICBRIEF_ICC_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let candidates = given.map { [$0] } ?? searchPaths
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            if let given {
                throw .colorProfile("\(given) (CIVICBRIEF_ICC_PROFILE) does not exist — give the path of an sRGB ICC profile, or unset it")
            }
            throw .colorProfile("no sRGB ICC profile found at \(searchPaths.joined(separator: " or ")) — install Debian's icc-profiles-free (`make deps` does), or set CIVICBRIEF_ICC_PROFILE")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .colorProfile("\(path): cannot read the ICC profile — check its permissions")
        }
        let profile = ColorProfile(path: path, bytes: Array(data))
        if let problem = profile.problem { throw .colorProfile("\(path): \(problem) — PDF/A needs an RGB display or output profile such as sRGB") }
        return profile
    }

    /// Why the bytes cannot serve as an RGB output intent (ICC.1 header: size, `acsp`, colour space, class).
    var problem: String? {
        guard bytes.count >= 132 else { return "not an ICC profile (shorter than its 128-byte header)" }
        func tag(_ offset: Int) -> String { String(decoding: bytes[offset..<offset + 4], as: UTF8.self) }
        let declared = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard tag(36) == "acsp", declared == bytes.count else { return "not an ICC profile" }
        guard tag(16) == "RGB " else { return "an ICC profile for \(tag(16).trimmingCharacters(in: .whitespaces)), not RGB" }
        guard ["mntr", "prtr"].contains(tag(12)) else { return "an ICC profile of class \(tag(12)), not a display or output profile" }
        // Its compressed stream would end in CR, which checkers misread (see `StreamEndings`).
        guard StreamEndings.lastCompressedByte(bytes) != StreamEndings.carriageReturn else {
            return "a profile whose compressed data ends in a carriage return, which PDF/A checkers misread as a line end; use another sRGB profile"
        }
        return nil
    }
}
