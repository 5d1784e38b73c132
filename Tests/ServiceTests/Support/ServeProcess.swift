import Foundation
import Synchronization

/// The real `wxhook` binary as a child process, the way an operator runs it.
final class ServeProcess: Sendable {
    let process: Process
    let output: ProcessOutput
    let client: HTTPClient
    let port: Int

    /// The `wxhook` executable SwiftPM built beside this test bundle.
    static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("wxhook").path
    }

    /// Starts `wxhook ARGS` and waits for its `listening` line (which names the bound port).
    static func start(arguments: [String], environment: [String: String] = [:], directory: String) async throws
        -> ServeProcess {
        try await offPool { try ServeProcess(arguments: arguments, environment: environment, directory: directory) }
    }

    private init(arguments: [String], environment: [String: String] = [:], directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        let output = ProcessOutput()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            output.append(data)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while output.listeningPort == nil {
            if !process.isRunning || Date() > deadline {
                process.terminate()
                throw ProcessFailure(message: "wxhook did not start listening: \(output.text)")
            }
            usleep(20_000)
        }
        self.process = process
        self.output = output
        self.port = output.listeningPort!
        self.client = HTTPClient(base: "http://127.0.0.1:\(port)")
    }

    func kill(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: TimeInterval = 30) async -> Int32? {
        try? await offPool { self.blockingWaitForExit(timeout: timeout) } ?? nil
    }

    private func blockingWaitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
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
    try await offPool { try blockingRunWxhook(arguments, directory: directory, environment: environment) }
}

private func blockingRunWxhook(_ arguments: [String], directory: String, environment: [String: String]) throws
    -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Runs `/usr/bin/curl ARGS` and returns what it printed.
func curl(_ arguments: [String]) async throws -> String {
    try await offPool { try blockingCurl(arguments) }
}

private func blockingCurl(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
