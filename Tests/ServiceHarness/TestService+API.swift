import Foundation
import JSON

/// One `targets` entry of `POST /api/send`.
package struct SendTarget: Sendable {
    package let provider: String
    package let account: String
    package let conversation: String

    package static func sales(_ conversation: String) -> SendTarget { SendTarget(provider: "yunzhenji", account: "sales", conversation: conversation) }
    package static func shop(_ conversation: String) -> SendTarget { SendTarget(provider: "botadmin", account: "shop", conversation: conversation) }
    package static func home(_ conversation: String) -> SendTarget { SendTarget(provider: "gowechat", account: "home", conversation: conversation) }
    package static func ops(_ conversation: String) -> SendTarget { SendTarget(provider: "wecom", account: "ops", conversation: conversation) }

    package var json: [String: Any] { ["provider": provider, "account": account, "conversation": conversation] }
}

// The admin API as an operator uses it: send, read a message, wait for it; `/health`.
extension TestService {
    /// `POST /api/send` with text items; the created message ids, one per target, in order.
    package func send(_ targets: [SendTarget], texts: [String]) async throws -> [String] {
        let body: [String: Any] = ["targets": targets.map(\.json), "messages": texts.map { ["type": "text", "text": $0] }]
        let data = try JSONSerialization.data(withJSONObject: body)
        let answer = try await client.send("POST", "/api/send", body: data, contentType: "application/json")
        guard answer.status == 202, let messages = answer.json["messages"]?.arrayValue else {
            throw HarnessFailure("POST /api/send answered \(answer.status): \(answer.text)")
        }
        let ids = messages.compactMap { $0["id"]?.stringValue }
        guard ids.count == targets.count else {
            throw HarnessFailure("POST /api/send created \(ids.count) messages for \(targets.count) targets: \(answer.text)")
        }
        return ids
    }

    package func send(_ target: SendTarget, text: String) async throws -> String {
        try await send([target], texts: [text])[0]
    }

    /// `POST /api/send` with `send_at`: one text message that waits in `queued` until then.
    package func sendScheduled(_ target: SendTarget, text: String, at sendAt: Double) async throws -> String {
        let body: [String: Any] = ["targets": [target.json], "messages": [["type": "text", "text": text]], "send_at": sendAt]
        let answer = try await client.send("POST", "/api/send", body: try JSONSerialization.data(withJSONObject: body),
                                        contentType: "application/json")
        guard answer.status == 202, let id = answer.json["messages"]?[0]?["id"]?.stringValue else {
            throw HarnessFailure("POST /api/send answered \(answer.status): \(answer.text)")
        }
        return id
    }

    package func message(_ id: String) async throws -> MessageView {
        let answer = try await client.get("/api/messages/\(id)")
        guard answer.status == 200 else {
            throw HarnessFailure("GET /api/messages/\(id) answered \(answer.status): \(answer.text)")
        }
        return try answer.decode(MessageView.self)
    }

    /// Polls the message until `condition` holds; past the deadline, fails with its whole story.
    package func waitFor(_ id: String, timeout: Double = 20, _ what: String = "final",
                 until condition: (MessageView) -> Bool = \.isFinal) async throws -> MessageView {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let view = try await message(id)
            if condition(view) { return view }
            if Date() > deadline {
                throw HarnessFailure("message not \(what) within \(timeout)s:\n\(view.story)\n"
                                     + "service log (end):\n\(serviceLog.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    package func waitForState(_ id: String, _ state: String, timeout: Double = 20) async throws -> MessageView {
        try await waitFor(id, timeout: timeout, state) { $0.state == state }
    }

    /// `GET /api/messages`'s `total`: how many messages the outbox holds.
    package func messageCount() async throws -> Int {
        let answer = try await client.get("/api/messages?limit=1")
        guard let total = answer.json["total"]?.intValue else {
            throw HarnessFailure("GET /api/messages answered \(answer.status) without a total: \(answer.text)")
        }
        return total
    }

    /// `GET /health`'s `queue`: queued, sending, awaiting_receipt.
    package func queueDepth() async throws -> (queued: Int, sending: Int, awaitingReceipt: Int) {
        let answer = try await client.get("/health")
        guard let queue = answer.json["queue"] else {
            throw HarnessFailure("GET /health answered \(answer.status) without a queue: \(answer.text)")
        }
        return (queue["queued"]?.intValue ?? -1, queue["sending"]?.intValue ?? -1, queue["awaiting_receipt"]?.intValue ?? -1)
    }

    /// `wxhook_messages{state="…"}` from `GET /metrics`: the outbox's own count of each state.
    package func metricsMessageCounts() async throws -> [String: Int] {
        let answer = try await client.get("/metrics")
        guard answer.status == 200 else { throw HarnessFailure("GET /metrics answered \(answer.status)") }
        var counts: [String: Int] = [:]
        for line in answer.text.split(separator: "\n") where line.hasPrefix("wxhook_messages{state=\"") {
            let state = line.dropFirst("wxhook_messages{state=\"".count).prefix { $0 != "\"" }
            if let value = line.split(separator: " ").last.flatMap({ Int($0) }) { counts[String(state)] = value }
        }
        return counts
    }

    /// `GET /api/stats?days=1`'s `by_state`.
    package func statsByState() async throws -> [String: Int] {
        let answer = try await client.get("/api/stats?days=1")
        return (answer.json["by_state"]?.objectValue?.dictionary ?? [:]).compactMapValues(\.intValue).filter { $0.value > 0 }
    }
}
