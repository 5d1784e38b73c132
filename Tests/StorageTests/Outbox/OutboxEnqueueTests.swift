import Core
import Delivery
import JSON
import Testing
@testable import Storage

/// `enqueue`: one message per target, all or none, and the Idempotency-Key (docs/api.md,
/// "Sending").
@Suite struct OutboxEnqueueTests {
    static let t0 = StoreFixture.t0

    static func targets(_ conversations: [String]) -> [NewOutboxMessage] {
        conversations.map {
            NewOutboxMessage(provider: .yunzhenji, account: "sales", conversation: $0,
                             items: [.text("您好"), .image(url: "https://example.com/a.png")])
        }
    }

    @Test func createsOneQueuedMessagePerTargetWithItsFirstTimelineRow() async throws {
        try await StoreFixture.with { store, _ in
            let result = try await store.enqueue(Self.targets(["7xxx", "room@chatroom"]), now: Self.t0)
            guard case .created(let messages) = result else { Issue.record("not created: \(result)"); return }
            #expect(messages.count == 2)
            #expect(messages.map(\.state) == [.queued, .queued])
            #expect(messages[1].chat == .group)
            #expect(Set(messages.map(\.id)).count == 2)
            #expect(messages.allSatisfy { $0.id.hasPrefix("m_") })
            let detail = try await store.detail(messages[0].id)
            #expect(detail.message == messages[0])
            #expect(detail.timeline == [TimelineEntry(time: Self.t0, from: nil, to: .queued, cause: "api")])
            #expect(try await store.count(state: .queued) == 2)
        }
    }

    @Test func aRuleReplyKeepsItsRuleAndEvent() async throws {
        try await StoreFixture.with { store, _ in
            let message = try await store.enqueueOne(origin: .rule(name: "price", inReplyTo: "e_1"), now: Self.t0)
            let detail = try await store.detail(message.id)
            #expect(detail.message.origin == .rule(name: "price", inReplyTo: "e_1"))
            #expect(detail.timeline.first?.cause == "rule price")
        }
    }

    @Test func oneBadMessageCreatesNothingForAnyTarget() async throws {
        try await StoreFixture.with { store, _ in
            var messages = Self.targets(["a", "b"])
            messages[1].items = []
            await #expect(throws: OutboxError.invalidMessage(index: 1, .itemCountOutOfRange(0))) {
                try await store.enqueue(messages, now: Self.t0)
            }
            let total = try await store.list().total
            #expect(total == 0)
        }
    }

    @Test func sameKeyAndBodyReturnsTheFirstAnswerAndCreatesNothing() async throws {
        try await StoreFixture.with { store, _ in
            let claim = IdempotencyClaim(key: "k-1", body: Array("{\"a\":1}".utf8))
            let first = try await store.enqueue(Self.targets(["7xxx"]), idempotency: claim, now: Self.t0)
            let again = try await store.enqueue(Self.targets(["7xxx"]), idempotency: claim, now: Self.t0 + 5)
            guard case .created(let created) = first, case .repeated(let answer) = again else {
                Issue.record("got \(first) then \(again)"); return
            }
            #expect(answer == first.answer)
            #expect(answer["messages"]?[0]?["id"]?.stringValue == created[0].id)
            #expect(try await store.list().total == 1)
        }
    }

    @Test func sameKeyWithAnotherBodyIsAConflict() async throws {
        try await StoreFixture.with { store, _ in
            _ = try await store.enqueue(Self.targets(["7xxx"]), idempotency: IdempotencyClaim(key: "k", bodyHash: "h1"),
                                        now: Self.t0)
            let other = try await store.enqueue(Self.targets(["8xxx"]), idempotency: IdempotencyClaim(key: "k", bodyHash: "h2"),
                                                now: Self.t0 + 1)
            #expect(other == .conflict(key: "k"))
            #expect(other.answer == nil)
            #expect(try await store.list().total == 1)
        }
    }

    @Test func concurrentRepeatsCreateOnceAndAllGetTheFirstAnswer() async throws {
        try await StoreFixture.with { store, _ in
            let claim = IdempotencyClaim(key: "burst", bodyHash: "same")
            let results = try await withThrowingTaskGroup(of: EnqueueResult.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await store.enqueue(Self.targets(["7xxx", "8xxx"]), idempotency: claim, now: Self.t0) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = results.filter { if case .created = $0 { true } else { false } }
            #expect(created.count == 1)
            #expect(Set(results.compactMap(\.answer)).count == 1)
            #expect(try await store.list().total == 2)
        }
    }

    @Test func aKeyIsForgottenAfter24Hours() async throws {
        try await StoreFixture.with { store, _ in
            let claim = IdempotencyClaim(key: "old", bodyHash: "h")
            _ = try await store.enqueue(Self.targets(["7xxx"]), idempotency: claim, now: Self.t0)
            let later = try await store.enqueue(Self.targets(["7xxx"]), idempotency: claim,
                                                now: Self.t0 + IdempotencyClaim.lifetime + 1)
            guard case .created = later else { Issue.record("a 24 h old key still answered: \(later)"); return }
            #expect(try await store.pruneIdempotencyKeys(now: Self.t0 + 3 * IdempotencyClaim.lifetime) == 1)
        }
    }
}
