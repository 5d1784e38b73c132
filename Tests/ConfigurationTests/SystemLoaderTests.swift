import Configuration
import Foundation
import Testing

/// The real file system, in a temporary folder of the test's own.
@Suite struct SystemLoaderTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "wxhook-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
    }

    @Test func readsAFileAndChecksTheRulesFolder() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/wxhook.json"
        try Data(#"{"rules": "\#(folder)/rules", "database": "x.sqlite"}"#.utf8).write(to: URL(fileURLWithPath: path))
        let loader = ConfigurationLoader.system(environment: [:])
        let configuration = try loader.load(ConfigurationOverrides(configPath: path))
        #expect(configuration.databasePath == "x.sqlite")
        #expect(configuration.rulesPath == folder + "/rules")
        #expect(throws: ConfigurationError.self) {
            try loader.load(ConfigurationOverrides(configPath: path, rulesPath: folder + "/wxhook.json"))
        }
    }

    @Test func reportsWhyAFileCannotBeRead() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: FileReadError(kind: .notFound, reason: "No such file or directory")) {
            try ConfigurationLoader.readWholeFile(folder + "/missing.json")
        }
        #expect {
            try ConfigurationLoader.readWholeFile(folder + "/rules")
        } throws: { error in
            (error as? FileReadError)?.kind == .unreadable
        }
        #expect(ConfigurationLoader.isDirectory(folder + "/rules"))
        #expect(!ConfigurationLoader.isDirectory(folder + "/missing"))
    }
}
