import Foundation
import Glibc
import ServiceHarness
import TestSupport
import Testing

/// Clients that abuse connections rather than requests: too many at once, half-closed, opened
/// and dropped by the thousand. The real binary serves them; its `/proc/PID` shows whether it
/// kept anything it should have let go.
/// Serialized: the flood and the thousand connections each load both cores; run together they
/// would measure the machine rather than the server.
@Suite(.serialized) struct HostileConnectionTests {
    static let memoryAllowance = 64 << 20

    @Test(.enabled(if: IdleCrowd.isAvailable, "the thousand connections are held by a python3 helper"))
    func thousandIdleConnectionsLeaveHealthAnsweringAndAreClosedByTheIdleTimeout() async throws {
        let limit = ProcessProbe.raiseDescriptorLimit(to: 8192)   // before the child starts: it inherits it
        try #require(limit >= 2500, "ulimit -n is \(limit); 1,000 connections need both ends open")
        try await TestService.with(.hostile { $0.limits = ["header_timeout_ms": 8000, "idle_timeout_ms": 5000] }) { child in
            let port = child.port, pid = child.pid
            let descriptorsBefore = try #require(ProcessProbe.openDescriptors(pid))
            #expect(await HealthProbe.status(port: port) == 200)
            let memoryBefore = try #require(ProcessProbe.residentBytes(pid))

            // Every fourth connection asks for something first and then keeps the connection:
            // the idle time after a request is covered as well as the quiet time of a
            // connection that never spoke.
            let crowd = try IdleCrowd(port: port)
            defer { crowd.stop() }
            try #require(try await offPool { crowd.opened() }, "the helper could not open its connections")
            let held = await Wait.until(4) { (ProcessProbe.heldConnections(pid, port: port) ?? 0) >= 1000 }
            #expect(held, """
                the server should hold the 1,000 connections, not leave them in the backlog: \
                it holds \(ProcessProbe.heldConnections(pid, port: port) ?? -1)
                """)
            #expect(await HealthProbe.status(port: port) == 200, "/health must answer beside 1,000 idle connections")

            let report = try #require(try await offPool { crowd.report() })
            #expect(report == IdleCrowd.Report(answered: 250, closed: 1000, reset: 0, open: 0),
                    "every idle connection must be closed by the server, quietly")
            await Self.expectConnectionsReleased(pid, port: port, descriptorsBefore: descriptorsBefore)
            let memoryAfter = try #require(ProcessProbe.residentBytes(pid))
            #expect(memoryAfter - memoryBefore < Self.memoryAllowance)
            #expect(await HealthProbe.status(port: port) == 200)
        }
    }

    @Test func halfClosedAfterACompleteRequestStillGetsTheAnswer() async throws {
        try await TestService.with(.hostile()) { child in
            let port = child.port
            let body = TestService.webhook(1, tag: "halfclose")
            let (health, webhook) = try await offPool { () -> (RawResponse, RawResponse) in
                let first = try RawClient(port: port)
                try first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                first.shutdownWriting()
                let health = try first.readResponse()
                guard first.readToEnd().ending == .closed else { throw RawClient.Failure(description: "not closed") }

                let second = try RawClient(port: port)
                try second.send("POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
                second.shutdownWriting()
                return (health, try second.readResponse())
            }
            #expect(health.status == 200)
            #expect(webhook.status == 200)
            #expect(webhook.json["duplicate"]?.boolValue == false)
            // It was stored, not just answered.
            let again = try await child.client.post("/hooks/botadmin/shop", body: body)
            #expect(again.json["duplicate"]?.boolValue == true)
            #expect(again.json["event_id"]?.stringValue == webhook.json["event_id"]?.stringValue)
        }
    }

    @Test func halfClosedInTheMiddleOfARequestIsClosedWithoutAnAnswer() async throws {
        try await TestService.with(.hostile()) { child in
            let port = child.port
            let partials = [
                "GET /hea",
                "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nContent-Le",
                "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"secret\":",
                "POST /hooks/botadmin/shop HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"se",
            ]
            let outcomes = try await onThreads(partials.count) { index -> HostileRequestTests.Outcome in
                let client = try RawClient(port: port, timeoutMs: 3000)
                try client.send(partials[index])
                client.shutdownWriting()
                return HostileRequestTests.Outcome(client.readToEnd())
            }
            for (partial, outcome) in zip(partials, outcomes) {
                #expect(outcome.ending == .closed, "\(partial.debugDescription) must be closed, not left open")
                #expect(outcome.status.map { $0 >= 400 } ?? true, "\(partial.debugDescription) was answered \(outcome.status!)")
            }
            #expect(await HealthProbe.status(port: port) == 200)
            #expect(child.isRunning)
        }
    }

    @Test func floodOfConnectionsLeavesNoDescriptorBehind() async throws {
        try await TestService.with(.hostile { $0.limits = ["header_timeout_ms": 2000] }) { child in
            let port = child.port, pid = child.pid
            // Counted before any connection was made: nothing of ours is open or lingering.
            let descriptorsBefore = try #require(ProcessProbe.openDescriptors(pid))
            #expect(await HealthProbe.status(port: port) == 200)
            let memoryBefore = try #require(ProcessProbe.residentBytes(pid))
            // 5,000 connections from 4 threads, each thread rude in its own way.
            let failures = try await onThreads(4) { thread -> Int in
                var failures = 0
                for _ in 0..<1250 {
                    guard let client = try? RawClient(port: port, timeoutMs: 2000) else {
                        failures += 1
                        continue
                    }
                    switch thread {
                    case 0: break                                  // connect, close
                    case 1: client.resetOnClose()                  // connect, reset
                    case 2: client.sendAllowingClose(Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))   // ask, leave
                    default: client.sendAllowingClose(Array("POST /hooks/botadmin/shop HTTP/1.1\r\nContent-Le".utf8))
                    }
                }
                return failures
            }
            #expect(failures == [0, 0, 0, 0], "connections refused or timed out during the flood")
            #expect(await HealthProbe.status(port: port) == 200)
            await Self.expectConnectionsReleased(pid, port: port, descriptorsBefore: descriptorsBefore)
            let memoryAfter = try #require(ProcessProbe.residentBytes(pid))
            #expect(memoryAfter - memoryBefore < Self.memoryAllowance)
            #expect(child.isRunning)
        }
    }
}

extension HostileConnectionTests {
    /// Waits up to 5 s for the child to hold no connection on `port` any more. Other descriptors
    /// may grow by a few opened once on first use (a second reader connection's WAL handle, say),
    /// but not by anything like the number of connections.
    static func expectConnectionsReleased(_ pid: Int32, port: Int, descriptorsBefore: Int) async {
        let released = await Wait.until(5) { ProcessProbe.heldConnections(pid, port: port) == 0 }
        #expect(released, "connections still held: \(ProcessProbe.heldConnections(pid, port: port) ?? -1)")
        _ = await Wait.until(2) { (ProcessProbe.openDescriptors(pid) ?? .max) <= descriptorsBefore + 4 }
        let now = ProcessProbe.openDescriptors(pid) ?? .max
        #expect(now <= descriptorsBefore + 4,
                "descriptors: \(descriptorsBefore) before, \(now) after: \(ProcessProbe.descriptorSummary(pid))")
    }
}
