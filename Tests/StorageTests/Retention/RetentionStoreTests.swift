import Core
import Delivery
import Foundation
import Storage
import Testing

/// Retention: old rows go a batch at a time, oldest first, with what belongs only to them; a row
/// something still needs stays, however old.
@Suite struct RetentionStoreTests {
    static let t0 = StoreFixture.t0
    static let policy = ForwardPolicy(maxAttempts: 3, retryBaseMilliseconds: 1000)

    static func message(_ key: String) -> InboundEvent {
        InboundEvent(provider: .yunzhenji, account: "sales", kind: .message, conversation: "7xxx", sender: "7xxx",
                     text: "hi", isGroup: false, dedupeKey: DedupeKey(value: key, windowed: false),
                     rawBody: Array(#"{"text":"hi"}"#.utf8))
    }

    @Test func oldEventsGoInBatchesOldestFirstWithTheirDedupeKeys() async throws {
        try await StoreFixture.with { store, _ in
            for index in 0..<5 {
                _ = try await store.ingest(Self.message("old-\(index)"), id: "e_old\(index)", receivedAt: Self.t0 + Double(index),
                                           replies: nil)
            }
            _ = try await store.ingest(Self.message("young"), id: "e_young", receivedAt: Self.t0 + 100, replies: nil)
            #expect(try await store.footprint().oldest[.events] == Self.t0)

            var batches: [Int] = []
            while true {
                let pruned = try await store.prune(.events, before: Self.t0 + 50, limit: 2)
                batches.append(pruned)
                if pruned == 0 { break }
                let left = try await store.events(matching: EventFilter(), limit: 10, offset: 0).items.map(\.id)
                // Oldest first: what is left is always the youngest of the old ones.
                #expect(left.last == "e_old\(batches.reduce(0, +))" || left == ["e_young"])
            }
            #expect(batches == [2, 2, 1, 0])
            #expect(try await store.events(matching: EventFilter(), limit: 10, offset: 0).items.map(\.id) == ["e_young"])
            #expect(try await store.footprint().oldest[.events] == Self.t0 + 100)

            // The keys went with their events; the kept event still answers for its redeliveries.
            let again = try await store.ingest(Self.message("old-0"), id: "e_new", receivedAt: Self.t0 + 200, replies: nil)
            #expect(!again.duplicate)
            let young = try await store.ingest(Self.message("young"), id: "e_dup", receivedAt: Self.t0 + 200, replies: nil)
            #expect(young.duplicate && young.eventID == "e_young")
        }
    }

    @Test func anEventStaysWhileItsReplyIsUnderWay() async throws {
        try await StoreFixture.with { store, _ in
            let replies: ReplyPlanner = { event, eventID, _ in
                ReplyPlan(messages: [NewOutboxMessage(provider: event.provider, account: event.account,
                                                      conversation: "7xxx", items: [.text("您好")],
                                                      origin: .rule(name: "price", inReplyTo: eventID))])
            }
            _ = try await store.ingest(Self.message("k"), id: "e_1", receivedAt: Self.t0, replies: replies)
            let reply = try #require(try await store.list().items.first)
            #expect(reply.state == .queued)
            #expect(try await store.prune(.events, before: Self.t0 + 86_400, limit: 10) == 0)
            #expect(try await store.prune(.messages, before: Self.t0 + 86_400, limit: 10) == 0)

            _ = try await store.cancel(messageID: reply.id, now: Self.t0 + 1)
            #expect(try await store.prune(.events, before: Self.t0 + 86_400, limit: 10) == 1)
            #expect(try await store.events(matching: EventFilter(), limit: 10, offset: 0).total == 0)
        }
    }

    @Test func finalMessagesGoWithTheirTimelinesAndTheCountsFollow() async throws {
        try await StoreFixture.with { store, _ in
            let kept = try await store.enqueueOne(conversation: "a", now: Self.t0)
            let first = try await store.enqueueOne(conversation: "b", now: Self.t0 + 1)
            let second = try await store.enqueueOne(conversation: "c", now: Self.t0 + 2)
            let young = try await store.enqueueOne(conversation: "d", now: Self.t0 + 100)
            for message in [first, second, young] {
                _ = try await store.cancel(messageID: message.id, now: Self.t0 + 3)
            }
            #expect(try await store.countsByState()[.cancelled] == 3)

            #expect(try await store.prune(.messages, before: Self.t0 + 50, limit: 1) == 1)
            #expect(try await store.message(id: first.id) == nil)
            #expect(try await store.message(id: second.id) != nil)
            #expect(try await store.prune(.messages, before: Self.t0 + 50, limit: 10) == 1)
            #expect(try await store.prune(.messages, before: Self.t0 + 50, limit: 10) == 0)

            #expect(try await store.message(id: second.id) == nil)
            #expect(try await store.detail(kept.id).message.state == .queued)
            #expect(try await store.detail(young.id).timeline.isChained)
            let counts = try await store.countsByState()
            #expect(counts[.cancelled] == 1 && counts[.queued] == 1)
            #expect(try await store.list().total == 2)
            #expect(try await store.footprint().oldest[.messages] == Self.t0)
        }
    }

    @Test func forwardsUnderWayStayAndFinishedOnesGoWithTheirAttempts() async throws {
        let planner = LabelPlanner([("crm", ForwardFilter())])
        try await StoreFixture.with(forwarding: planner) { store, _ in
            _ = try await store.ingest(Self.message("a"), id: "e_a", receivedAt: Self.t0, replies: nil)
            _ = try await store.ingest(Self.message("b"), id: "e_b", receivedAt: Self.t0 + 1, replies: nil)
            let forwards = try await store.forwards(matching: ForwardQuery()).items.sorted { $0.createdAt < $1.createdAt }
            #expect(forwards.count == 2)

            // Both pending: neither the forwards nor their events may go.
            #expect(try await store.prune(.forwards, before: Self.t0 + 50, limit: 10) == 0)
            #expect(try await store.prune(.events, before: Self.t0 + 50, limit: 10) == 0)

            let now = Self.t0 + 10
            let started = try await store.startForwardAttempts([forwards[0].id], now: now)
            #expect(try started.map { try $0.get().state } == [.delivering])
            #expect(try await store.prune(.forwards, before: Self.t0 + 50, limit: 10) == 0)
            _ = try await store.recordForwardAttempt(
                id: forwards[0].id, attempt: 1, result: .answered(status: 200, retryAfter: nil), answer: "", durationMs: 2,
                policy: Self.policy, jitter: 0, now: now)
            #expect(try await store.subscriptionActivity()["crm"]?.counts[.delivered] == 1)

            #expect(try await store.prune(.events, before: Self.t0 + 50, limit: 10) == 1)
            #expect(try await store.prune(.forwards, before: Self.t0 + 50, limit: 10) == 1)
            #expect(try await store.forward(id: forwards[0].id) == nil)
            #expect(try await store.forwards(matching: ForwardQuery()).items.map(\.id) == [forwards[1].id])
            let activity = try #require(try await store.subscriptionActivity()["crm"])
            #expect(activity.counts[.delivered] == 0 && activity.counts[.pending] == 1)
            #expect(try await store.footprint().oldest[.forwards] == Self.t0 + 1)
        }
    }

    /// An event's forward is stored without a copy of its body (it is built from the event when
    /// read): when the event goes, the forward keeps the body it sent, and a retry sends it again.
    @Test func aForwardKeepsItsBodyWhenItsEventGoes() async throws {
        let planner = LabelPlanner([("crm", ForwardFilter())])
        try await StoreFixture.with(forwarding: planner) { store, _ in
            _ = try await store.ingest(Self.message("a"), id: "e_a", receivedAt: Self.t0, replies: nil)
            let forward = try #require(try await store.forwards(matching: ForwardQuery(eventID: "e_a")).items.first)
            #expect(forward.body == Array("event.message e_a".utf8))
            _ = try await store.startForwardAttempts([forward.id], now: Self.t0 + 1)
            let failed = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 400, retryAfter: nil), answer: "", durationMs: 2,
                policy: Self.policy, jitter: 0, now: Self.t0 + 1)
            #expect(failed.state == .failed)

            #expect(try await store.prune(.events, before: Self.t0 + 50, limit: 10) == 1)
            let kept = try #require(try await store.forward(id: forward.id))
            #expect(kept.forward.body == forward.body)
            let retried = try await store.retryForward(id: forward.id, now: Self.t0 + 60)
            #expect(retried.body == forward.body)
            let started = try await store.startForwardAttempts([forward.id], now: Self.t0 + 60)
            #expect(try started.map { try $0.get().body } == [forward.body])
        }
    }

