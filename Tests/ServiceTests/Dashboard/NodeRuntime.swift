import Foundation
import Testing

/// Node.js, when the machine has it, to check the dashboard's script; the tests that need it are
/// skipped (and say so) on machines without it.
enum NodeRuntime {
    static let path: String? = {
        let fixed = ["/usr/bin/node", "/usr/local/bin/node", "/opt/homebrew/bin/node"]
        let onPath = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/node" }
        return (fixed + onPath).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `node ARGUMENTS FILE` on `source` written to a temporary file of its own; the wait
    /// happens in the termination handler, not on a blocked thread.
    static func run(_ arguments: [String], source: String) async throws -> Outcome {
        let node = try #require(path)
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("wxhook-dashboard-\(UUID().uuidString).js")
        try Data(source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = arguments + [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        // Read while it runs, so a full pipe can never stall the child.
        let reader = Task { (try? await offPool { pipe.fileHandleForReading.readDataToEndOfFile() }) ?? Data() }
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } catch {
            try? pipe.fileHandleForWriting.close()
            _ = await reader.value
            throw error
        }
        try? pipe.fileHandleForWriting.close()
        let output = await reader.value
        return Outcome(status: status, output: String(decoding: output, as: UTF8.self))
    }
}
