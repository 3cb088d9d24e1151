import Foundation

/// The time recorded in import batches: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
public enum ImportClock {
    public static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let seconds: Double
        if let epoch = environment["SOURCE_DATE_EPOCH"], let s = Double(epoch) {
            seconds = s
        } else {
            seconds = Date().timeIntervalSince1970.rounded(.down)
        }
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: seconds))
    }
}
