import Core
import Delivery
import JSON
import Testing
@testable import Storage

/// The admin API's shapes of a message, its detail and the send answer (docs/api.md,
/// "Messages").
@Suite struct OutboxJSONTests {
    static let t0 = StoreFixture.t0 + 0.125

    @Test func aMessageHasExactlyTheContractsFields() async throws {
        try await StoreFixture.with { store, _ in
            let queued = try await store.enqueueOne(items: [.text("您好")], now: Self.t0)
            let json = queued.json
            #expect(json.objectValue?.keys == [
                "id", "provider", "account", "conversation", "items", "state", "origin", "rule", "in_reply_to",
                "attempts", "provider_ids", "error", "created_at", "updated_at",
            ])
            #expect(json["items"] == [["type": "text", "text": "您好"]])
            #expect(json["state"] == "queued")
            #expect(json["origin"] == "api")
            #expect(json["rule"] == .null && json["in_reply_to"] == .null && json["error"] == .null)
            #expect(json["attempts"] == 0)
            #expect(json["provider_ids"] == [])
            #expect(json["created_at"] == .double(Self.t0))
            #expect(JSON.string(json).contains("\"created_at\":1763700000.125"))

            let reply = try await store.enqueueOne(conversation: "8", origin: .rule(name: "price", inReplyTo: "e_9"),
                                                   now: Self.t0)
            #expect(reply.json["origin"] == "rule" && reply.json["rule"] == "price" && reply.json["in_reply_to"] == "e_9")
        }
    }

    @Test func aDetailAddsTimelineAndAttemptHistory() async throws {
        try await StoreFixture.with { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-1"], now: Self.t0 + 1)
            _ = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["168,7,ABC"]),
                                             now: Self.t0 + 2)
            let json = try await store.detail(message.id).json
            #expect(json.objectValue?.keys.suffix(2) == ["timeline", "attempt_history"])
            #expect(json["attempts"] == 1)
            #expect(json["provider_ids"] == ["168,7,ABC"])
            #expect(json["updated_at"] == .double(Self.t0 + 2))
            #expect(json["timeline"]?[0] == ["time": .double(Self.t0), "from": nil, "to": "queued", "cause": "api"])
            #expect(json["timeline"]?[1] == ["time": .double(Self.t0 + 1), "from": "queued", "to": "sending",
                                             "cause": "attempt 1"])
            #expect(json["attempt_history"] == [[
                "attempt": 1, "api_send_ids": ["s-1"], "started_at": .double(Self.t0 + 1), "outcome": "accepted",
                "error": nil,
            ]])
        }
    }

    @Test func theSendAnswerNamesEachMessageAndItsTarget() async throws {
        try await StoreFixture.with { store, _ in
            let result = try await store.enqueue([
                NewOutboxMessage(provider: .yunzhenji, account: "sales", conversation: "7xxx", items: [.text("hi")]),
            ], now: Self.t0)
            guard case .created(let messages) = result else { Issue.record("not created"); return }
            #expect(result.answer == ["messages": [[
                "id": .string(messages[0].id),
                "target": ["provider": "yunzhenji", "account": "sales", "conversation": "7xxx", "chat": "private"],
                "state": "queued",
            ]]])
        }
    }
}
