import Foundation
import Rules

/// The rules folder on disk: its `*.json` files, read whole, in name order; and a fingerprint
/// (names, sizes, modification times) that tells when a file changed.
public struct RuleFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The names of the folder's JSON files, sorted; none for a missing folder.
    func jsonFileNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Loads the folder as a rule set; problems name each file by its path (`Rules/shop.json:12: …`).
    /// A `forward` must name one of `subscriptions` (nil: not checked).
    public func load(subscriptions: Set<String>? = nil) -> Result<RuleSet, RuleLoadErrors> {
        var files: [(name: String, bytes: [UInt8])] = []
        var unreadable: [RuleLoadError] = []
        for name in jsonFileNames() {
            let filePath = (path as NSString).appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: filePath) {
                files.append((filePath, [UInt8](data)))
            } else {
                unreadable.append(RuleLoadError(file: filePath, line: 1, message: "cannot read the file"))
            }
        }
        guard unreadable.isEmpty else { return .failure(RuleLoadErrors(unreadable)) }
        return RuleSetLoader.load(files: files, subscriptions: subscriptions)
    }

    /// Changes whenever a JSON file is added, removed, resized or rewritten.
    func fingerprint() -> [String] {
        jsonFileNames().map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: (path as NSString).appendingPathComponent(name))
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(name)|\(size)|\(modified)"
        }
    }
}
