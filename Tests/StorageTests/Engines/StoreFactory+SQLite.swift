import Foundation
import Storage

extension StoreFactory {
    /// A SQLite file in a fresh temp folder.
    static let sqlite = StoreFactory(description: "SQLite") {
        let folder = NSTemporaryDirectory() + "wxhook-storage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/store.sqlite"
        return StorePlace(
            open: { policy, dedupeWindow, forwarding in
                try SQLiteStore.open(path: path, policy: policy, dedupeWindow: dedupeWindow, forwarding: forwarding)
            },
            remove: { try? FileManager.default.removeItem(atPath: folder) })
    }
}
