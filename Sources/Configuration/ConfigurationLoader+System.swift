import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ConfigurationLoader {
    /// A loader over the real file system and the process's environment (or `environment`).
    public static func system(environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigurationLoader {
        ConfigurationLoader(environment: environment, readFile: readWholeFile, directoryExists: isDirectory)
    }

    /// The whole file; errno turned into a reason a user can act on.
    @Sendable public static func readWholeFile(_ path: String) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Whether `path` is a folder (following symbolic links).
    @Sendable public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private static func failure(_ code: Int32) -> FileReadError {
        FileReadError(kind: code == ENOENT ? .notFound : .unreadable, reason: String(cString: strerror(code)))
    }
}
