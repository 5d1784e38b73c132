import Foundation

/// Every send request the simulator received over a long run. `GET /sim/log` keeps only the
/// latest 10 000 entries, so a run that may send more reads it now and then and keeps what it
/// has not seen yet, by the log's `seq`.
struct SimLogHarvest {
    private(set) var requests: [SimRequest] = []
    private var lastSequence = 0
    /// The simulator's request count at the last reading.
    private var requestsAtLastReading = 0

    /// Reads the log when it may be about to lose entries not read yet (or when `force`).
    mutating func harvest(_ stack: DeliveryStack, force: Bool = false) async throws {
        let count = try await stack.simStats()["requests"] ?? 0
        guard force || count - requestsAtLastReading > 4_000 else { return }
        let answer = try await stack.sim.client.get("/sim/log")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        if let oldest = items.first?["seq"] as? Int, oldest > lastSequence + 1 {
            throw ProcessFailure(message: "the simulator's log lost entries \(lastSequence + 1)..<\(oldest) before they were read")
        }
        for item in items {
            guard let sequence = item["seq"] as? Int, sequence > lastSequence else { continue }
            lastSequence = sequence
            requests.append(SimRequest(
                method: item["method"] as? String ?? "", path: item["path"] as? String ?? "", time: item["time"] as? Double ?? 0,
                query: (item["query"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String },
                body: item["body"] as? [String: Any] ?? [:], answerStatus: item["answer_status"] as? Int ?? 0))
        }
        requestsAtLastReading = count
    }

    /// The send requests (bot-admin `/api/send`, yunzhenji `/wechat/sendMessage`), not the
    /// group-list reads.
    var sends: [SimRequest] {
        requests.filter { $0.method == "POST" && ($0.path == "/api/send" || $0.path == "/wechat/sendMessage") }
    }
}
