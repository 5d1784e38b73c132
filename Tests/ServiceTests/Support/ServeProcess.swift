import Foundation
import Synchronization

/// The real `wxhook` binary as a child process, the way an operator runs it.
final class ServeProcess: Sendable {
    let process: Process
    let stderrLines: Mutex<[String]>
    let client: HTTPClient
    let port: Int

    /// The `wxhook` executable SwiftPM built beside this test bundle.
    static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return bundleDirectory.appendingPathComponent("wxhook").path
    }

    /// Starts `wxhook ARGS` and waits for its `listening` line (which names the bound port).
    init(arguments: [String], environment: [String: String] = [:], directory: String) throws {
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
        let lines = Mutex<[String]>([])
        let portBox = Mutex<Int?>(nil)
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { handle.readabilityHandler = nil; return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                lines.withLock { $0.append(String(line)) }
                if line.contains("msg=\"listening\""), let range = line.range(of: "address=") {
                    let address = line[range.upperBound...].split(separator: " ").first ?? ""
                    if let port = address.split(separator: ":").last.flatMap({ Int($0) }) {
                        portBox.withLock { $0 = port }
                    }
                }
            }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while portBox.withLock({ $0 }) == nil {
            if !process.isRunning || Date() > deadline {
                process.terminate()
                let output = lines.withLock { $0.joined(separator: "\n") }
                throw ProcessFailure(message: "wxhook did not start listening: \(output)")
            }
            usleep(20_000)
        }
        self.process = process
        self.stderrLines = lines
        self.port = portBox.withLock { $0 }!
        self.client = HTTPClient(base: "http://127.0.0.1:\(port)")
    }

    func kill(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    var output: String { stderrLines.withLock { $0.joined(separator: "\n") } }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Runs `wxhook ARGS` to completion and returns its exit status and output.
func runWxhook(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws
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