    @Test func aMessageStaysWhileTheForwardOfItsStateIsUnderWay() async throws {
        let planner = LabelPlanner([("crm", ForwardFilter(events: [.messageCancelled]))])
        try await StoreFixture.with(forwarding: planner) { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            _ = try await store.cancel(messageID: message.id, now: Self.t0 + 1)
            let forward = try #require(try await store.forwards(matching: ForwardQuery()).items.first)
            #expect(forward.messageID == message.id && forward.state == .pending)
            #expect(try await store.prune(.messages, before: Self.t0 + 50, limit: 10) == 0)

            _ = try await store.startForwardAttempts([forward.id], now: Self.t0 + 2)
            _ = try await store.recordForwardAttempt(
                id: forward.id, attempt: 1, result: .answered(status: 400, retryAfter: nil), answer: "no", durationMs: 2,
                policy: Self.policy, jitter: 0, now: Self.t0 + 2)
            #expect(try await store.prune(.messages, before: Self.t0 + 50, limit: 10) == 1)
            #expect(try await store.message(id: message.id) == nil)
        }
    }

    @Test func anEmptyStoreHasNoOldestRowsAndASize() async throws {
        try await StoreFixture.with { store, _ in
            let footprint = try await store.footprint()
            #expect(footprint.oldest.isEmpty)
            #expect(footprint.bytes > 0)
            for rows in RetainedRows.allCases {
                #expect(try await store.prune(rows, before: Self.t0, limit: 1000) == 0)
            }
        }
    }
}

/// `retention` in days as cutoffs.
@Suite struct RetentionPolicyTests {
    let day = 86_400.0

    @Test func daysBecomeCutoffsAndZeroKeepsForever() {
        let policy = RetentionPolicy(eventsDays: 30, messagesDays: 0, forwardsDays: 1, dedupeWindow: 10)
        #expect(policy.cutoff(for: .events, now: 100 * day) == 70 * day)
        #expect(policy.cutoff(for: .messages, now: 100 * day) == nil)
        #expect(policy.cutoff(for: .forwards, now: 100 * day) == 99 * day)
        #expect(policy.prunes)
        #expect(!RetentionPolicy(eventsDays: 0, messagesDays: 0, forwardsDays: 0, dedupeWindow: 10).prunes)
    }

    @Test func anEventInsideTheDedupeWindowIsNeverOldEnough() {
        let policy = RetentionPolicy(eventsDays: 1, messagesDays: 1, forwardsDays: 1, dedupeWindow: 2 * day)
        #expect(policy.cutoff(for: .events, now: 10 * day) == 8 * day)
        #expect(policy.cutoff(for: .messages, now: 10 * day) == 9 * day)
    }
}
