import Foundation
import Glibc
import TestSupport

/// The real `wxhook serve` as a child process with a config of the test's choosing, so that its
/// memory and descriptors can be read from `/proc/PID` without the noise of other tests running
/// in this process.
final class ServiceChild: Sendable {
    static let secret = "hostile-secret"

    let serve: ServeProcess
    let directory: TemporaryDirectory
    let port: Int
    let client: HTTPClient

    var pid: Int32 { serve.pid }
    var isRunning: Bool { serve.isRunning }
    var stderr: String { serve.stderr }
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

        let serveArguments = ["serve", "--config", directory.file("wxhook.json"), "--listen", "127.0.0.1:0"]
        // The `listening` line, which names the port, is at info.
        let environment = ServeProcess.environment(["WXHOOK_LOG": "info", "WXHOOK_CONFIG": nil])
        do {
            if ignoresFileSizeSignal {
                // An ignored signal stays ignored across exec; `exec` keeps the PID.
                serve = try ServeProcess(executable: "/bin/sh",
                                         arguments: ["-c", "trap '' XFSZ; exec \"$0\" \"$@\"", ServeProcess.binary] + serveArguments,
                                         environment: environment, directory: directory.path)
            } else {
                serve = try ServeProcess(executable: ServeProcess.binary, arguments: serveArguments,
                                         environment: environment, directory: directory.path)
            }
        } catch {
            directory.remove()
            throw error
        }
        port = serve.port
        client = serve.client
    }

    /// SIGTERM, then SIGKILL if it has not exited within 10 s; removes its folder.
    func stop() {
        serve.kill(SIGTERM)
        if serve.child.waitForExit(timeout: 10) == nil {
            serve.kill(SIGKILL)
            serve.child.waitForExit()
        }
        directory.remove()
    }

    /// Runs `body` against a fresh child and stops it afterwards, also when `body` throws.
    static func with<T>(limits: String = "", database: String? = nil, ignoresFileSizeSignal: Bool = false,
                        _ body: (ServiceChild) async throws -> T) async throws -> T {
        // Starting and stopping wait on the process: done on threads of their own.
        let child = try await offPool {
            try ServiceChild(limits: limits, database: database, ignoresFileSizeSignal: ignoresFileSizeSignal)
        }
        do {
            let result = try await body(child)
            _ = try? await offPool { child.stop() }
            return result
        } catch {
            _ = try? await offPool { child.stop() }
            throw error
        }
    }

    /// A botadmin webhook body, distinct per `n` (and per `tag`, so tests never share events).
    static func webhook(_ n: Int, tag: String = "h") -> String {
        #"{"secret":"\#(secret)","msgtype":"text","conversation_id":"c-\#(tag)","sender":"u-\#(n)","text":{"content":"\#(tag) message \#(n)"}}"#
    }
}
