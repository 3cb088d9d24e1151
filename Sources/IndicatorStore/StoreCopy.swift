import Foundation
import GRDB

extension IndicatorStore {
    /// A consistent copy of the store as it is now, in a new file (SQLite's online backup), so a change
    /// can be tried without touching the store — `publish --dry-run` computes a stale social index there.
    public func copy(to path: String) throws {
        do {
            let destination = try DatabaseQueue(path: path)
            try reader.backup(to: destination)
            try destination.close()
        } catch let error as DatabaseError {
            throw StoreError.database(error.message ?? "\(error)")
        }
    }
}
