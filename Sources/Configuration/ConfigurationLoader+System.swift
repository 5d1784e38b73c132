import Foundation
import Platform

extension ConfigurationLoader {
    /// A loader over the real file system and the process's environment (or `environment`).
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigurationLoader {
        ConfigurationLoader(environment: environment, readFile: readWholeFile, directoryExists: isDirectory)
    }

    /// The whole file; errno turned into a reason a user can act on.
    @Sendable public static func readWholeFile(_ path: String) throws(FileReadError) -> [UInt8] {
        do {
            return try FileSystem.readWholeFile(path)
        } catch {
            throw FileReadError(kind: error.isNotFound ? .notFound : .unreadable, reason: error.reason)
        }
    }

    /// Whether `path` is a folder (following symbolic links).
    @Sendable public static func isDirectory(_ path: String) -> Bool {
        FileSystem.isDirectory(path)
    }
}
