import Foundation
import JSON
import ServiceHarness
import Testing

/// Replies from an application, end to end with the real binaries: `wxhook serve` hands messages
/// to `wxhook sim`'s application (`/sim/app`), which checks each signature and answers; its
/// answer becomes the reply to the customer, sent through the simulator's provider — once, and
/// only when it is a valid reply in time.
@Suite(.serialized) struct ApplicationReplyEndToEndTests {
    static let rules = [
        "shop.json": """
            {"rules": [
              {"name": "human", "keywords": ["人工"], "reply": {"forward": "app", "reply_within_s": 2}},
              {"name": "price", "keywords": ["价格"],
               "reply": {"messages": [{"type": "text", "text": "99 元"}]}}
             ],
             "default": {"forward": "app"}}
            """,
    ]

    /// `app` takes no event stream of its own (`"events": []`): only what the rules hand it.
    static func settings(_ configure: (inout TestSettings) -> Void = { _ in }) -> TestSettings {
        .endToEnd {
            $0.host = .process
            $0.accounts = [.shop]
            $0.rules = Self.rules
            $0.adminToken = "admin-token-e2e"
            $0.simApplication = #""events":[],"retry_base_ms":50"#
            configure(&$0)
        }
    }

    static func say(_ world: TestService, _ text: String, conversation: String = "c1") async throws -> String {
        let answer = try await world.inbound(provider: "botadmin", account: "shop", conversation: conversation,
                                             sender: "u1", text: text)
        #expect(answer.status == 200, "\(answer.text)")
        return try #require(answer.json["answer"]?["event_id"]?.stringValue, "\(answer.text)")
    }

    static func behave(_ world: TestService, _ behaviour: String) async throws {
        let answer = try await world.sim.client.post("/sim/app/behaviour", body: behaviour)
        #expect(answer.status == 200, "\(answer.text)")
    }

    static func received(_ world: TestService) async throws -> [JSONValue] {
        try await world.sim.client.get("/sim/app/received").items
    }

    /// The forwards to `app`, newest first.
    static func forwards(_ world: TestService) async throws -> [JSONValue] {
        try await world.client.get("/api/forwards?subscription=app").items
    }

    static func sentTexts(_ world: TestService) async throws -> [String] {
        try await world.sentRequests().compactMap { $0.body["text"]?["content"]?.stringValue }
    }

