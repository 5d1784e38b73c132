import Foundation

/// One `targets` entry of `POST /api/send`.
struct SendTarget: Sendable {
    let provider: String
    let account: String
    let conversation: String

    static func sales(_ conversation: String) -> SendTarget { SendTarget(provider: "yunzhenji", account: "sales", conversation: conversation) }
    static func shop(_ conversation: String) -> SendTarget { SendTarget(provider: "botadmin", account: "shop", conversation: conversation) }
    static func home(_ conversation: String) -> SendTarget { SendTarget(provider: "gowechat", account: "home", conversation: conversation) }
    static func ops(_ conversation: String) -> SendTarget { SendTarget(provider: "wecom", account: "ops", conversation: conversation) }

    var json: [String: Any] { ["provider": provider, "account": account, "conversation": conversation] }
}

// The admin API as an operator uses it: send, read a message, wait for it; `/health`.
extension DeliveryStack {
    /// `POST /api/send` with text items; the created message ids, one per target, in order.
    func send(_ targets: [SendTarget], texts: [String]) async throws -> [String] {
        let body: [String: Any] = ["targets": targets.map(\.json), "messages": texts.map { ["type": "text", "text": $0] }]
        let data = try JSONSerialization.data(withJSONObject: body)
        let answer = try await api.send("POST", "/api/send", body: data, contentType: "application/json")
        guard answer.status == 202, let messages = answer.json["messages"] as? [[String: Any]] else {
            throw ProcessFailure(message: "POST /api/send answered \(answer.status): \(answer.text)")
        }
        let ids = messages.compactMap { $0["id"] as? String }
        guard ids.count == targets.count else {
            throw ProcessFailure(message: "POST /api/send created \(ids.count) messages for \(targets.count) targets: \(answer.text)")
        }
        return ids
    }

    func send(_ target: SendTarget, text: String) async throws -> String {
        try await send([target], texts: [text])[0]
    }

    /// `POST /api/send` with `send_at`: one text message that waits in `queued` until then.
    func sendScheduled(_ target: SendTarget, text: String, at sendAt: Double) async throws -> String {
        let body: [String: Any] = ["targets": [target.json], "messages": [["type": "text", "text": text]], "send_at": sendAt]
        let answer = try await api.send("POST", "/api/send", body: try JSONSerialization.data(withJSONObject: body),
                                        contentType: "application/json")
        guard answer.status == 202, let id = (answer.json["messages"] as? [[String: Any]])?.first?["id"] as? String else {
            throw ProcessFailure(message: "POST /api/send answered \(answer.status): \(answer.text)")
        }
        return id
    }

    func message(_ id: String) async throws -> MessageView {
        let answer = try await api.get("/api/messages/\(id)")
        guard answer.status == 200 else {
            throw ProcessFailure(message: "GET /api/messages/\(id) answered \(answer.status): \(answer.text)")
        }
        return try MessageView.decode(answer.body)
    }

    /// Polls the message until `condition` holds; past the deadline, fails with its whole story.
    func waitFor(_ id: String, timeout: Double = 20, _ what: String = "final",
                 until condition: (MessageView) -> Bool = \.isFinal) async throws -> MessageView {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let view = try await message(id)
            if condition(view) { return view }
            if Date() > deadline {
                throw ProcessFailure(message: "message not \(what) within \(timeout)s:\n\(view.story)\n"
                                     + "service log (end):\n\(serviceLog.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func waitForState(_ id: String, _ state: String, timeout: Double = 20) async throws -> MessageView {
        try await waitFor(id, timeout: timeout, state) { $0.state == state }
    }

    /// `GET /health`'s `queue`: queued, sending, awaiting_receipt.
    func queueDepth() async throws -> (queued: Int, sending: Int, awaitingReceipt: Int) {
        let answer = try await api.get("/health")
        guard let queue = answer.json["queue"] as? [String: Any] else {
            throw ProcessFailure(message: "GET /health answered \(answer.status) without a queue: \(answer.text)")
        }
        return (queue["queued"] as? Int ?? -1, queue["sending"] as? Int ?? -1, queue["awaiting_receipt"] as? Int ?? -1)
    }

    /// `wxhook_messages{state="…"}` from `GET /metrics`: the outbox's own count of each state.
    func metricsMessageCounts() async throws -> [String: Int] {
        let answer = try await api.get("/metrics")
        guard answer.status == 200 else { throw ProcessFailure(message: "GET /metrics answered \(answer.status)") }
        var counts: [String: Int] = [:]
        for line in answer.text.split(separator: "\n") where line.hasPrefix("wxhook_messages{state=\"") {
            let state = line.dropFirst("wxhook_messages{state=\"".count).prefix { $0 != "\"" }
            if let value = line.split(separator: " ").last.flatMap({ Int($0) }) { counts[String(state)] = value }
        }
        return counts
    }

    /// `GET /api/stats?days=1`'s `by_state`.
    func statsByState() async throws -> [String: Int] {
        let answer = try await api.get("/api/stats?days=1")
        return (answer.json["by_state"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }.filter { $0.value > 0 }
    }

    /// `GET /api/messages` page by page: every message.
    func allMessages(provider: String? = nil) async throws -> [MessageView] {
        var all: [MessageView] = []
        while true {
            var path = "/api/messages?limit=500&offset=\(all.count)"
            if let provider { path += "&provider=\(provider)" }
            let answer = try await api.get(path)
            guard answer.status == 200 else { throw ProcessFailure(message: "GET \(path) answered \(answer.status): \(answer.text)") }
            struct Page: Decodable { let items: [MessageView]; let total: Int }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let page = try decoder.decode(Page.self, from: answer.body)
            all += page.items
            if page.items.isEmpty || all.count >= page.total { return all }
        }
    }
}
