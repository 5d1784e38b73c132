import Foundation
import Synchronization
import TestSupport

/// The real `wxhook` binary as a child process (`serve` or `sim`), the way an operator runs it.
package final class WxhookProcess: Sendable {
    package let child: ChildProcess
    private let output: ListeningOutput
    package let port: Int
    package let client: WebClient

    /// The `wxhook` executable SwiftPM built beside this test bundle.
    package static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("wxhook").path
    }

    /// This process's environment with `changes` applied (a nil value removes the variable).
    package static func environment(_ changes: [String: String?]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        return environment
    }

    /// Starts `wxhook ARGS` in `directory` and waits for its `listening` line (which names the
    /// bound port). `ignoresFileSizeSignal`: started through `sh` with SIGXFSZ ignored, so that a
    /// file-size limit makes writes fail with EFBIG instead of killing the process.
    package static func start(_ arguments: [String], directory: String, environment: [String: String?] = [:],
                              ignoresFileSizeSignal: Bool = false, bearer: String? = nil) async throws -> WxhookProcess {
        try await offPool {
            if ignoresFileSizeSignal {
                // An ignored signal stays ignored across exec; `exec` keeps the PID.
                return try WxhookProcess(executable: "/bin/sh", arguments: ["-c", "trap '' XFSZ; exec \"$0\" \"$@\"", binary] + arguments,
                                         environment: Self.environment(environment), directory: directory, bearer: bearer)
            }
            return try WxhookProcess(executable: binary, arguments: arguments, environment: Self.environment(environment),
                                     directory: directory, bearer: bearer)
        }
    }

    /// Blocking: starts the child and waits up to 30 s for its `listening` line.
    private init(executable: String, arguments: [String], environment: [String: String], directory: String,
                 bearer: String?) throws {
        let output = ListeningOutput()
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                     directory: directory, stderr: .stream(output.append))
        let deadline = Date().addingTimeInterval(30)
        while output.listeningPort == nil {
            if !child.isRunning || Date() > deadline {
                child.signal(SIGKILL)
                child.waitForExit()
                throw HarnessFailure("wxhook \(arguments.first ?? "") did not start listening: \(output.text)")
            }
            usleep(20_000)
        }
        self.child = child
        self.output = output
        port = output.listeningPort!
        client = WebClient(base: "http://127.0.0.1:\(port)", bearer: bearer)
    }

    package var pid: Int32 { child.pid }
    package var isRunning: Bool { child.isRunning }
    /// What it wrote on stderr so far (its log).
    package var stderr: String { output.text }

    /// Signals the child unless it has exited (then its PID may already belong to another).
    package func kill(_ signal: Int32) {
        if child.status == nil { child.signal(signal) }
    }

    /// Waits for the process to exit and returns its status (the signal number when one ended it).
    /// Its stderr is read to the end before this returns.
    package func waitForExit(timeout: TimeInterval = 30) async -> Int32? {
        try? await offPool {
            let status = self.child.waitForExit(timeout: timeout)
            if status != nil { self.child.waitForOutput() }
            return status
        } ?? nil
    }

    /// SIGTERM, then SIGKILL when it has not exited within `grace` seconds; the exit status.
    @discardableResult
    package func stop(grace: TimeInterval = 10) async -> Int32? {
        kill(SIGTERM)
        if let status = await waitForExit(timeout: grace) { return status }
        kill(SIGKILL)
        return await waitForExit()
    }
}

/// What a child wrote on stderr, and the port its `listening` line named.
private final class ListeningOutput: Sendable {
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

/// Runs `wxhook ARGS` to completion and returns its exit status and output.
package func runWxhook(_ arguments: [String], directory: String, environment: [String: String?] = [:]) async throws
    -> (status: Int32, stdout: String, stderr: String) {
    try await offPool {
        let run = try ChildProcess.run(executable: WxhookProcess.binary, arguments: arguments,
                                       environment: WxhookProcess.environment(environment), directory: directory)
        return (run.status, String(decoding: run.stdout, as: UTF8.self), String(decoding: run.stderr, as: UTF8.self))
    }
}

/// Runs `/usr/bin/curl ARGS` and returns what it printed.
package func curl(_ arguments: [String]) async throws -> String {
    try await offPool {
        String(decoding: try ChildProcess.run(executable: "/usr/bin/curl", arguments: arguments).stdout, as: UTF8.self)
    }
}
