import Core
import Delivery
import Testing
@testable import Storage

/// The reconciler's timers and the start-up recovery, from the database alone.
@Suite struct OutboxTimerTests {
    static let t0 = StoreFixture.t0
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900)

    /// A yunzhenji message accepted at `t0 + 2` (and echoed at `t0 + 3` when `echo`).
    static func accepted(_ store: any Store, conversation: String, echo: Bool) async throws -> String {
        let message = try await store.enqueueOne(conversation: conversation, now: t0)
        let id = message.id
        _ = try await store.startAttempt(messageID: id, apiSendIDs: ["\(conversation)-s"], now: t0 + 1)
        _ = try await store.recordAnswer(messageID: id, event: .accepted(providerIDs: ["\(conversation)-p"]), now: t0 + 2)
        if echo { try await store.ingestCallback(.receipt, apiSendID: "\(conversation)-s", now: t0 + 3) }
        return id
    }

    @Test func tickMovesEchoedToDeliveredAndAcceptedToExpired() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let echoed = try await Self.accepted(store, conversation: "a", echo: true)
            let silent = try await Self.accepted(store, conversation: "b", echo: false)
            #expect(try await store.tick(now: Self.t0 + 10) == 0)
            #expect(try await store.tick(now: Self.t0 + 63) == 1)
            #expect(try await store.detail(echoed).message.state == .delivered)
            #expect(try await store.detail(silent).message.state == .accepted)
            #expect(try await store.tick(now: Self.t0 + 902) == 1)
            let expired = try await store.detail(silent)
            #expect(expired.message.state == .expired)
            #expect(expired.message.error == "no receipt within 900 s of acceptance")
            #expect(expired.timeline.last?.time == Self.t0 + 902)  // the deadline, not the moment of the tick
            #expect(try await store.tick(now: Self.t0 + 5000) == 0)
        }
    }

    @Test func tickTakesAtMostLimitOldestDeadlineFirst() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let first = try await Self.accepted(store, conversation: "a", echo: true)
            _ = try await Self.accepted(store, conversation: "b", echo: false)
            #expect(try await store.tick(now: Self.t0 + 2000, limit: 1) == 1)
            #expect(try await store.detail(first).message.state == .delivered)
            #expect(try await store.queueDepth().awaitingReceipt == 1)
        }
    }

    @Test func sendingMessagesAreRecoveredAfterARestart() async throws {
        try await StoreFixture.forEachEngine(policy: Self.policy) { fixture in
            // At once on SQLite (one instance per file); on PostgreSQL once the lease of the
            // instance that started the send has run out, since it may still be sending.
            let (delay, cause, _) = fixture.factory.restartRecovery
            let before = try fixture.open()
            let message = try await before.enqueueOne(now: Self.t0)
            _ = try await before.startAttempt(messageID: message.id, apiSendIDs: ["crash-1"], now: Self.t0 + 1)
            await before.close()

            let after = try fixture.open()
            #expect(try await after.queueDepth() == QueueDepth(queued: 0, sending: 1, awaitingReceipt: 0))
            if delay > 0 { #expect(try await after.recoverAfterRestart(now: Self.t0 + delay) == 0) }
            let recoveredAt = Self.t0 + 30 + delay
            #expect(try await after.recoverAfterRestart(now: recoveredAt) == 1)
            let detail = try await after.detail(message.id)
            #expect(detail.message.state == .queued)
            #expect(detail.timeline.last == TimelineEntry(time: recoveredAt, from: .sending, to: .queued, cause: cause))
            #expect(detail.attempts.map(\.outcome) == [.interrupted])
            // The next attempt is a new one, with new ids; a late echo of the first changes nothing.
            _ = try await after.startAttempt(messageID: message.id, apiSendIDs: ["crash-2"], now: recoveredAt + 1)
            #expect(try await after.recoverAfterRestart(now: recoveredAt + 1 + delay) == 1)
            await after.close()
        }
    }

    @Test func timersFireAfterARestart() async throws {
        try await StoreFixture.forEachEngine(policy: Self.policy) { fixture in
            let before = try fixture.open()
            let id = try await Self.accepted(before, conversation: "a", echo: true)
            await before.close()

            let after = try fixture.open()
            #expect(try await after.recoverAfterRestart(now: Self.t0 + 100) == 0)
            #expect(try await after.tick(now: Self.t0 + 100) == 1)
            #expect(try await after.detail(id).message.state == .delivered)
            await after.close()
        }
    }
}
