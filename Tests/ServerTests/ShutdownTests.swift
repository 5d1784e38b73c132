import Glibc
import HTTP
import Server
import Synchronization
import TestSupport
import Testing

@Suite struct ShutdownTests {
    /// A handler that reports when it starts, then takes `milliseconds` or until it is released,
    /// whichever comes first: a test releases it once what it checks has happened, so the answer
    /// does not depend on how quickly a loaded machine schedules the test.
    final class SlowHandler: Sendable {
        let started = Atomic<Int>(0)
        let released = Atomic<Bool>(false)
        let milliseconds: Int

        init(milliseconds: Int) { self.milliseconds = milliseconds }

        var handler: HTTPHandler {
            { request in
                self.started.add(1, ordering: .sequentiallyConsistent)
                let clock = ContinuousClock()
                let deadline = clock.now + .milliseconds(self.milliseconds)
                while !self.released.load(ordering: .sequentiallyConsistent), clock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return HTTPResponse(status: .ok, body: Array("finished \(request.path)".utf8))
            }
        }
    }

    @Test func inFlightRequestFinishesAndNewConnectionsAreRefused() async throws {
        // Held until shutdown has begun (at most 10 s): the answer is written during the shutdown.
        let slow = SlowHandler(milliseconds: 10_000)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 2), handler: slow.handler)
        let port = try server.start()

        async let answer = offPool { () throws -> TestClient.Response in
            let client = try TestClient(port: port)
            try client.send(get("/work"))
            return try client.readResponse()
        }
        let idle = try await offPool { try TestClient(port: port) }
        while slow.started.load(ordering: .sequentiallyConsistent) == 0 { try await Task.sleep(for: .milliseconds(5)) }

        async let stopped: Void = server.shutdown(gracePeriodMs: 5000)
        // Once shutdown has begun, connecting fails (for good: the listener is closed first).
        let refused = try await offPool { () -> Bool in
            for _ in 0..<1_000 {
                guard (try? TestClient(port: port)) != nil else { return true }
                usleep(5_000)
            }
            return false
        }
        slow.released.store(true, ordering: .sequentiallyConsistent)
        let response = try await answer
        await stopped
        #expect(refused)
        #expect(response.status == 200)
        #expect(response.text == "finished /work")
        #expect(response.header("Connection") == "close")
        #expect(try await offPool { try idle.isClosedByServer() })
        #expect(server.openConnections == 0)
    }

    @Test func gracePeriodBoundsTheWait() async throws {
        let slow = SlowHandler(milliseconds: 10_000)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0, loopCount: 2), handler: slow.handler)
        let port = try server.start()
        let client = try await offPool { () throws -> TestClient in
            let client = try TestClient(port: port)
            try client.send(get("/forever"))
            return client
        }
        while slow.started.load(ordering: .sequentiallyConsistent) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await server.shutdown(gracePeriodMs: 100)
        // The unfinished request was cut off: the connection is closed without an answer.
        #expect(try await offPool { try client.isClosedByServer() })
    }

    @Test func shutdownOfAStoppedOrNeverStartedServerReturns() async throws {
        let never = HTTPServer(configuration: ServerConfiguration(port: 0), handler: testHandler)
        await never.shutdown(gracePeriodMs: 0)
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), handler: testHandler)
        _ = try server.start()
        await server.shutdown(gracePeriodMs: 0)
        await server.shutdown(gracePeriodMs: 0)
        #expect(server.port == nil)
    }
}
