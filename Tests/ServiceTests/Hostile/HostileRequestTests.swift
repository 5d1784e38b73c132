import Core
import Foundation
import Glibc
import ServiceHarness
import TestSupport
import Testing

/// Clients that send requests no provider would: too slow, too big, not HTTP at all. Each runs
/// against the real binary, checks the answer the contract names (written before the close), and
/// that `/health` on a fresh connection still answers within a second.
@Suite(.serialized) struct HostileRequestTests {
    /// What an attacking connection saw: the first answer, if any, and how the stream ended.
    struct Outcome: Sendable {
        var status: Int?
        var error: String?
        var ending: RawClient.Ending

        init(_ received: (bytes: [UInt8], ending: RawClient.Ending)) {
            let response = RawResponse.parse(received.bytes)?.0
            status = response?.status
            error = response?.json["error"]?.stringValue
            ending = received.ending
        }
    }

    /// The child's resident memory may grow this much during one attack and no more.
    static let memoryAllowance = 64 << 20

    /// A slow head, and a slow body behind a complete head: both are cut by `header_timeout_ms`.
    static let slowRequests = [
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + String(repeating: "a", count: 60),
        "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n" + String(repeating: " ", count: 60),
    ]

    @Test(arguments: slowRequests)
    func slowlorisGets408AndCloseWhileHealthAnswers(request: String) async throws {
        try await TestService.with(.hostile { $0.limits = ["header_timeout_ms": 500, "idle_timeout_ms": 5000] }) { child in
            let port = child.port
            // Five connections dribble a request one byte every 150 ms; the request would not
            // be complete even after the last byte (9 s for the last 60 alone).
            async let attacks = onThreads(5) { index -> Outcome in
                let client = try RawClient(port: port)
                for byte in request.utf8 {
                    guard client.sendAllowingClose([byte]), !client.waitReadable(timeoutMs: 150) else { break }
                }
                return Outcome(client.readToEnd())
            }
            var during: [Int?] = []
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(150))
                during.append(await HealthProbe.status(port: port))
            }
            for outcome in try await attacks {
                #expect(outcome.status == 408, "a slow request must be answered 408")
                #expect(outcome.error?.isEmpty == false)
                #expect(outcome.ending == .closed, "the connection must be closed after the 408")
            }
            #expect(during == [200, 200, 200], "/health must answer while the slow clients hold connections")
            #expect(await HealthProbe.status(port: port) == 200)
            #expect(child.isRunning)
        }
    }

    @Test func tenThousandHeadersGet431() async throws {
        try await TestService.with(.hostile()) { child in
            let port = child.port
            let before = try #require(ProcessProbe.residentBytes(child.pid))
            let outcome = try await offPool { () -> Outcome in
                let client = try RawClient(port: port)
                var head = "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\n"
                for n in 0..<10_000 { head += "X-Header-\(n): value-\(n)\r\n" }
                head += "Content-Length: 2\r\n\r\n{}"
                // The server may stop reading once it has refused; what it answered still counts.
                client.sendAllowingClose(Array(head.utf8))
                return Outcome(client.readToEnd())
            }
            #expect(outcome.status == 431)
            #expect(outcome.error?.isEmpty == false)
            #expect(outcome.ending == .closed)
            #expect(await HealthProbe.status(port: port) == 200)
            let after = try #require(ProcessProbe.residentBytes(child.pid))
            #expect(after - before < Self.memoryAllowance, "RSS grew from \(before) to \(after)")
        }
    }

    @Test(arguments: ["Content-Length: 2147483648", "Content-Length: 2000000000000",
                      "Transfer-Encoding: chunked\r\n\r\n7FFFFFFF"])
    func hugeBodyIsRefused413BeforeAnyOfItArrives(framing: String) async throws {
        try await TestService.with(.hostile()) { child in
            let port = child.port
            let before = try #require(ProcessProbe.residentBytes(child.pid))
            // Only the head (and for chunked, the size line) is sent: the 413 must come without
            // waiting for a single byte of the body.
            let outcome = try await offPool { () -> Outcome in
                let client = try RawClient(port: port, timeoutMs: 3000)
                try client.send("POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + framing + "\r\n" + (framing.contains("chunked") ? "" : "\r\n"))
                return Outcome(client.readToEnd())
            }
            #expect(outcome.status == 413)
            #expect(outcome.error?.isEmpty == false)
            #expect(outcome.ending == .closed)
            #expect(await HealthProbe.status(port: port) == 200)
            let after = try #require(ProcessProbe.residentBytes(child.pid))
            #expect(after - before < Self.memoryAllowance, "RSS grew from \(before) to \(after)")
        }
    }

    @Test func pipelinedFloodThatNeverReadsIsHeldBack() async throws {
        try await TestService.with(.hostile()) { child in
            let port = child.port, pid = child.pid
            let before = try #require(ProcessProbe.residentBytes(pid))
            // 2 s of pipelined requests as fast as the socket takes them, never reading an answer:
            // the server must stop reading (backpressure) rather than buffer requests or answers.
            let (sent, health, during) = try await offPool { () -> (Int, Int?, Int?) in
                let client = try RawClient(port: port, timeoutMs: 200)
                let burst = Array(String(repeating: "GET /health HTTP/1.1\r\nHost: x\r\n\r\n", count: 1000).utf8)
                let end = Date().addingTimeInterval(2)
                var sent = 0
                while Date() < end {
                    let count = burst.withUnsafeBytes { Glibc.send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    if count > 0 { sent += count } else if errno != EAGAIN && errno != EWOULDBLOCK { break }
                }
                // Measured while the flooding connection is still open.
                return (sent, HealthProbe.blockingStatus(port: port), ProcessProbe.residentBytes(pid))
            }
            #expect(sent > 0)
            #expect(health == 200)
            let after = try #require(during)
            #expect(after - before < Self.memoryAllowance, "RSS grew from \(before) to \(after) after \(sent) bytes")
            #expect(child.isRunning)
        }
    }

    /// Bytes that are not HTTP: seeded random binary, and the first flight of a TLS client.
    static let garbage: [(String, [UInt8])] = [
        ("random binary", { var random = SplitMix64(seed: 0x5EED); return random.bytes(4096) }()),
        ("TLS ClientHello", tlsClientHello),
        ("NUL bytes", [UInt8](repeating: 0, count: 512)),
        ("request line with control bytes", Array("GET /\u{01}\u{02} HTTP/1.1\r\n\r\n".utf8)),
    ]

    @Test(arguments: 0..<garbage.count)
    func garbageGets400AndClose(index: Int) async throws {
        let (name, bytes) = Self.garbage[index]
        // The header timeout is long: a 400 must come from reading the bytes, not from a 408 later.
        try await TestService.with(.hostile { $0.limits = ["header_timeout_ms": 20000] }) { child in
            let port = child.port
            let before = try #require(ProcessProbe.residentBytes(child.pid))
            let outcome = try await offPool { () -> Outcome in
                let client = try RawClient(port: port, timeoutMs: 3000)
                client.sendAllowingClose(bytes)
                return Outcome(client.readToEnd())
            }
            #expect(outcome.status == 400, "\(name): expected 400, got \(outcome.status.map(String.init) ?? "no answer")")
            #expect(outcome.error?.isEmpty == false, "\(name)")
            #expect(outcome.ending == .closed, "\(name): the connection must be closed after the 400")
            #expect(await HealthProbe.status(port: port) == 200)
            let after = try #require(ProcessProbe.residentBytes(child.pid))
            #expect(after - before < Self.memoryAllowance)
            #expect(child.isRunning)
        }
    }

    /// Requests two parsers could read differently (or that name a method nobody serves): each
    /// is answered with its status before the connection closes, none waits for a timeout.
    static let strict: [(String, String, Int)] = {
        let hook = "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\n"
        let chunked = hook + "Transfer-Encoding: chunked\r\n\r\n"
        return [
            ("space before the CRLF of a chunk size", chunked + "a \r\n0123456789\r\n0\r\n\r\n", 400),
            ("chunk extension without a name", chunked + "2;\r\n{}\r\n0\r\n\r\n", 400),
            ("open quote in a chunk extension", chunked + "2;a=\"x\r\n{}\r\n0\r\n\r\n", 400),
            ("open quote and nothing after", chunked + "5;a=\"x\r\n", 400),
            ("transfer coding other than chunked", hook + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("chunked with a parameter", hook + "Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", 501),
            ("method that is not a token", "G(T /health HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("method nobody serves", "PURGE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 501),
            ("PUT, served nowhere", "PUT /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: 2\r\n\r\n{}", 501),
            ("served method, wrong route", "GET /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405),
            ("raw UTF-8 in the target", "POST /hooks/botadmin/账号 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 400),
        ]
    }()

    @Test func ambiguousRequestsAreAnsweredBeforeTheClose() async throws {
        try await TestService.with(.hostile { $0.limits = ["header_timeout_ms": 20000] }) { child in
            let port = child.port
            for (name, request, status) in Self.strict {
                let outcome = try await offPool { () -> Outcome in
                    let client = try RawClient(port: port, timeoutMs: 3000)
                    client.sendAllowingClose(Array(request.utf8))
                    return Outcome(client.readToEnd())
                }
                #expect(outcome.status == status, "\(name): got \(outcome.status.map(String.init) ?? "no answer")")
                #expect(outcome.error?.isEmpty == false, "\(name)")
                #expect(outcome.ending == .closed, "\(name): the connection must be closed after the answer")
            }
            #expect(await HealthProbe.status(port: port) == 200)
            #expect(child.isRunning)
        }
    }
}

/// The start of a TLS 1.2 ClientHello record for `localhost`, as `curl https://…` sends it first.
let tlsClientHello: [UInt8] = {
    var random = SplitMix64(seed: 42)
    var hello: [UInt8] = [0x03, 0x03] + random.bytes(32) + [0x00]   // version, random, no session
    hello += [0x00, 0x04, 0x13, 0x01, 0xC0, 0x2F, 0x01, 0x00]                        // 2 suites, null compression
    let name = Array("localhost".utf8)
    let serverName: [UInt8] = [0x00, 0x00, 0x00, UInt8(name.count + 5), 0x00, UInt8(name.count + 3), 0x00, 0x00,
                               UInt8(name.count)] + name
    hello += [0x00, UInt8(serverName.count)] + serverName
    let handshake: [UInt8] = [0x01, 0x00, UInt8(hello.count >> 8), UInt8(hello.count & 0xFF)] + hello
    return [0x16, 0x03, 0x01, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xFF)] + handshake
}()
