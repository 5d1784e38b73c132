import Foundation
import TestSupport
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

    /// Runs `node ARGUMENTS FILE` on `source` written to a temporary file of its own; the output is
    /// stdout then stderr.
    static func run(_ arguments: [String], source: String) async throws -> Outcome {
        let node = try #require(path)
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("wxhook-dashboard-\(UUID().uuidString).js")
        try Data(source.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await offPool { try ChildProcess.run(executable: node, arguments: arguments + [file.path]) }
        return Outcome(status: run.status, output: String(decoding: run.stdout + run.stderr, as: UTF8.self))
    }
}
