import Core
import Delivery
import Foundation
import Storage
import Testing

/// A hand-off's forward and its reply, on every engine: the forward carries the rule and the
/// deadline; the reply is queued in the transaction that records the forward delivered, once;
/// a refusal (by the forwarder or the reply limits) is the forward's `reply_error`.
@Suite struct ForwardReplyStoreTests {
    static let t0 = StoreFixture.t0
    static let planner = ForwardStoreTests.planner

    /// Stores a message handed to `quiet` (which takes no event stream) and starts its attempt.
    static func handedOff(_ store: any Store) async throws -> Forward {
        let handoff: ReplyPlanner = { _, _, now in
            ReplyPlan(handoff: ForwardHandoff(subscription: "quiet", rule: "human", replyBy: now + 30))
        }
        let result = try await store.ingest(ForwardStoreTests.message("人工", key: "k1"), id: "e_1", receivedAt: Self.t0,
                                            replies: handoff)
        #expect(result.forwarded && !result.replied)
        let forwards = try await store.forwards(matching: ForwardQuery(subscription: "quiet")).items
        let forward = try #require(forwards.first)
        #expect(forwards.count == 1 && forward.rule == "human" && forward.replyBy == Self.t0 + 30)
        // The other subscriptions' forwards of the same event carry no rule.
        let others = try await store.forwards(matching: ForwardQuery(eventID: "e_1")).items.filter { $0.subscription != "quiet" }
        #expect(!others.isEmpty && others.allSatisfy { $0.rule == nil })
        let started = try await store.startForwardAttempts([forward.id], now: Self.t0 + 1)
        return try #require(try started.first?.get())
    }

    static func reply(_ forward: Forward, _ text: String) -> NewOutboxMessage {
        NewOutboxMessage(provider: forward.provider, account: forward.account, conversation: forward.conversation,
                         items: [.text(text)], origin: .rule(name: forward.rule ?? "", inReplyTo: forward.eventID))
    }

    @Test func theReplyIsQueuedWithTheDeliveryAndCountsAsTheRulesReply() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let forward = try await Self.handedOff(store)
            let recorded = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: "{}", durationMs: 5,
                policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 2,
                reply: .queue(Self.reply(forward, "您好"), admit: { _, _ in nil }))
            #expect(recorded.state == .delivered && recorded.replyError == nil)
            let messages = try await store.list().items
            #expect(messages.count == 1)
            #expect(messages.first?.origin == .rule(name: "human", inReplyTo: "e_1"))
            #expect(messages.first?.items == [.text("您好")] && messages.first?.conversation == "7xxx")
            #expect(try await store.ruleReplies(createdAfter: Self.t0).map(\.rule) == ["human"])
            // The same attempt cannot be recorded twice: no second reply.
            await #expect(throws: ForwardError.notDelivering(forwardID: forward.id, attempt: 1)) {
                _ = try await store.recordForwardAttempt(
                    id: forward.id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: nil,
                    durationMs: 5, policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 3,
                    reply: .queue(Self.reply(forward, "again"), admit: { _, _ in nil }))
            }
            #expect(try await store.list().total == 1)
        }
    }

    @Test func aRefusedReplyIsTheForwardsReplyErrorAndNothingIsQueued() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let forward = try await Self.handedOff(store)
            let byLimits = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: nil, durationMs: 5,
                policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 2,
                reply: .queue(Self.reply(forward, "您好"), admit: { _, _ in "the conversation is at its reply cap" }))
            #expect(byLimits.state == .delivered && byLimits.replyError == "the conversation is at its reply cap")
            let detail = try #require(try await store.forward(id: forward.id))
            #expect(detail.attempts.first?.error == "no reply: the conversation is at its reply cap")
            #expect(detail.attempts.first?.status == 200)
            #expect(try await store.list().total == 0)
        }
    }

    @Test func aReplyTheOutboxCannotTakeLeavesTheDeliveryRecorded() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let forward = try await Self.handedOff(store)
            var empty = Self.reply(forward, "x")
            empty.items = []
            let recorded = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: nil, durationMs: 5,
                policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 2, reply: .queue(empty, admit: { _, _ in nil }))
            #expect(recorded.state == .delivered)
            #expect(recorded.replyError?.hasPrefix("the reply cannot be queued") == true)
            #expect(try await store.list().total == 0)
        }
    }

    @Test func aFailedAttemptQueuesNoReplyAndAForwardWithoutARuleIgnoresOne() async throws {
        try await StoreFixture.with(forwarding: Self.planner) { store, _ in
            let forward = try await Self.handedOff(store)
            let retried = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 503, retryAfter: nil), answer: nil, durationMs: 5,
                policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 2,
                reply: .queue(Self.reply(forward, "x"), admit: { _, _ in nil }))
            #expect(retried.state == .pending && retried.replyError == nil)
            let plain = try #require(try await store.forwards(matching: ForwardQuery(subscription: "crm")).items.first)
            _ = try await store.startForwardAttempts([plain.id], now: Self.t0 + 3)
            let delivered = try await store.recordForwardAttempt(
                id: plain.id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: nil, durationMs: 5,
                policy: ForwardStoreTests.policy, jitter: 0, now: Self.t0 + 4, reply: .refused("ignored"))
            #expect(delivered.state == .delivered && delivered.replyError == nil)
            #expect(try await store.list().total == 0)
        }
    }
}
