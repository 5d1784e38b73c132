import HTTP
import Server
import TestSupport
import Testing

@Suite struct LoadTests {
    @Test(arguments: executions)
    func manyConcurrentClientsAreAllAnsweredCorrectly(_ execution: HandlerExecution) async throws {
        let log = LogRecorder()
        // Fifty clients at once: the whole machine, so no other live test misses its deadlines.
        try await withServer(log: log, execution: execution, share: .whole) { port, _ in
            let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
                for clientIndex in 0..<50 {
                    group.addTask {
                        try await offPool {
                            let client = try TestClient(port: port)
                            var wrong = 0
                            for requestIndex in 0..<20 {
                                let payload = "client \(clientIndex) request \(requestIndex)"
                                try client.send(post("/echo", payload))
                                let response = try client.readResponse()
                                if response.status != 200 || response.text != payload { wrong += 1 }
                            }
                            return wrong
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(mismatches == 0)
            #expect(log.all.count == 1000)
            #expect(Set(log.all.map(\.requestID)).count == 1000)
        }
    }

    @Test func manyPipelinedRequestsOnOneConnectionKeepTheirOrder() async throws {
        // More than maxPipelinedRequests at once: the server must hold back and resume.
        try await withServer(limits: HTTPLimits(maxPipelinedRequests: 4)) { port, _ in
            let bodies = try await offPool {
                let client = try TestClient(port: port)
                try client.send((0..<40).map { post("/echo", "n\($0)") }.joined())
                return try (0..<40).map { _ in try client.readResponse().text }
            }
            #expect(bodies == (0..<40).map { "n\($0)" })
        }
    }

    @Test func largeResponsesSurvivePartialWrites() async throws {
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var router = Router()
        router.add(.get, "/big", { _ in HTTPResponse(status: .ok, body: big) })
        try await withServer(handler: router.handle) { port, _ in
            let (first, second) = try await offPool {
                let client = try TestClient(port: port)
                try client.send(get("/big") + get("/big"))
                return (try client.readResponse(), try client.readResponse())
            }
            #expect(first.body == big)
            #expect(second.body == big)
        }
    }
}
