import HTTP
import Foundation
import Server
import TestSupport
import Testing

@Suite struct ConnectionTests {
    @Test(arguments: executions)
    func keepAliveServesSeveralRequestsOnOneConnection(_ execution: HandlerExecution) async throws {
        try await withServer(execution: execution) { port, _ in
            let ids = try await offPool {
                let client = try TestClient(port: port)
                var ids: [String] = []
                for index in 0..<5 {
                    try client.send(post("/echo", "message \(index)"))
                    let response = try client.readResponse()
                    guard response.status == 200, response.text == "message \(index)",
                          response.header("Connection") == nil, let id = response.header("X-Request-Id")
                    else { throw TestClient.Failure(description: "unexpected \(response)") }
                    ids.append(id)
                }
                return ids
            }
            #expect(ids.count == 5)
            #expect(Set(ids).count == 5)
            #expect(ids.allSatisfy { $0.count >= 8 })
        }
    }

    @Test(arguments: executions)
    func pipelinedRequestsAreAnsweredInOrder(_ execution: HandlerExecution) async throws {
        try await withServer(execution: execution) { port, _ in
            let bodies = try await offPool {
                let client = try TestClient(port: port)
                // The first handler is the slowest: its answer must still come first.
                try client.send(get("/slow?ms=300") + get("/slow?ms=10") + post("/echo", "third") + get("/fourth"))
                return try (0..<4).map { _ in try client.readResponse().text }
            }
            #expect(bodies == ["slow 300", "slow 10", "third", "/fourth"])
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { port, _ in
            let (response, rest) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/a", ["Connection: close"]) + get("/never"))
                return (try client.readResponse(), try client.readUntilClosed())
            }
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(rest.isEmpty, "nothing is answered after a closing response")
        }
    }

    @Test func handlerAskingToCloseClosesTheConnection() async throws {
        try await withServer { port, _ in
            let (response, closed) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/close"))
                return (try client.readResponse(), try client.isClosedByServer())
            }
            #expect(response.text == "bye")
            #expect(response.header("Connection") == "close")
            #expect(closed)
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer { port, _ in
            let (plain, plainClosed, kept, keptAgain) = try await offPool {
                let first = try TestClient(port: port)
                try first.send("GET /old HTTP/1.0\r\n\r\n")
                let plain = try first.readResponse()
                let closed = try first.isClosedByServer()
                let second = try TestClient(port: port)
                try second.send("GET /k1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let kept = try second.readResponse()
                try second.send("GET /k2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                return (plain, closed, kept, try second.readResponse())
            }
            #expect(plain.header("Connection") == "close")
            #expect(plainClosed)
            #expect(kept.header("Connection") == "keep-alive")
            #expect(keptAgain.text == "/k2")
        }
    }

    @Test func headGetsTheLengthOfGetAndNoBody() async throws {
        var router = Router()
        router.add(.get, "/page", { _ in HTTPResponse(status: .ok, body: Array("twelve bytes".utf8)) })
        try await withServer(handler: router.handle) { port, _ in
            let (head, next) = try await offPool {
                let client = try TestClient(port: port)
                try client.send("HEAD /page HTTP/1.1\r\nHost: t\r\n\r\n" + get("/page"))
                // If the HEAD answer carried a body, the next response would not parse.
                return (try client.readResponse(bodyless: true), try client.readResponse())
            }
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "12")
            #expect(next.text == "twelve bytes")
        }
    }

    @Test func chunkedRequestBodiesAreDecoded() async throws {
        try await withServer { port, _ in
            let response = try await offPool {
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
                try client.send("5\r\nhello\r\n")
                try client.send("7\r\n, world\r\n0\r\n\r\n")
                return try client.readResponse()
            }
            #expect(response.text == "hello, world")
        }
    }

    @Test func requestsSentBeforeAHalfCloseAreStillAnswered() async throws {
        try await withServer { port, _ in
            let (response, closed) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/slow?ms=100"))
                client.shutdownWriting()
                return (try client.readResponse(), try client.isClosedByServer())
            }
            #expect(response.text == "slow 100")
            #expect(closed)
        }
    }

    @Test func expectContinueOverARawSocket() async throws {
        try await withServer { port, _ in
            let (interim, final) = try await offPool {
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
                let interim = try client.readResponse(bodyless: true)
                try client.send("body")
                return (interim, try client.readResponse())
            }
            #expect(interim.status == 100)
            #expect(final.status == 200)
            #expect(final.text == "body")
        }
    }

    @Test func accessLogRecordsEveryAnswer() async throws {
        let log = LogRecorder()
        try await withServer(log: log) { port, _ in
            let id = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/logged?token=secret"))
                return try client.readResponse().header("X-Request-Id")
            }
            let entry = try #require(log.all.first)
            #expect(entry.method == "GET")
            #expect(entry.path == "/logged")
            #expect(entry.status == 200)
            #expect(entry.requestID == id)
            #expect(entry.durationMs >= 0)
            #expect(entry.remoteAddress.hasPrefix("127.0.0.1:"))
        }
    }

    /// A handler that answers without suspending runs, and is answered, within the loop turn
    /// that read its request: the logged duration still covers its work (it was once the turn's
    /// start minus itself, 0.00).
    @Test(arguments: executions) func accessLogDurationCoversTheHandlersWork(_ execution: HandlerExecution) async throws {
        let log = LogRecorder()
        let busy: HTTPHandler = { _ in
            usleep(30_000)   // work that never suspends, as parsing and answering from memory
            return HTTPResponse(status: .ok, body: Array("done".utf8))
        }
        try await withServer(handler: busy, log: log, execution: execution) { port, _ in
            try await offPool {
                let client = try TestClient(port: port)
                for _ in 0..<3 {
                    try client.send(get("/busy"))
                    _ = try client.readResponse()
                }
            }
            let durations = log.all.map(\.durationMs)
            #expect(durations.count == 3 && durations.allSatisfy { $0 >= 30 }, "\(durations)")
        }
    }
}
