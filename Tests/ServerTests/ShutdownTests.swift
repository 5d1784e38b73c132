import Glibc
import HTTP
import Server
import Synchronization
import TestSupport
import Testing

@Suite struct ShutdownTests {
    /// A handler that reports when it starts, then takes `milliseconds`.
    final class SlowHandler: Sendable {
        let started = Atomic<Int>(0)
        let milliseconds: Int

        init(milliseconds: Int) { self.milliseconds = milliseconds }

        var handler: HTTPHandler {
            { request in
                self.started.add(1, ordering: .sequentiallyConsistent)
                try? await Task.sleep(for: .milliseconds(self.milliseconds))
                return HTTPResponse(status: .ok, body: Array("finished \(request.path)".utf8))
            }
        }
    }

    @Test func inFlightRequestFinishesAndNewConnectionsAreRefused() async throws {
        let slow = SlowHandler(milliseconds: 600)
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
        // Once shutdown has begun, connecting fails.
        let refused = try await offPool { () -> Bool in
            for _ in 0..<200 {
                guard (try? TestClient(port: port)) != nil else { return true }
                usleep(5_000)
            }
            return false
        }
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
