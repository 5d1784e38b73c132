import Core
import Delivery
import Foundation
import JSON
import Storage
import Testing
@testable import Service

/// A planner for the admin tests: `crm` takes every event, `llm` private messages only. It holds
/// a secret, as a real one does, and never writes it.
struct ForwardTestPlanner: ForwardPlanner {
    let secret = AdminServer.subscriptionSecret
    let routing = ForwardRouting([
        .init(name: "crm", filter: ForwardFilter()),
        .init(name: "llm", filter: ForwardFilter(events: [.eventMessage], chats: [.private])),
    ])

    func routes(ofEvent event: StoredEvent, handoff _: ForwardHandoff?) -> [ForwardRoute] {
        guard let kind = EventKind(rawValue: event.kind), let provider = Provider(rawValue: event.provider) else { return [] }
        let type = ForwardType(event: kind)
        let subject = ForwardSubject(type: type, provider: provider, account: event.account,
                                     chat: event.isGroup.map { $0 ? .group : .private })
        return routing.subscriptions(taking: subject).map { ForwardRoute(subscription: $0, type: type) }
    }

    func body(ofEvent event: StoredEvent, raw _: [UInt8], type: ForwardType, rule _: String?) -> [UInt8] {
        JSON.serialize(.object(JSONObject([("type", .string(type.rawValue)), ("data", event.json)])))
    }

    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward] { [] }
}

@Suite struct AdminForwardsTests {
    static let subscriptions = [
        SubscriptionSummary(name: "crm", url: "https://crm.example.com/hooks/wxhook",
                            filter: ForwardFilter(events: [.eventMessage, .messageFailed], providers: [.yunzhenji],
                                                  accounts: ["sales"], chats: [.private])),
        SubscriptionSummary(name: "llm", url: "http://127.0.0.1:7000/reply"),
    ]
    static let policy = ForwardPolicy(maxAttempts: 1, retryBaseMilliseconds: 1000)

    static func with(_ body: (AdminServer) async throws -> Void) async throws {
        try await AdminServer.with(forwarding: ForwardTestPlanner(), subscriptions: subscriptions, body)
    }

