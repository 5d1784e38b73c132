import Foundation
import ServiceHarness

/// Every send request the simulator received over a long run. `GET /sim/log` keeps only the
/// latest 10 000 entries, so a run that may send more reads it now and then and keeps what it
/// has not seen yet, by the log's `seq`.
struct SimLogHarvest {
    private(set) var requests: [SimRequest] = []
    private var lastSequence = 0
    /// The simulator's request count at the last reading.
    private var requestsAtLastReading = 0

    /// Reads the log when it may be about to lose entries not read yet (or when `force`).
    mutating func harvest(_ stack: TestService, force: Bool = false) async throws {
        let count = try await stack.simStats()["requests"] ?? 0
        guard force || count - requestsAtLastReading > 4_000 else { return }
        let answer = try await stack.sim.client.get("/sim/log")
        let items = answer.items.map(SimRequest.init)
        if let oldest = items.first?.sequence, oldest > lastSequence + 1 {
            throw HarnessFailure("the simulator's log lost entries \(lastSequence + 1)..<\(oldest) before they were read")
        }
        for item in items {
            guard item.sequence > lastSequence else { continue }
            lastSequence = item.sequence
            requests.append(item)
        }
        requestsAtLastReading = count
    }

    /// The send requests (bot-admin `/api/send`, yunzhenji `/wechat/sendMessage`), not the
    /// group-list reads.
    var sends: [SimRequest] {
        requests.filter { $0.method == "POST" && ($0.path == "/api/send" || $0.path == "/wechat/sendMessage") }
    }
}
