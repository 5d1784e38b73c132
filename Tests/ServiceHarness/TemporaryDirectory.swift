import Foundation

/// A fresh folder under the system temp dir, removed by `remove()`: one per test, so tests that
/// run at once never share a database, a rules folder or a config file.
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(_ label: String = "wxhook") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> String { path + "/" + name }

    package func remove() { try? FileManager.default.removeItem(atPath: path) }
}
