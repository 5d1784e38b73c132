import Core
import Delivery
import Foundation
import Storage
import Testing

/// A planner for the store tests: every subscription in `routing` that takes the subject gets a
/// forward whose body names the type and what it tells of.
struct LabelPlanner: ForwardPlanner {
    let routing: ForwardRouting

    init(_ subscriptions: [(String, ForwardFilter)]) {
        routing = ForwardRouting(subscriptions.map { ForwardRouting.Route(name: $0.0, filter: $0.1) })
    }

    /// A hand-off's subscription gets its forward whatever its filter says, carrying the rule.
    func routes(ofEvent event: StoredEvent, handoff: ForwardHandoff?) -> [ForwardRoute] {
        guard let kind = EventKind(rawValue: event.kind), let provider = Provider(rawValue: event.provider) else { return [] }
        let type = ForwardType(event: kind)
        let subject = ForwardSubject(type: type, provider: provider, account: event.account,
                                     chat: event.isGroup.map { $0 ? .group : .private })
        var names = routing.subscriptions(taking: subject)
        if let handoff, !names.contains(handoff.subscription) { names.append(handoff.subscription) }
        return names.map { name in
            guard let handoff, handoff.subscription == name else { return ForwardRoute(subscription: name, type: type) }
            return ForwardRoute(subscription: name, type: type, rule: handoff.rule, replyBy: handoff.replyBy)
        }
    }

    func body(ofEvent event: StoredEvent, raw _: [UInt8], type: ForwardType, rule _: String?) -> [UInt8] {
        Array("\(type.rawValue) \(event.id)".utf8)
    }

    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward] {
        guard let type = ForwardType(messageState: message.state.rawValue) else { return [] }
        let subject = ForwardSubject(type: type, provider: message.provider, account: message.account, chat: message.chat)
        return routing.subscriptions(taking: subject).map {
            NewForward(subscription: $0, type: type, body: Array("\(type.rawValue) \(message.id)".utf8))
        }
    }
}

/// Forwards: created with what they tell of, released one per line in order, retried on the
/// subscription's schedule, recovered after a restart, failed when their subscription goes.
@Suite struct ForwardStoreTests {
    static let t0 = StoreFixture.t0
    static let planner = LabelPlanner([
        ("crm", ForwardFilter()),
        ("llm", ForwardFilter(events: [.eventMessage], chats: [.private])),
        ("quiet", ForwardFilter(events: [])),
    ])
    static let policy = ForwardPolicy(maxAttempts: 3, retryBaseMilliseconds: 1000)

    static func message(_ text: String, key: String, conversation: String = "7xxx", isGroup: Bool = false)
        -> InboundEvent {
        InboundEvent(provider: .yunzhenji, account: "sales", kind: .message, conversation: conversation,
                     sender: conversation, text: text, isGroup: isGroup, dedupeKey: DedupeKey(value: key, windowed: false),
                     rawBody: Array(#"{"text":"\#(text)"}"#.utf8))
    }

    @Test func anEventGetsOneForwardPerSubscriptionThatTakesItAndARedeliveryNone() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let first = try await store.ingest(Self.message("hi", key: "k1"), id: "e_1", receivedAt: Self.t0, replies: nil)
            #expect(first.forwarded)
            let again = try await store.ingest(Self.message("hi", key: "k1"), id: "e_2", receivedAt: Self.t0, replies: nil)
            #expect(again.duplicate && !again.forwarded)
            let group = try await store.ingest(Self.message("all", key: "k2", conversation: "g@chatroom", isGroup: true),
                                               id: "e_3", receivedAt: Self.t0 + 1, replies: nil)
            #expect(group.forwarded)
            let ofFirst = try await store.forwards(matching: ForwardQuery(eventID: "e_1")).items
            #expect(Set(ofFirst.map(\.subscription)) == ["crm", "llm"])
            #expect(ofFirst.allSatisfy { $0.type == .eventMessage && $0.state == .pending && $0.id.hasPrefix("fw_") })
            #expect(ofFirst.allSatisfy { $0.createdAt == Self.t0 && $0.conversation == "7xxx" && $0.provider == .yunzhenji })
            #expect(ofFirst.first?.body == Array("event.message e_1".utf8))
            let ofGroup = try await store.forwards(matching: ForwardQuery(eventID: "e_3")).items
            #expect(ofGroup.map(\.subscription) == ["crm"])
            #expect(try await store.forwards(matching: ForwardQuery()).total == 3)
        }
    }

    @Test func withoutAPlannerNothingIsForwarded() async throws {
        try await StoreFixture.with { store, _ in
            let result = try await store.ingest(Self.message("hi", key: "k"), id: "e_1", receivedAt: Self.t0, replies: nil)
            #expect(!result.forwarded)
            #expect(try await store.forwards(matching: ForwardQuery()).total == 0)
        }
    }

