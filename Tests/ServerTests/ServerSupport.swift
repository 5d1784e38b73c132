import Foundation
import HTTP
import Server
import Synchronization
import TestSupport
import Testing

/// Answers `/echo` with the request body, `/slow?ms=N` after sleeping, `/path` with the target,
/// and everything else with the path.
let testHandler: HTTPHandler = { request in
    switch request.path {
    case "/echo":
        return HTTPResponse(status: .ok, body: request.body)
    case "/slow":
        let milliseconds = Int(request.queryParameter("ms") ?? "") ?? 200
        try? await Task.sleep(for: .milliseconds(milliseconds))
        return HTTPResponse(status: .ok, body: Array("slow \(milliseconds)".utf8))
    case "/close":
        return HTTPResponse(status: .ok, headers: ["Connection": "close"], body: Array("bye".utf8))
    default:
        return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: Array(request.target.utf8))
    }
}

/// Collects access log entries.
final class LogRecorder: Sendable {
    private let entries = Mutex<[AccessLogEntry]>([])

    var all: [AccessLogEntry] { entries.withLock { $0 } }

    var sink: @Sendable (AccessLogEntry) -> Void {
        { entry in self.entries.withLock { $0.append(entry) } }
    }
}

/// Starts a server on an ephemeral port, runs `body`, and always shuts the server down. The test
/// holds `share` of the machine meanwhile (see `LoadLimit`).
func withServer(
    limits: HTTPLimits = HTTPLimits(),
    host: String = "127.0.0.1",
    handler: @escaping HTTPHandler = testHandler,
    log: LogRecorder? = nil,
    execution: HandlerExecution = .pool,
    share: LoadLimit.Share = .one,
    _ body: (Int, HTTPServer) async throws -> Void
) async throws {
    try await LoadLimit.run(share) {
        let configuration = ServerConfiguration(host: host, port: 0, limits: limits, loopCount: 2,
                                                handlerExecution: execution)
        let server = HTTPServer(configuration: configuration, handler: handler, accessLog: log?.sink)
        let port = try server.start()
        do {
            try await body(port, server)
        } catch {
            await server.shutdown(gracePeriodMs: 0)
            throw error
        }
        await server.shutdown(gracePeriodMs: 1000)
    }
}

func get(_ target: String, _ extra: [String] = []) -> String {
    (["GET \(target) HTTP/1.1", "Host: test"] + extra).joined(separator: "\r\n") + "\r\n\r\n"
}

func post(_ target: String, _ body: String, _ extra: [String] = []) -> String {
    (["POST \(target) HTTP/1.1", "Host: test", "Content-Length: \(body.utf8.count)"] + extra)
        .joined(separator: "\r\n") + "\r\n\r\n" + body
}

extension HandlerExecution: CustomTestStringConvertible {
    public var testDescription: String { self == .pool ? "pool" : "loop" }
}

let executions: [HandlerExecution] = [.pool, .loop]
