import Foundation

/// One `GET /sim/log` entry: a request the simulator received.
struct SimRequest: @unchecked Sendable {
    // @unchecked: holds JSONSerialization's immutable Foundation values, only ever read.
    let method: String
    let path: String
    /// When the simulator received it (Unix seconds).
    let time: Double
    let query: [String: String]
    let body: [String: Any]
    let answerStatus: Int

    /// "conversation|text", as `MessageView.sightingKey` (yunzhenji `target_wxid`, else the
    /// botadmin `conversation_id`, else gowechat's `send_id`).
    var sightingKey: String {
        let conversation = body["target_wxid"] as? String ?? query["conversation_id"]
            ?? (body["params"] as? [String: Any])?["send_id"] as? String ?? "?"
        return conversation + "|" + texts.joined(separator: "+")
    }

    /// yunzhenji: `messages[].api_send_id`; gowechat: `echo`.
    var apiSendIDs: [String] {
        if let messages = body["messages"] as? [[String: Any]] { return messages.compactMap { $0["api_send_id"] as? String } }
        if let echo = body["echo"] as? String { return [echo] }
        return []
    }

    /// The texts the request carries, whatever the provider's format.
    var texts: [String] {
        if let messages = body["messages"] as? [[String: Any]] {
            return messages.flatMap { message -> [String] in
                let items = (message["content"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
                return items.compactMap { $0["text"] as? String }
            }
        }
        if let text = (body["text"] as? [String: Any])?["content"] as? String { return [text] }
        if let message = (body["params"] as? [String: Any])?["message"] as? String { return [message] }
        return []
    }
}

/// One `GET /sim/callbacks` entry: a callback the simulator posted, and whether the service took it.
struct SimCallback: Sendable {
    let event: String
    let apiSendID: String?
    let delivered: Bool
}

// The simulator's controls (`/sim/faults`, `/sim/log`, `/sim/callbacks`, `/sim/stats`).
extension DeliveryStack {
    /// `POST /sim/faults` with any subset of the knobs.
    func faults(_ knobs: [String: Any]) async throws {
        let answer = try await sim.client.send("POST", "/sim/faults", body: try JSONSerialization.data(withJSONObject: knobs),
                                               contentType: "application/json")
        guard answer.status == 200 else { throw ProcessFailure(message: "POST /sim/faults answered \(answer.status): \(answer.text)") }
    }

    func simStats() async throws -> [String: Int] {
        let answer = try await sim.client.get("/sim/stats")
        return (answer.json as [String: Any]).compactMapValues { $0 as? Int }
    }

    /// Every send request the simulator received (its own controls are not logged).
    func simLog() async throws -> [SimRequest] {
        let answer = try await sim.client.get("/sim/log")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        return items.map { item in
            SimRequest(method: item["method"] as? String ?? "", path: item["path"] as? String ?? "", time: item["time"] as? Double ?? 0,
                       query: (item["query"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String },
                       body: item["body"] as? [String: Any] ?? [:],
                       answerStatus: item["answer_status"] as? Int ?? 0)
        }
    }

    /// Every callback the simulator has posted or given up on, oldest first.
    func simCallbacks() async throws -> [SimCallback] {
        let answer = try await sim.client.get("/sim/callbacks")
        let items = answer.json["items"] as? [[String: Any]] ?? []
        return items.map { item in
            SimCallback(event: item["event"] as? String ?? "", apiSendID: item["api_send_id"] as? String,
                        delivered: item["delivered"] as? Bool ?? false)
        }
    }

    /// Waits until at least `count` send requests have reached the simulator.
    func waitForRequests(_ count: Int, timeout: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await simLog().filter({ $0.method == "POST" }).count < count {
            guard Date() < deadline else { throw ProcessFailure(message: "fewer than \(count) requests reached the simulator") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the simulator has posted (or given up on) every callback it scheduled.
    func waitForCallbacks(timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try await simStats()["callbacks_pending"] != 0 {
            if Date() > deadline {
                throw ProcessFailure(message: "the simulator still has callbacks to post: \(try await simStats())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
