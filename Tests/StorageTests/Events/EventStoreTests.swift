import Core
import Delivery
import Foundation
import Synchronization
import Testing
import Storage

/// Inbound events: stored once however often they are delivered, with what they cause in the
/// same transaction.
@Suite struct EventStoreTests {
    static let t0 = StoreFixture.t0

    static func message(_ text: String, key: String, windowed: Bool = false, account: String = "sales") -> InboundEvent {
        InboundEvent(provider: .yunzhenji, account: account, kind: .message, conversation: "7xxx", sender: "7xxx",
                     text: text, dedupeKey: DedupeKey(value: key, windowed: windowed), rawBody: Array(text.utf8))
    }

    @Test func concurrentRedeliveriesStoreOneEvent() async throws {
        try await StoreFixture.with { store, _ in
            let event = Self.message("价格", key: "msg-1")
            let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                for copy in 0..<16 {
                    group.addTask {
                        try await store.ingest(event, id: "e_\(copy)", receivedAt: Self.t0, replies: nil)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { !$0.duplicate }.count == 1)
            #expect(Set(results.map(\.eventID)).count == 1)
            #expect(try await store.events(matching: EventFilter()).total == 1)
        }
    }

    @Test func aRequestTheDatabaseRefusesFailsAloneAmongConcurrentIngests() async throws {
        try await StoreFixture.with { store, _ in
            _ = try await store.ingest(Self.message("first", key: "k-first"), id: "e_taken", receivedAt: Self.t0,
                                       replies: nil)
            // Twelve at once (committed together where the engine groups them); one reuses a
            // stored event's id, which the database refuses.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let id = index == 5 ? "e_taken" : "e_\(index)"
                        let stored = try? await store.ingest(Self.message("m\(index)", key: "k\(index)"), id: id,
                                                             receivedAt: Self.t0, replies: nil)
                        return (index, stored.map { !$0.duplicate } ?? false)
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter(\.value).map(\.key).sorted() == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11])
            #expect(try await store.events(matching: EventFilter()).total == 12)
        }
    }

    @Test func withoutAWindowIdenticalBodiesAreEachStoredAndProviderIDsStillDedupe() async throws {
        for factory in StoreFactory.all {
            let place = try factory.makePlace()
            defer { place.remove() }
            let store = try place.open(DeliveryPolicy(), 0, nil)
            // Body hashes count only within the window: with none, every copy is a new event
            // (and no key is kept for them at all); a provider's message id still finds its twin.
            let results = try await withThrowingTaskGroup(of: IngestResult.self) { group in
                for copy in 0..<8 {
                    group.addTask {
                        try await store.ingest(Self.message("same", key: "sha256:same", windowed: true), id: "e_\(copy)",
                                               receivedAt: Self.t0, replies: nil)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { !$0.duplicate }, "\(factory)")
            let first = try await store.ingest(Self.message("id'd", key: "msg-9"), id: "e_a", receivedAt: Self.t0,
                                               replies: nil)
            let twin = try await store.ingest(Self.message("id'd", key: "msg-9"), id: "e_b", receivedAt: Self.t0 + 1,
                                              replies: nil)
            #expect(!first.duplicate && twin == IngestResult(eventID: "e_a", duplicate: true, replied: false),
                    "\(factory)")
            #expect(try await store.events(matching: EventFilter()).total == 9, "\(factory)")
            #expect(try await store.pruneExpiredKeys(now: Self.t0 + 1_000) == 0, "\(factory)")
            await store.close()
        }
    }

    @Test func keysAreScopedToTheAccount() async throws {
        try await StoreFixture.with { store, _ in
            let first = try await store.ingest(Self.message("hi", key: "k"), id: "e_1", receivedAt: Self.t0, replies: nil)
            let other = try await store.ingest(Self.message("hi", key: "k", account: "open"), id: "e_2",
                                               receivedAt: Self.t0, replies: nil)
            #expect(!first.duplicate && !other.duplicate)
        }
    }

    @Test func aBodyHashCountsWithinTheWindowOnlyAndIsPrunedAfterIt() async throws {
        try await StoreFixture.with { store, _ in
            let event = Self.message("same words", key: "sha256:x", windowed: true)
            let window = StoreFixture.dedupeWindow
            let first = try await store.ingest(event, id: "e_1", receivedAt: Self.t0, replies: nil)
            let again = try await store.ingest(event, id: "e_2", receivedAt: Self.t0 + window - 1, replies: nil)
            #expect(again == IngestResult(eventID: first.eventID, duplicate: true, replied: false))
            let later = try await store.ingest(event, id: "e_3", receivedAt: Self.t0 + window + 1, replies: nil)
            #expect(!later.duplicate)
            #expect(try await store.pruneExpiredKeys(now: Self.t0 + 3 * window) == 1)
            #expect(try await store.pruneExpiredKeys(now: Self.t0 + 3 * window) == 0)
        }
    }

    @Test func aNewMessageAndItsReplyCommitTogetherAndARedeliveryPlansNothing() async throws {
        try await StoreFixture.with { store, _ in
            let asked = Count()
            let replies: ReplyPlanner = { event, eventID, _ in
                asked.add()
                return ReplyPlan(messages: [NewOutboxMessage(provider: event.provider, account: event.account,
                                                             conversation: "7xxx", items: [.text("您好")],
                                                             origin: .rule(name: "price", inReplyTo: eventID))])
            }
            let event = Self.message("价格", key: "msg-1")
            let stored = try await store.ingest(event, id: "e_1", receivedAt: Self.t0, replies: replies)
            #expect(stored == IngestResult(eventID: "e_1", duplicate: false, replied: true))
            let again = try await store.ingest(event, id: "e_2", receivedAt: Self.t0 + 1, replies: replies)
            #expect(again == IngestResult(eventID: "e_1", duplicate: true, replied: false))
            #expect(asked.value == 1)
            let page = try await store.list()
            #expect(page.total == 1)
            #expect(page.items.first?.origin == .rule(name: "price", inReplyTo: "e_1"))
            #expect(try await store.ruleReplies(createdAfter: Self.t0 - 1)
                == [RuleReply(rule: "price", provider: .yunzhenji, account: "sales", conversation: "7xxx",
                              createdAt: Self.t0)])
        }
    }

    @Test func aReplyThatCannotBeQueuedLeavesTheEventUnstored() async throws {
        try await StoreFixture.with { store, _ in
            let empty: ReplyPlanner = { event, eventID, _ in
                ReplyPlan(messages: [NewOutboxMessage(provider: event.provider, account: event.account,
                                                      conversation: "7xxx", items: [],
                                                      origin: .rule(name: "broken", inReplyTo: eventID))])
            }
            let event = Self.message("价格", key: "msg-1")
            await #expect(throws: OutboxError.invalidMessage(index: 0, .itemCountOutOfRange(0))) {
                try await store.ingest(event, id: "e_1", receivedAt: Self.t0, replies: empty)
            }
            #expect(try await store.events(matching: EventFilter()).total == 0)
            // Nothing of it remains: the provider's retry is a first delivery.
            let retried = try await store.ingest(event, id: "e_2", receivedAt: Self.t0 + 1, replies: nil)
            #expect(retried == IngestResult(eventID: "e_2", duplicate: false, replied: false))
        }
    }

    @Test func onlyNewMessagesAreAskedForReplies() async throws {
        try await StoreFixture.with { store, _ in
            let asked = Count()
            let replies: ReplyPlanner = { _, _, _ in
                asked.add()
                return .nothing
            }
            let receipt = InboundEvent(provider: .yunzhenji, account: "sales", kind: .receipt, apiSendID: "s-1",
                                       isSelf: true, dedupeKey: DedupeKey(value: "r-1", windowed: false), rawBody: [])
            let stored = try await store.ingest(receipt, id: "e_1", receivedAt: Self.t0, replies: replies)
            #expect(stored == IngestResult(eventID: "e_1", duplicate: false, replied: false, messageID: nil))
            let quiet = try await store.ingest(Self.message("hi", key: "m-1"), id: "e_2", receivedAt: Self.t0, replies: replies)
            #expect(!quiet.replied)
            #expect(asked.value == 1)
        }
    }
}

/// How often a planner was asked.
final class Count: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