    @Test func aMessageIsForwardedWhenItReachesAFinalStateOnly() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let message = try await store.enqueueOne(provider: .botadmin, account: "shop", conversation: "wx1",
                                                     now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s_1"], now: Self.t0 + 1)
            #expect(try await store.forwards(matching: ForwardQuery(messageID: message.id)).total == 0)
            _ = try await store.recordAnswer(messageID: message.id, event: .sent(providerIDs: [nil]), now: Self.t0 + 2)
            let sent = try await store.forwards(matching: ForwardQuery(messageID: message.id)).items
            #expect(sent.map(\.subscription) == ["crm"])
            #expect(sent.first?.type == .messageSent && sent.first?.createdAt == Self.t0 + 2)
            #expect(sent.first?.conversation == "wx1" && sent.first?.account == "shop")

            let cancelled = try await store.enqueueOne(now: Self.t0)
            _ = try await store.cancel(messageID: cancelled.id, now: Self.t0 + 3)
            let ofCancel = try await store.forwards(matching: ForwardQuery(messageID: cancelled.id)).items
            #expect(ofCancel.map(\.type) == [.messageCancelled])
        }
    }

    @Test func aLineReleasesItsOldestForwardOnlyWhileOtherLinesFlow() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            for (index, conversation) in ["a", "a", "b"].enumerated() {
                _ = try await store.ingest(Self.message("m\(index)", key: "k\(index)", conversation: conversation),
                                           id: "e_\(index)", receivedAt: Self.t0 + Double(index), replies: nil)
            }
            let now = Self.t0 + 10
            let due = try await store.dueForwards(now: now, limit: 10)
            #expect(due.map(\.eventID) == ["e_0", "e_2"])
            let started = try await store.startForwardAttempts(due.map(\.id), now: now)
            #expect(try started.map { try $0.get().state } == [.delivering, .delivering])
            #expect(try await store.dueForwards(now: now, limit: 10).isEmpty)

            // A retry waiting out its backoff still holds its line.
            let a0 = try started[0].get()
            let retrying = try await store.recordForwardAttempt(
                id: a0.id, attempt: 1, result: .answered(status: 503, retryAfter: nil), answer: "busy", durationMs: 3,
                policy: Self.policy, jitter: 0, now: now)
            #expect(retrying.state == .pending && retrying.nextAttemptAt == now + 0.5 && retrying.lastStatus == 503)
            #expect(try await store.dueForwards(now: now, limit: 10).isEmpty)
            let again = try await store.dueForwards(now: now + 0.5, limit: 10)
            #expect(again.map(\.id) == [a0.id])
            _ = try await store.startForwardAttempts([a0.id], now: now + 0.5)
            _ = try await store.recordForwardAttempt(
                id: a0.id, attempt: 2, result: .answered(status: 200, retryAfter: nil), answer: "", durationMs: 2,
                policy: Self.policy, jitter: 0, now: now + 0.6)
            #expect(try await store.dueForwards(now: now + 0.6, limit: 10).map(\.eventID) == ["e_1"])

            let detail = try #require(try await store.forward(id: a0.id))
            #expect(detail.forward.state == .delivered && detail.forward.attempts == 2)
            #expect(detail.attempts.map(\.status) == [503, 200])
            #expect(detail.attempts.first?.answer == "busy" && detail.attempts.first?.error == "HTTP 503")
        }
    }

    @Test func aClaimStartsEachDueLinesHeadWithItsBody() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            for (index, conversation) in ["a", "a", "b"].enumerated() {
                _ = try await store.ingest(Self.message("m\(index)", key: "k\(index)", conversation: conversation),
                                           id: "e_\(index)", receivedAt: Self.t0 + Double(index), replies: nil)
            }
            let now = Self.t0 + 10
            #expect(try await store.claimDueForwards(now: now, limit: 0).isEmpty)
            let claimed = try await store.claimDueForwards(now: now, limit: 10)
            #expect(claimed.map(\.eventID) == ["e_0", "e_2"])
            #expect(claimed.allSatisfy { $0.state == .delivering && $0.attempts == 1 && $0.nextAttemptAt == nil })
            #expect(claimed.map(\.body) == [Array("event.message e_0".utf8), Array("event.message e_2".utf8)])
            #expect(try await store.claimDueForwards(now: now, limit: 10).isEmpty)
            let detail = try #require(try await store.forward(id: claimed[0].id))
            #expect(detail.forward.state == .delivering && detail.attempts.map(\.attempt) == [1])
        }
    }

    @Test func aStatusThatIsNotRetriedFailsAtOnceAndABudgetRunsOut() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            _ = try await store.ingest(Self.message("x", key: "k1", conversation: "a"), id: "e_1", receivedAt: Self.t0,
                                       replies: nil)
            _ = try await store.ingest(Self.message("y", key: "k2", conversation: "b"), id: "e_2", receivedAt: Self.t0,
                                       replies: nil)
            let due = try await store.dueForwards(now: Self.t0, limit: 10)
            let rejected = try #require(due.first { $0.eventID == "e_1" })
            let flaky = try #require(due.first { $0.eventID == "e_2" })
            _ = try await store.startForwardAttempts([rejected.id], now: Self.t0)
            let failed = try await store.recordForwardAttempt(
                id: rejected.id, attempt: 1, result: .answered(status: 404, retryAfter: nil), answer: nil, durationMs: 1,
                policy: Self.policy, jitter: 0.5, now: Self.t0)
            #expect(failed.state == .failed && failed.lastError == "HTTP 404")

            var now = Self.t0
            for attempt in 1...3 {
                let started = try await store.startForwardAttempts([flaky.id], now: now)
                #expect(try started[0].get().attempts == attempt)
                let after = try await store.recordForwardAttempt(
                    id: flaky.id, attempt: attempt, result: .noAnswer(reason: "connection refused"), answer: nil,
                    durationMs: 1, policy: Self.policy, jitter: 0.999, now: now)
                now = after.nextAttemptAt ?? now
                #expect(after.state == (attempt < 3 ? .pending : .failed))
            }
            let final = try #require(try await store.forward(id: flaky.id)).forward
            #expect(final.lastError == "connection refused; gave up after 3 attempts")
        }
    }

    @Test func aRetryAfterLongerThanTheBackoffIsWaitedOut() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            _ = try await store.ingest(Self.message("x", key: "k"), id: "e_1", receivedAt: Self.t0, replies: nil)
            let forward = try #require(try await store.dueForwards(now: Self.t0, limit: 1).first)
            _ = try await store.startForwardAttempts([forward.id], now: Self.t0)
            let after = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 429, retryAfter: 120), answer: nil, durationMs: 1,
                policy: Self.policy, jitter: 0, now: Self.t0)
            #expect(after.nextAttemptAt == Self.t0 + 120)
        }
    }

    @Test func aForwardInFlightAtACrashIsPendingAgainWithTheSameID() async throws {
        try await StoreFixture.forEachEngine(forwarding: LabelPlanner([("crm", ForwardFilter())])) { fixture in
            let store = try fixture.open()
            _ = try await store.ingest(Self.message("x", key: "k"), id: "e_1", receivedAt: Self.t0, replies: nil)
            let forward = try #require(try await store.dueForwards(now: Self.t0, limit: 1).first)
            _ = try await store.startForwardAttempts([forward.id], now: Self.t0)
            await store.close()

            // At once on SQLite; on PostgreSQL once the lease of the instance that started it ran out.
            let (delay, _, error) = fixture.factory.restartRecovery
            let reopened = try fixture.open()
            if delay > 0 { #expect(try await reopened.recoverForwardsAfterRestart(now: Self.t0 + delay - 1) == 0) }
            let recoveredAt = Self.t0 + 5 + delay
            #expect(try await reopened.recoverForwardsAfterRestart(now: recoveredAt) == 1)
            let due = try await reopened.dueForwards(now: recoveredAt, limit: 1)
            #expect(due.map(\.id) == [forward.id])
            let detail = try #require(try await reopened.forward(id: forward.id))
            #expect(detail.attempts.map(\.error) == [error])
            await reopened.close()
        }
    }

    @Test func forwardsOfARemovedSubscriptionFail() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            _ = try await store.ingest(Self.message("x", key: "k"), id: "e_1", receivedAt: Self.t0, replies: nil)
            #expect(try await store.failForwards(notIn: ["crm"], reason: "subscription removed", now: Self.t0 + 1) == 1)
            let llm = try await store.forwards(matching: ForwardQuery(subscription: "llm")).items
            #expect(llm.map(\.state) == [.failed] && llm.first?.lastError == "subscription removed")
            #expect(try await store.forwards(matching: ForwardQuery(subscription: "crm", state: .pending)).total == 1)
        }
    }

    @Test func aForwardCommitsWithItsEventOrNotAtAll() async throws {
        // The reply planned with the event cannot be queued (six items), so the whole ingest
        // rolls back: no event, and no forward of it.
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let tooMany: ReplyPlanner = { _, id, _ in
                ReplyPlan(messages: [NewOutboxMessage(provider: .yunzhenji, account: "sales", conversation: "7xxx",
                                                      items: Array(repeating: .text("x"), count: 6),
                                                      origin: .rule(name: "r", inReplyTo: id))])
            }
            await #expect(throws: (any Error).self) {
                _ = try await store.ingest(Self.message("y", key: "k"), id: "e_1", receivedAt: Self.t0, replies: tooMany)
            }
            let events = try await store.events(matching: EventFilter()).total
            let forwards = try await store.forwards(matching: ForwardQuery()).total
            #expect(events == 0 && forwards == 0)
        }
    }
}
