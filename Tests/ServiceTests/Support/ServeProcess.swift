import Foundation
import Synchronization
import TestSupport

/// The real `wxhook` binary as a child process, the way an operator runs it.
final class ServeProcess: Sendable {
    let child: ChildProcess
    let output: ProcessOutput
    let client: HTTPClient
    let port: Int

    /// The `wxhook` executable SwiftPM built beside this test bundle.
    static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("wxhook").path
    }

    /// This process's environment with `changes` applied (a nil value removes the variable).
    static func environment(_ changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }

    /// Starts `wxhook ARGS` and waits for its `listening` line (which names the bound port).
    static func start(arguments: [String], environment: [String: String] = [:], directory: String) async throws
        -> ServeProcess {
        try await offPool {
            try ServeProcess(executable: binary, arguments: arguments, environment: Self.environment(environment.mapValues { $0 }),
                             directory: directory)
        }
    }

    /// Blocking: starts `executable ARGS` (a `wxhook serve` or `sim`, possibly through a shell)
    /// and waits up to 30 s for its `listening` line.
    init(executable: String, arguments: [String], environment: [String: String], directory: String) throws {
        let output = ProcessOutput()
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                     directory: directory, stderr: .stream(output.append))
        let deadline = Date().addingTimeInterval(30)
        while output.listeningPort == nil {
            if !child.isRunning || Date() > deadline {
                child.signal(SIGKILL)
                child.waitForExit()
                throw ProcessFailure(message: "wxhook did not start listening: \(output.text)")
            }
            usleep(20_000)
        }
        self.child = child
        self.output = output
        self.port = output.listeningPort!
        self.client = HTTPClient(base: "http://127.0.0.1:\(port)")
    }

    var pid: Int32 { child.pid }
    var isRunning: Bool { child.isRunning }

    func kill(_ signal: Int32) { child.signal(signal) }

    /// Waits for the process to exit and returns its status (the signal number when one ended it).
    /// Its stderr is read to the end before this returns.
    func waitForExit(timeout: TimeInterval = 30) async -> Int32? {
        try? await offPool {
            let status = self.child.waitForExit(timeout: timeout)
            if status != nil { self.child.waitForOutput() }
            return status
        } ?? nil
    }

    var stderr: String { output.text }
}

/// What the child wrote on stderr, and the port its `listening` line named.
final class ProcessOutput: Sendable {
    private let state = Mutex<(text: String, port: Int?)>(("", nil))

    func append(_ data: Data) {
        let chunk = String(decoding: data, as: UTF8.self)
        state.withLock { state in
            state.text += chunk
            guard state.port == nil, let line = state.text.split(separator: "\n").first(where: { $0.contains("msg=\"listening\"") }),
                  let range = line.range(of: "address=") else { return }
            let address = line[range.upperBound...].split(separator: " ").first ?? ""
            state.port = address.split(separator: ":").last.flatMap { Int($0) }
        }
    }

    var text: String { state.withLock { $0.text } }
    var listeningPort: Int? { state.withLock { $0.port } }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `wxhook ARGS` to completion and returns its exit status and output.
func runWxhook(_ arguments: [String], directory: String, environment: [String: String] = [:]) async throws
    -> (status: Int32, stdout: String, stderr: String) {
    try await offPool {
        let run = try ChildProcess.run(executable: ServeProcess.binary, arguments: arguments,
                                       environment: ServeProcess.environment(environment.mapValues { $0 }), directory: directory)
        return (run.status, String(decoding: run.stdout, as: UTF8.self), String(decoding: run.stderr, as: UTF8.self))
    }
}

/// Runs `/usr/bin/curl ARGS` and returns what it printed.
func curl(_ arguments: [String]) async throws -> String {
    try await offPool {
        String(decoding: try ChildProcess.run(executable: "/usr/bin/curl", arguments: arguments).stdout, as: UTF8.self)
    }
}