    @Test func anUnmatchedMessageIsAnsweredByTheApplicationOnceAndAKeywordRuleStillAnswersItself() async throws {
        try await TestService.with(Self.settings()) { world in
            let eventID = try await Self.say(world, "你们几点开门")
            _ = try await Self.say(world, "价格")
            #expect(try await eventually(within: 20) { try await Self.sentTexts(world).count >= 2 }, "\(world.serviceLog)")
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await Self.sentTexts(world).sorted() == ["99 元", "echo: 你们几点开门"])

            // The application saw only the message handed to it, signed, with the rule named.
            let received = try await Self.received(world)
            #expect(received.count == 1)
            #expect(received.first?["verified"] == .bool(true))
            #expect(received.first?["rule"]?.stringValue == "default")
            #expect(received.first?["type"]?.stringValue == "event.message")

            let forward = try #require(try await Self.forwards(world).first)
            #expect(forward["state"]?.stringValue == "delivered" && forward["reply_error"] == .null)
            #expect(forward["rule"]?.stringValue == "default" && forward["event_id"]?.stringValue == eventID)
            let replies = try await world.allOutboxEntries().filter { $0.rule == "default" }
            #expect(replies.count == 1 && replies.first?.inReplyTo == eventID)
        }
    }

    @Test func anAnswerThatWasRetriedStillRepliesOnce() async throws {
        try await TestService.with(Self.settings()) { world in
            try await Self.behave(world, #"{"status": 503, "times": 2}"#)
            _ = try await Self.say(world, "在吗")
            #expect(try await eventually(within: 20) { try await Self.sentTexts(world).count >= 1 }, "\(world.serviceLog)")
            try await world.waitUntilSettled(timeout: 10)
            #expect(try await Self.sentTexts(world) == ["echo: 在吗"])
            let received = try await Self.received(world)
            #expect(received.count == 3 && Set(received.compactMap { $0["webhook_id"]?.stringValue }).count == 1)
            #expect(received.map { $0["status"]?.intValue } == [503, 503, 200])
        }
    }

    @Test func aMalformedALateAndAnOversizedAnswerEachLeaveAReplyErrorAndSendNothing() async throws {
        try await TestService.with(Self.settings()) { world in
            // No items.
            try await Self.behave(world, #"{"reply": {"reply": {"messages": []}}, "times": 1}"#)
            _ = try await Self.say(world, "一", conversation: "c1")
            #expect(try await eventually { try await Self.received(world).count == 1 })
            // Later than the rule's reply_within_s (2 s).
            try await Self.behave(world, #"{"delay_ms": 2500, "times": 1}"#)
            _ = try await Self.say(world, "转人工", conversation: "c2")
            #expect(try await eventually { try await Self.received(world).count == 2 })
            // More than 64 KiB: delivered (2xx), cut, not retried, no reply.
            let long = String(repeating: "长", count: 30_000)
            try await Self.behave(world, #"{"reply": {"reply": {"messages": [{"type": "text", "text": "\#(long)"}]}}, "times": 1}"#)
            _ = try await Self.say(world, "三", conversation: "c3")

            let settled = try await eventually(within: 20) {
                let forwards = try await Self.forwards(world)
                return forwards.count == 3 && forwards.allSatisfy { $0["state"]?.stringValue == "delivered" }
            }
            let byEvent = try await Self.forwards(world)
            #expect(settled, "\(byEvent)\n\(world.serviceLog)")
            #expect(byEvent.allSatisfy { $0["attempts"]?.intValue == 1 })
            let reasons = byEvent.compactMap { $0["reply_error"]?.stringValue }.sorted()
            #expect(reasons.count == 3, "\(byEvent)")
            #expect(reasons.contains { $0.contains("1 to 5") })
            #expect(reasons.contains { $0.contains("reply_within_s") })
            #expect(reasons.contains { $0.contains("64 KiB") })
            // The attempt says it too.
            let id = try #require(byEvent.first?["id"]?.stringValue)
            let detail = try await world.client.get("/api/forwards/\(id)").json
            #expect(detail["attempt_history"]?[0]?["error"]?.stringValue?.hasPrefix("no reply: ") == true)
            try await world.waitUntilSettled(timeout: 5)
            #expect(try await Self.sentTexts(world).isEmpty)
        }
    }

    @Test func theApplicationRefusesAForwardItCannotVerify() async throws {
        try await TestService.with(Self.settings()) { world in
            let forged = try await world.sim.client.send(
                "POST", "/sim/app", body: Data(#"{"type":"event.message","data":{"text":"hi"}}"#.utf8),
                contentType: "application/json",
                headers: ["webhook-id": "fw_forged", "webhook-timestamp": String(Int(Date().timeIntervalSince1970)),
                          "webhook-signature": "v1,AAAA"])
            #expect(forged.status == 401)
            let stale = try await world.sim.client.send(
                "POST", "/sim/app", body: Data("{}".utf8), contentType: "application/json",
                headers: ["webhook-id": "fw_old", "webhook-timestamp": String(Int(Date().timeIntervalSince1970) - 600),
                          "webhook-signature": "v1,AAAA"])
            #expect(stale.status == 401)
            #expect(try await Self.received(world).map { $0["verified"] } == [.bool(false), .bool(false)])
        }
    }
}

extension ApplicationReplyEndToEndTests {
    @Test func theRuleTesterNamesTheSubscriptionAMessageWouldBeHandedTo() async throws {
        try await TestService.with(Self.settings()) { world in
            let unmatched = try await world.client.post("/api/rules/test", body: #"{"text":"几点开门"}"#).json
            #expect(unmatched["rule"]?.stringValue == "default" && unmatched["forward"]?["subscription"]?.stringValue == "app")
            #expect(unmatched["forwarded_to"] == ["app"])
            let price = try await world.client.post("/api/rules/test", body: #"{"text":"价格"}"#).json
            #expect(price["forward"] == nil && price["forwarded_to"] == [])
        }
    }
}