    /// Stores a private message `e_<index>` at the clock's time and returns the crm forward's id.
    @discardableResult
    static func ingest(_ server: AdminServer, _ index: Int, conversation: String = "7xxx") async throws -> String {
        let event = InboundEvent(
            provider: .yunzhenji, account: "sales", kind: .message, conversation: conversation, sender: conversation,
            text: "m\(index)", isGroup: false, dedupeKey: DedupeKey(value: "k\(index)", windowed: false),
            rawBody: Array(#"{"text":"m\#(index)"}"#.utf8))
        _ = try await server.outbox.ingest(event, id: "e_\(index)", receivedAt: server.clock.now, replies: nil)
        let page = try await server.outbox.forwards(matching: ForwardQuery(subscription: "crm", eventID: "e_\(index)"))
        return try #require(page.items.first?.id)
    }

    /// One attempt of forward `id`, answered `status` after 40 ms.
    @discardableResult
    static func attempt(_ server: AdminServer, _ id: String, status: Int?, answer: String? = nil) async throws -> Forward {
        let started = try await server.outbox.startForwardAttempts([id], now: server.clock.now)
        let running = try started[0].get()
        let result: ForwardAttemptResult = status.map { .answered(status: $0, retryAfter: nil) }
            ?? .noAnswer(reason: "connection refused")
        return try await server.outbox.recordForwardAttempt(
            id: id, attempt: running.attempts, result: result, answer: answer, durationMs: 40, policy: policy,
            jitter: 0, now: server.clock.now + 0.04)
    }

    @Test func subscriptionsShowFiltersCountsAndLastTimesButNoSecret() async throws {
        try await Self.with { server in
            let delivered = try await Self.ingest(server, 0, conversation: "a")
            try await Self.attempt(server, delivered, status: 204)
            server.clock.advance(10)
            let failed = try await Self.ingest(server, 1, conversation: "b")
            try await Self.attempt(server, failed, status: 410)

            let answer = try await server.get("/api/subscriptions")
            #expect(answer.status == 200)
            #expect(answer.json["count"] == 2 && answer.json["total"] == 2)
            let crm = answer.items[0]
            #expect(crm["name"] == "crm" && crm["url"] == "https://crm.example.com/hooks/wxhook")
            #expect(crm["events"] == ["event.message", "message.failed"])
            #expect(crm["providers"] == ["yunzhenji"] && crm["accounts"] == ["sales"] && crm["chats"] == ["private"])
            #expect(crm["counts"] == ["pending": 0, "delivering": 0, "delivered": 1, "failed": 1])
            #expect(crm["last_success_at"] == .double(AdminServer.t0 + 0.04))
            #expect(crm["last_failure_at"] == .double(AdminServer.t0 + 10.04))
            #expect(crm["secret"] == nil)
            let llm = answer.items[1]
            #expect(llm["events"] == .null && llm["providers"] == .null && llm["accounts"] == .null)
            #expect(llm["chats"] == .null)
            #expect(llm["counts"] == ["pending": 2, "delivering": 0, "delivered": 0, "failed": 0])
            #expect(llm["last_success_at"] == .null && llm["last_failure_at"] == .null)
        }
    }

    @Test func forwardsAreListedNewestFirstFilteredAndPaged() async throws {
        try await Self.with { server in
            var crm: [String] = []
            for index in 0..<4 {
                crm.append(try await Self.ingest(server, index, conversation: "c\(index)"))
                server.clock.advance(10)
            }
            try await Self.attempt(server, crm[1], status: 500)

            let all = try await server.get("/api/forwards")
            #expect(all.status == 200 && all.json["total"] == 8 && all.json["count"] == 8)
            let first = all.items[0]
            for key in ["id", "subscription", "type", "event_id", "message_id", "state", "attempts", "next_attempt_at",
                        "created_at", "updated_at", "last_status", "reply_error"] {
                #expect(first[key] != nil, "a forward in a list has \(key)")
            }
            #expect(first["body"] == nil && first["attempt_history"] == nil)

            let page = try await server.get("/api/forwards?subscription=crm&limit=2&offset=1")
            #expect(page.items.compactMap { $0["id"]?.stringValue } == [crm[2], crm[1]])
            #expect(page.json["count"] == 2 && page.json["total"] == 4)
            let failed = try await server.get("/api/forwards?state=failed")
            #expect(failed.items.compactMap { $0["id"]?.stringValue } == [crm[1]])
            #expect(failed.items.first?["last_status"] == 500)
            #expect(try await server.get("/api/forwards?event_id=e_2").json["total"] == 2)
            #expect(try await server.get("/api/forwards?message_id=m_none").json["total"] == 0)
            let since = AdminServer.t0 + 10
            let window = try await server.get("/api/forwards?subscription=crm&since=\(since)&until=\(since + 20)")
            #expect(window.items.compactMap { $0["id"]?.stringValue } == [crm[2], crm[1]])
            #expect(try await server.get("/api/forwards?state=&subscription=").json["total"] == 8)
        }
    }

    @Test func invalidFiltersAreRefusedLikeEveryList() async throws {
        try await Self.with { server in
            for query in ["state=sent", "since=yesterday", "until=1e999", "limit=-1", "offset=x"] {
                let answer = try await server.get("/api/forwards?\(query)")
                #expect(answer.status == 400, "\(query)")
                #expect(answer.error != nil, "\(query)")
            }
        }
    }

    @Test func aForwardShowsItsBodyAndAttempts() async throws {
        try await Self.with { server in
            let id = try await Self.ingest(server, 0)
            try await Self.attempt(server, id, status: nil)
            let answer = try await server.get("/api/forwards/\(id)")
            #expect(answer.status == 200)
            #expect(answer.json["id"] == .string(id) && answer.json["state"] == "failed")
            #expect(answer.json["body"]?["type"] == "event.message")
            #expect(answer.json["body"]?["data"]?["id"] == "e_0")
            let history = try #require(answer.json["attempt_history"]?.arrayValue)
            #expect(history.count == 1)
            #expect(history.first?["attempt"] == 1 && history.first?["status"] == .null)
            #expect(history.first?["started_at"] == .double(AdminServer.t0))
            #expect(history.first?["duration_ms"] == .double(40) && history.first?["answer"] == .null)
            #expect(history.first?["error"]?.stringValue?.contains("connection refused") == true)

            let missing = try await server.get("/api/forwards/fw_nope")
            #expect(missing.status == 404 && missing.error == "no forward \"fw_nope\"")
        }
    }

    @Test func aFailedForwardIsRetriedUnderItsIDAndAnythingElseIsAConflict() async throws {
        try await Self.with { server in
            let id = try await Self.ingest(server, 0)
            let pending = try await server.post("/api/forwards/\(id)/retry")
            #expect(pending.status == 409 && pending.error != nil)
            try await Self.attempt(server, id, status: 400)
            server.clock.advance(5)
            let retried = try await server.post("/api/forwards/\(id)/retry")
            #expect(retried.status == 200)
            #expect(retried.json["id"] == .string(id) && retried.json["state"] == "pending")
            #expect(retried.json["next_attempt_at"] == .double(AdminServer.t0 + 5))
            #expect(server.forwarderWakes.value == 1)
            #expect(try await server.post("/api/forwards/\(id)/retry").status == 409)
            let unknown = try await server.post("/api/forwards/fw_nope/retry")
            #expect(unknown.status == 404 && unknown.error == "no forward \"fw_nope\"")
        }
    }

    @Test func anEventIsReplayedAsANewForward() async throws {
        try await Self.with { server in
            let original = try await Self.ingest(server, 0)
            server.clock.advance(60)
            let replayed = try await server.post("/api/events/e_0/replay", #"{"subscription":"crm"}"#)
            #expect(replayed.status == 202)
            let id = try #require(replayed.json["id"]?.stringValue)
            #expect(id != original && id.hasPrefix("fw_"))
            #expect(replayed.json["subscription"] == "crm" && replayed.json["event_id"] == "e_0")
            #expect(replayed.json["state"] == "pending" && replayed.json["attempts"] == 0)
            #expect(replayed.json["created_at"] == .double(AdminServer.t0 + 60))
            #expect(server.forwarderWakes.value == 1)
            #expect(try await server.get("/api/forwards?event_id=e_0&subscription=crm").json["total"] == 2)

            let unknownEvent = try await server.post("/api/events/e_nope/replay", #"{"subscription":"crm"}"#)
            #expect(unknownEvent.status == 404 && unknownEvent.error == "no event \"e_nope\"")
            let unknownSubscription = try await server.post("/api/events/e_0/replay", #"{"subscription":"erp"}"#)
            #expect(unknownSubscription.status == 422 && unknownSubscription.error == "no subscription \"erp\"")
            #expect(try await server.post("/api/events/e_0/replay").status == 422)
            #expect(try await server.post("/api/events/e_0/replay", "{}").status == 422)
            #expect(try await server.post("/api/events/e_0/replay", "[1]").status == 400)
            #expect(try await server.post("/api/events/e_0/replay", "{nope").status == 400)
            #expect(try await server.post("/api/events/e_0/replay", #"{"subscription":7}"#).status == 400)
            #expect(server.forwarderWakes.value == 1)
        }
    }

    @Test func everyForwardRouteNeedsTheAdminToken() async throws {
        try await Self.with { server in
            let id = try await Self.ingest(server, 0)
            let calls: [(String, String, String?)] = [
                ("GET", "/api/subscriptions", nil), ("GET", "/api/forwards", nil), ("GET", "/api/forwards/\(id)", nil),
                ("POST", "/api/forwards/\(id)/retry", nil), ("POST", "/api/events/e_0/replay", #"{"subscription":"crm"}"#),
            ]
            for (method, path, body) in calls {
                for token: String? in [nil, "wrong"] {
                    let answer = try await server.request(method, path, body: body, token: .some(token))
                    #expect(answer.status == 401, "\(method) \(path)")
                }
            }
            #expect(try await server.get("/api/forwards").json["total"] == 2)
        }
    }
}
