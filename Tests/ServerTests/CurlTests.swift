import Foundation
import HTTP
import Server
import TestSupport
import Testing

/// The server driven by somebody else's client.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
struct CurlTests {
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func curl(_ arguments: [String]) async throws -> Run {
        try await offPool {
            let run = try ChildProcess.run(executable: "/usr/bin/curl", arguments: arguments)
            return Run(status: run.status, stdout: String(decoding: run.stdout, as: UTF8.self),
                       stderr: String(decoding: run.stderr, as: UTF8.self))
        }
    }

    @Test func curlGetsAnswersOnOneKeptAliveConnection() async throws {
        try await withServer { port, _ in
            let run = try await Self.curl(["-sS", "-v", "http://127.0.0.1:\(port)/first?x=1",
                                           "http://127.0.0.1:\(port)/second"])
            #expect(run.status == 0)
            #expect(run.stdout == "/first?x=1/second")
            #expect(run.stderr.contains("< X-Request-Id: "))
            #expect(run.stderr.contains("Re-using existing connection") || run.stderr.contains("Reusing existing"))
        }
    }

    @Test func curlPostsA2KiBBodyWithExpectContinue() async throws {
        let body = String(repeating: "0123456789abcdef", count: 128)   // 2 KiB: curl sends Expect
        try await withServer { port, _ in
            let run = try await Self.curl(["-sS", "-v", "-H", "Expect: 100-continue", "-H", "Content-Type: application/json",
                                           "--data-binary", body, "http://127.0.0.1:\(port)/echo"])
            #expect(run.status == 0)
            #expect(run.stdout == body)
            #expect(run.stderr.contains("HTTP/1.1 100 Continue"))
        }
    }

    @Test func curlSeesJSONErrorsForBadRequests() async throws {
        try await withServer(limits: HTTPLimits(maxBodyBytes: 100)) { port, _ in
            let run = try await Self.curl(["-sS", "-w", "\n%{http_code}", "--data-binary",
                                           String(repeating: "x", count: 500), "http://127.0.0.1:\(port)/echo"])
            #expect(run.stdout.hasSuffix("\n413"))
            #expect(run.stdout.hasPrefix(#"{"ok":false,"error":"request body larger than 100 bytes"}"#))
        }
    }

    @Test func curlSendsChunkedUploads() async throws {
        try await withServer { port, _ in
            let run = try await Self.curl(["-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "chunky",
                                           "http://127.0.0.1:\(port)/echo"])
            #expect(run.stdout == "chunky")
        }
    }
}
