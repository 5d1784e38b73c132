import Foundation
import Glibc
import HTTP
import HTTPClient
import Server
import Synchronization
import Testing

/// The client against our own server (real sockets) and against scripted servers that answer
/// exactly the bytes each case needs.
@Suite struct HTTPClientTests {
    /// Echoes method, target, chosen headers and body; `/slow` answers late; `/close` closes.
    static let handler: HTTPHandler = { request in
        switch request.path {
        case "/slow":
            try? await Task.sleep(for: .milliseconds(Int(request.queryParameter("ms") ?? "") ?? 2_000))
            return HTTPResponse(status: .ok, body: Array("late".utf8))
        case "/close":
            return HTTPResponse(status: .ok, headers: ["Connection": "close"], body: Array("bye".utf8))
        default:
            let summary = "\(request.method.rawValue) \(request.target) token=\(request.headers["X-Token"] ?? "-") "
                + "agent=\(request.headers["User-Agent"] ?? "-") body=" + String(decoding: request.body, as: UTF8.self)
            return HTTPResponse(status: .created, body: Array(summary.utf8))
        }
    }

    private func withServer(_ body: (String, HTTPServer) async throws -> Void) async throws {
        let server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, loopCount: 1),
                                handler: Self.handler)
        let port = try server.start()
        do {
            try await body("http://127.0.0.1:\(port)", server)
        } catch {
            await server.shutdown(gracePeriodMs: 0)
            throw error
        }
        await server.shutdown(gracePeriodMs: 1000)
    }

    // The deadlines of the next three are a bound, not what they check: generous, because in a
    // parallel run the server's handler waits its turn on a busy concurrency pool.
    @Test func postsAndReadsTheAnswer() async throws {
        try await withServer { base, _ in
            let client = HTTPClient(userAgent: "wxhook-test")
            let result = await client.send(method: "POST", url: base + "/send?to=a%20b", headers: [(name: "X-Token", value: "t1")],
                                           body: Array("你好".utf8), timeoutMs: 30_000)
            let answer = try result.get()
            #expect(answer.status == 201)
            #expect(String(decoding: answer.body, as: UTF8.self) == "POST /send?to=a%20b token=t1 agent=wxhook-test body=你好")
        }
    }

    @Test func reusesOneConnectionForSequentialRequests() async throws {
        try await withServer { base, server in
            let client = HTTPClient()
            for index in 0..<20 {
                let answer = try await client.send(method: "POST", url: base + "/n\(index)", body: [1], timeoutMs: 30_000).get()
                #expect(answer.status == 201)
                #expect(answer.keepAlive)
            }
            #expect(client.idleConnections == 1)
            #expect(server.openConnections == 1)
        }
    }

    @Test func closesWhatTheServerCloses() async throws {
        try await withServer { base, _ in
            let client = HTTPClient()
            let answer = try await client.send(method: "GET", url: base + "/close", timeoutMs: 30_000).get()
            #expect(String(decoding: answer.body, as: UTF8.self) == "bye")
            #expect(!answer.keepAlive)
            #expect(client.idleConnections == 0)
        }
    }

    @Test func manyRequestsAtOnceEachGetTheirOwnAnswer() async throws {
        try await withServer { base, _ in
            let client = HTTPClient(maxThreads: 8, maxIdlePerServer: 4)
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        // 120 s: a bound, not the check. At the start of a parallel run (Chromium
                        // starting, hundreds of suites) 200 handlers on a two-thread pool took > 20 s.
                        let answer = try await client.send(method: "POST", url: base + "/c", body: Array("m\(index)".utf8),
                                                           timeoutMs: 120_000).get()
                        return (index, String(decoding: answer.body, as: UTF8.self))
                    }
                }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            #expect(bodies.count == 200)
            for (index, body) in bodies { #expect(body.hasSuffix("body=m\(index)")) }
            #expect(client.idleConnections <= 4)
        }
    }

    /// A burst starts threads up to the limit; a quiet spell ends them; the next request starts
    /// one again.
    @Test func threadsComeWithABurstAndGoWhenIdle() async throws {
        try await withServer { base, _ in
            let client = HTTPClient(maxThreads: 6, threadIdleSeconds: 2)
            // The most threads seen while the burst is in flight: sampled, not read once at its end,
            // so a loaded machine that starts the requests slowly cannot make the count stale.
            final class Peak: Sendable { let most = Mutex(0) }
            let peak = Peak()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        _ = try await client.send(method: "GET", url: base + "/slow?ms=1000", timeoutMs: 120_000).get()
                    }
                }
                group.addTask {
                    for _ in 0..<100 {
                        let now = client.threads
                        peak.most.withLock { $0 = max($0, now) }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                try await group.waitForAll()
            }
            let most = peak.most.withLock { $0 }
            #expect(most > 1 && most <= 6)
            var waited = 0
            while client.threads > 0, waited < 200 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(client.threads == 0)
            let answer = try await client.send(method: "GET", url: base + "/again", timeoutMs: 5_000).get()
            #expect(answer.status == 201)   // a thread was started for it
        }
    }

    /// Many short requests from many tasks to one server, so that connections are taken from
    /// and put back into the pool concurrently all the time (the race of
    /// `ConnectionPoolTests.aConnectionPutBackAfterTheClockWasReadIsFresh` crashed here).
    @Test func poolChurnUnderConcurrency() async throws {
        try await withServer { base, _ in
            let client = HTTPClient(maxThreads: 16, maxIdlePerServer: 4)
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<16 {
                    group.addTask {
                        var count = 0
                        for index in 0..<100 {
                            let answer = try await client.send(method: "POST", url: base + "/p", body: Array("\(task)-\(index)".utf8),
                                                               timeoutMs: 20_000).get()
                            if String(decoding: answer.body, as: UTF8.self).hasSuffix("body=\(task)-\(index)") { count += 1 }
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == 1_600)
        }
    }

    @Test func aSlowServerTimesOutWithinTheDeadline() async throws {
        try await withServer { base, _ in
            let client = HTTPClient()
            let result = await client.send(method: "GET", url: base + "/slow?ms=3000", timeoutMs: 200)
            #expect(result == .failure(.timedOut(ms: 200)))
        }
    }

    @Test func refusedAndUnresolvableAndInvalid() async throws {
        let closed = try ScriptedServer { _, _ in }
        let port = closed.port
        closed.stop()
        let client = HTTPClient()
        #expect(await client.send(method: "GET", url: "http://127.0.0.1:\(port)/", timeoutMs: 2_000) == .failure(.connectionRefused))
        #expect(await client.send(method: "GET", url: "http://no-such-host.invalid/", timeoutMs: 2_000) == .failure(.hostNotFound))
        for url in ["https://127.0.0.1/", "http://", "http://user:pw@127.0.0.1/", "http://127.0.0.1:99999/",
                    "http://127.0.0.1/a b", "ftp://x/"] {
            #expect(await client.send(method: "GET", url: url, timeoutMs: 1_000) == .failure(.invalidURL), "\(url)")
        }
    }

    @Test func aLineBreakInAHeaderIsNeverSent() async throws {
        let server = try ScriptedServer { fd, _ in _ = readRequest(fd) }
        defer { server.stop() }
        let client = HTTPClient()
        let result = await client.send(method: "POST", url: server.url + "/", headers: [(name: "Authorization", value: "a\r\nX-Evil: 1")],
                                       timeoutMs: 1_000)
        #expect(result == .failure(.invalidHeader(name: "Authorization")))
        #expect(server.connections == 0)
    }

    @Test func readsChunkedCloseDelimitedAndInterimAnswers() async throws {
        let server = try ScriptedServer { fd, _ in
            guard let request = readRequest(fd) else { return }
            if request.head.hasPrefix("GET /chunked") {
                write(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nT: v\r\n\r\n")
            } else if request.head.hasPrefix("GET /interim") {
                write(fd, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            } else {
                write(fd, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end")
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        let chunked = try await client.send(method: "GET", url: server.url + "/chunked", timeoutMs: 5_000).get()
        #expect(String(decoding: chunked.body, as: UTF8.self) == "hello!")
        let interim = try await client.send(method: "GET", url: server.url + "/interim", timeoutMs: 5_000).get()
        #expect(interim.status == 202 && interim.body == Array("ok".utf8))
        let untilClose = try await client.send(method: "GET", url: server.url + "/plain", timeoutMs: 5_000).get()
        #expect(String(decoding: untilClose.body, as: UTF8.self) == "until the end")
        #expect(!untilClose.keepAlive)
    }

    @Test func garbageAndCutAnswersAreFailuresThatQuoteNothing() async throws {
        let server = try ScriptedServer { fd, _ in
            guard let request = readRequest(fd) else { return }
            if request.head.hasPrefix("GET /garbage") {
                write(fd, "SECRET-TOKEN \u{0}\u{1} not http\r\n\r\n")
            } else {
                write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part")
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        let garbage = await client.send(method: "GET", url: server.url + "/garbage", timeoutMs: 5_000)
        guard case .failure(.badResponse(let error)) = garbage else {
            Issue.record("garbage gave \(garbage)")
            return
        }
        #expect(!error.description.contains("SECRET"))
        #expect(await client.send(method: "GET", url: server.url + "/cut", timeoutMs: 5_000) == .failure(.connectionLost))
    }

    /// The server answers one request per connection with keep-alive and then closes it: the
    /// pooled connection is found closed before writing (after a pause) or after writing (no
    /// pause: the write meets the closed socket), and the request goes out once on a fresh
    /// connection. Every request reaches the server exactly once.
    @Test func aPooledConnectionTheServerClosedIsReplacedOnce() async throws {
        let seen = Mutex<[String]>([])
        let server = try ScriptedServer { fd, _ in
            guard let request = readRequest(fd) else { return }
            seen.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        }
        defer { server.stop() }
        let client = HTTPClient()
        for index in 0..<10 {
            let answer = try await client.send(method: "POST", url: server.url + "/", body: Array("r\(index)".utf8),
                                               timeoutMs: 5_000).get()
            #expect(answer.status == 200)
            if index % 2 == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(seen.withLock { $0 } == (0..<10).map { "r\($0)" })
        #expect(server.connections == 10)
    }

    /// Hostile or broken providers: an endless body is cut at the limit, an answer trickled a
    /// byte at a time ends at the request's deadline, and neither holds the client past it.
    @Test func endlessAndTrickledAnswersEndAtTheirLimits() async throws {
        let server = try ScriptedServer { fd, _ in
            guard let request = readRequest(fd) else { return }
            if request.head.hasPrefix("GET /endless") {
                write(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                let chunk = "4000\r\n" + String(repeating: "x", count: 0x4000) + "\r\n"
                for _ in 0..<10_000 { write(fd, chunk) }   // 160 MiB, unless the client hangs up
            } else {
                for byte in "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".utf8 {
                    write(fd, String(UnicodeScalar(byte)))
                    usleep(100_000)
                }
            }
        }
        defer { server.stop() }
        let client = HTTPClient(limits: .init(maxHeadBytes: 4096, maxBodyBytes: 1 << 20))
        let endless = await client.send(method: "GET", url: server.url + "/endless", timeoutMs: 20_000)
        #expect(endless == .failure(.badResponse(ResponseError("the answer's body is larger than 1048576 bytes"))))
        let trickled = await client.send(method: "GET", url: server.url + "/trickle", timeoutMs: 500)
        #expect(trickled == .failure(.timedOut(ms: 500)))
    }

    /// With every thread busy a request waits its turn; if its deadline passes meanwhile it is
    /// never sent — its caller was told it timed out and may send it again, so sending it late
    /// would make two.
    @Test func aRequestWhoseDeadlinePassedInTheQueueIsNeverSent() async throws {
        let seen = Mutex<[String]>([])
        // The first answer waits until it is let go, so the client's one thread is certainly
        // busy past the second's deadline, however slow a busy machine makes everything else.
        let release = DispatchSemaphore(value: 0)
        let server = try ScriptedServer { fd, _ in
            while let request = readRequest(fd) {
                seen.withLock { $0.append(String(request.head.prefix { $0 != " " && $0 != "\r" }) + " " + String(decoding: request.body, as: UTF8.self)) }
                if request.body == Array("first".utf8) { _ = release.wait(timeout: .now() + 30) }
                write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            }
        }
        defer { server.stop() }
        let client = HTTPClient(maxThreads: 1)
        async let first = client.send(method: "POST", url: server.url + "/", body: Array("first".utf8), timeoutMs: 30_000)
        for _ in 0..<1_000 where seen.withLock({ $0.isEmpty }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        // The first answer goes a second after the second request's 200 ms deadline starts.
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { release.signal() }
        let second = await client.send(method: "POST", url: server.url + "/", body: Array("second".utf8), timeoutMs: 200)
        #expect(second == .failure(.timedOut(ms: 200)))
        #expect(try await first.get().status == 200)
        // Queued after the second, a third goes out only once the thread has dealt with the second.
        let third = try await client.send(method: "POST", url: server.url + "/", headers: [(name: "Connection", value: "close")],
                                          body: Array("third".utf8), timeoutMs: 30_000).get()
        #expect(third.status == 200)
        #expect(seen.withLock { $0 } == ["POST first", "POST third"])
    }

    @Test func cancellingAnswersAtOnce() async throws {
        try await withServer { base, _ in
            let client = HTTPClient()
            let task = Task { await client.send(method: "GET", url: base + "/slow?ms=5000", timeoutMs: 10_000) }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            let result = await task.value
            #expect(result == .failure(.cancelled), "\(result)")
        }
    }
}
