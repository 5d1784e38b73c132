import Foundation

// Waiting for a whole run to come to rest, and reading every message back.
extension TestService {
    /// Until the service's queue is empty and the simulator has posted every callback it
    /// scheduled (a late `chatMsgSendFail` could still turn a `delivered` into `failed`).
    package func waitUntilSettled(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let queue = try await queueDepth()
            if queue == (0, 0, 0), try await simStats()["callbacks_pending"] == 0, try await queueDepth() == (0, 0, 0) {
                return
            }
            if Date() > deadline {
                throw HarnessFailure("not settled in \(timeout)s: queue \(queue), sim \(try await simStats())")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// `GET /api/messages/{id}` for every id, eight at a time.
    package func details(of ids: [String]) async throws -> [MessageView] {
        try await withThrowingTaskGroup(of: [MessageView].self) { group in
            let lanes = 8
            for lane in 0..<lanes {
                group.addTask {
                    var views: [MessageView] = []
                    for index in stride(from: lane, to: ids.count, by: lanes) { views.append(try await self.message(ids[index])) }
                    return views
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }
}
