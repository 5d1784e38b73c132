import Glibc
import HTTP
import Server
import TestSupport
import Testing

/// Every refusal is written as a JSON error with `Connection: close` before the server closes.
@Suite struct LimitEnforcementTests {
    static let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 10,
                                   maxBodyBytes: 1000)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let status: Int
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "body over the limit", input: post("/echo", String(repeating: "b", count: 1001)), status: 413),
        Case(name: "announced body over the limit, not sent",
             input: "POST /echo HTTP/1.1\r\nContent-Length: 50000\r\n\r\n", status: 413),
        Case(name: "request line too long", input: get("/" + String(repeating: "a", count: 300)), status: 414),
        Case(name: "headers too large", input: get("/", ["X-Big: " + String(repeating: "h", count: 600)]), status: 431),
        Case(name: "too many headers", input: get("/", (1...11).map { "X-\($0): v" }), status: 431),
        Case(name: "garbage", input: "HELLO\r\n\r\n", status: 400),
        Case(name: "ambiguous framing",
             input: "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", status: 400),
        Case(name: "unknown transfer coding", input: "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        Case(name: "HTTP/2 preface", input: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505),
        Case(name: "space before a chunk size line's CRLF", input: chunked("a \r\n0123456789\r\n0\r\n\r\n"), status: 400),
        Case(name: "chunk extension without a name", input: chunked("2;\r\nhi\r\n0\r\n\r\n"), status: 400),
        Case(name: "open quote in a chunk extension", input: chunked("2;a=\"x\r\nhi\r\n0\r\n\r\n"), status: 400),
        Case(name: "open quote, nothing after its line", input: chunked("5;a=\"x\r\n"), status: 400),
        Case(name: "chunked with a parameter",
             input: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", status: 501),
        Case(name: "method that is not a token", input: "G(T / HTTP/1.1\r\n\r\n", status: 400),
        Case(name: "raw UTF-8 in the target", input: "GET /hooks/botadmin/账号 HTTP/1.1\r\n\r\n", status: 400),
    ]

    static func chunked(_ body: String) -> String {
        "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    }

    @Test(arguments: cases)
    func refusalIsWrittenBeforeClosing(_ testCase: Case) async throws {
        try await withServer(limits: Self.limits) { port, _ in
            let (response, closed) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(testCase.input)
                return (try client.readResponse(), try client.isClosedByServer())
            }
            #expect(response.status == testCase.status)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text.hasPrefix(#"{"ok":false,"error":""#))
            #expect(closed)
        }
    }

    @Test func goodRequestsBeforeABadOneAreStillAnswered() async throws {
        try await withServer(limits: Self.limits) { port, _ in
            let (first, second) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/slow?ms=100") + "BAD REQUEST\r\n\r\n")
                return (try client.readResponse(), try client.readResponse())
            }
            #expect(first.text == "slow 100")
            #expect(second.status == 400)
        }
    }

    @Test func slowHeadersGet408() async throws {
        let limits = HTTPLimits(headerTimeoutMs: 200)
        try await withServer(limits: limits) { port, _ in
            let (response, closed) = try await offPool {
                let client = try TestClient(port: port)
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n")   // never finished
                return (try client.readResponse(), try client.isClosedByServer())
            }
            #expect(response.status == 408)
            #expect(response.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func slowBodyGets408() async throws {
        let limits = HTTPLimits(headerTimeoutMs: 200)
        try await withServer(limits: limits) { port, _ in
            let response = try await offPool {
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
                return try client.readResponse()
            }
            #expect(response.status == 408)
        }
    }

    @Test func idleConnectionIsClosedQuietly() async throws {
        let limits = HTTPLimits(idleTimeoutMs: 200)
        try await withServer(limits: limits) { port, server in
            let (response, leftover) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/once"))
                return (try client.readResponse(), try client.readUntilClosed())
            }
            #expect(response.status == 200)
            #expect(leftover.isEmpty)
            #expect(server.openConnections == 0)
        }
    }

    @Test func connectionThatNeverSpeaksIsClosedQuietlyAfterTheRequestTime() async throws {
        let limits = HTTPLimits(headerTimeoutMs: 200, idleTimeoutMs: 60_000)
        try await withServer(limits: limits) { port, _ in
            let leftover = try await offPool { try TestClient(port: port, timeoutSeconds: 30).readUntilClosed() }
            #expect(leftover.isEmpty)
        }
    }

    @Test func connectionsOverTheCapGet503() async throws {
        let limits = HTTPLimits(maxConnections: 2)
        try await withServer(limits: limits) { port, server in
            let (third, thirdClosed, afterRelease) = try await offPool {
                let first = try TestClient(port: port)
                let second = try TestClient(port: port)
                // A request on each proves both were accepted and counted.
                for client in [first, second] {
                    try client.send(get("/held"))
                    _ = try client.readResponse()
                }
                let third = try TestClient(port: port)
                let refused = try third.readResponse()
                let thirdClosed = try third.isClosedByServer()
                // Freeing a slot lets the next client in (once the server has seen the close).
                try first.send(get("/bye", ["Connection: close"]))
                _ = try first.readResponse()
                var answer: TestClient.Response?
                // Bounded by time, not by a count of tries: on a loaded machine the server may
                // take a while to run the close; what matters is that a slot comes back.
                let giveUp = ContinuousClock.now + .seconds(15)
                while answer?.status != 200 && ContinuousClock.now < giveUp {
                    // Until the server has seen the close, a newcomer is still refused, and a
                    // refused one may be reset before its 503 is read: both mean "not yet".
                    answer = try? {
                        let next = try TestClient(port: port)
                        try next.send(get("/after"))
                        return try next.readResponse()
                    }()
                    if answer?.status != 200 { usleep(20_000) }
                }
                return (refused, thirdClosed, answer)
            }
            #expect(third.status == 503)
            #expect(third.header("Connection") == "close")
            #expect(thirdClosed)
            #expect(afterRelease?.status == 200)
            #expect(server.openConnections <= 2)
        }
    }
}
