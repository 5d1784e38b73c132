import Foundation
import Glibc

/// The real `wxhook serve` as a child process with a config of the test's choosing, so that its
/// memory and descriptors can be read from `/proc/PID` without the noise of other tests running
/// in this process.
final class ServiceChild: Sendable {
    static let secret = "hostile-secret"

    let process: Process
    let output: ProcessOutput
    let directory: TemporaryDirectory
    let port: Int
    let client: HTTPClient

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stderr: String { output.text }
    let databasePath: String

    /// `limits`: the config's `limits` object (e.g. `"header_timeout_ms": 500`); `database`: where
    /// the database goes (default `data/wxhook.sqlite` in the child's own folder);
    /// `ignoresFileSizeSignal`: start through `sh` with SIGXFSZ ignored, so that a file-size
    /// limit makes writes fail with EFBIG instead of killing the process.
    init(limits: String = "", database: String? = nil, ignoresFileSizeSignal: Bool = false) throws {
        let directory = try TemporaryDirectory("wxhook-hostile")
        self.directory = directory
        databasePath = database ?? directory.file("data/wxhook.sqlite")
        let config = """
            { "database": "\(databasePath)", "dedupe_window_s": 3600, "limits": { \(limits) },
              "accounts": [ { "provider": "botadmin", "name": "shop", "base_url": "http://127.0.0.1:9",
                              "secret": "\(Self.secret)" } ] }
            """
        try config.write(toFile: directory.file("wxhook.json"), atomically: true, encoding: .utf8)

        let process = Process()
        let serve = ["serve", "--config", directory.file("wxhook.json"), "--listen", "127.0.0.1:0"]
        if ignoresFileSizeSignal {
            // An ignored signal stays ignored across exec; `exec` keeps the PID.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "trap '' XFSZ; exec \"$0\" \"$@\"", ServeProcess.binary] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
            process.arguments = serve
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        var environment = ProcessInfo.processInfo.environment
        environment["WXHOOK_LOG"] = "info"   // the `listening` line, which names the port, is at info
        environment.removeValue(forKey: "WXHOOK_CONFIG")
        process.environment = environment
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
                directory.remove()
                throw ProcessFailure(message: "wxhook did not start listening: \(output.text)")
            }
            usleep(20_000)
        }
        self.process = process
        self.output = output
        port = output.listeningPort!
        client = HTTPClient(base: "http://127.0.0.1:\(port)")
    }

    /// SIGTERM, then SIGKILL if it has not exited within 10 s; removes its folder.
    func stop() {
        if process.isRunning {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning {
                kill(pid, SIGKILL)
                process.waitUntilExit()
            }
        }
        directory.remove()
    }

    /// Runs `body` against a fresh child and stops it afterwards, also when `body` throws.
    static func with<T>(limits: String = "", database: String? = nil, ignoresFileSizeSignal: Bool = false,
                        _ body: (ServiceChild) async throws -> T) async throws -> T {
        // Starting and stopping wait on the process: done on threads of their own.
        let child = try await onThread {
            try ServiceChild(limits: limits, database: database, ignoresFileSizeSignal: ignoresFileSizeSignal)
        }
        do {
            let result = try await body(child)
            _ = try? await onThread { child.stop() }
            return result
        } catch {
            _ = try? await onThread { child.stop() }
            throw error
        }
    }

    /// A botadmin webhook body, distinct per `n` (and per `tag`, so tests never share events).
    static func webhook(_ n: Int, tag: String = "h") -> String {
        #"{"secret":"\#(secret)","msgtype":"text","conversation_id":"c-\#(tag)","sender":"u-\#(n)","text":{"content":"\#(tag) message \#(n)"}}"#
    }
}
