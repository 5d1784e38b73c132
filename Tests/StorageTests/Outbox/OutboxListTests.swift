import Core
import Delivery
import Testing
@testable import Storage

/// `list`: filters, pagination, newest first; `queueDepth` and `count`.
@Suite struct OutboxListTests {
    static let t0 = StoreFixture.t0

    @Test func filtersPaginateNewestFirst() async throws {
        try await StoreFixture.with { store, _ in
            var ids: [String] = []
            for index in 0..<6 {
                let message = try await store.enqueueOne(
                    provider: index < 4 ? .yunzhenji : .botadmin, account: index < 4 ? "sales" : "shop",
                    conversation: index % 2 == 0 ? "even" : "odd", now: Self.t0 + Double(index))
                ids.append(message.id)
            }
            _ = try await store.cancel(messageID: ids[2], now: Self.t0 + 10)

            let all = try await store.list()
            #expect(all.total == 6)
            #expect(all.items.map(\.id) == ids.reversed())

            let page = try await store.list(limit: 2, offset: 2)
            #expect(page.items.map(\.id) == [ids[3], ids[2]])
            #expect(page.total == 6)

            #expect(try await store.list(filter: MessageFilter(state: .cancelled)).items.map(\.id) == [ids[2]])
            let cancelled = try await store.list(filter: MessageFilter(state: .cancelled, account: "sales"))
            #expect(cancelled.items.map(\.id) == [ids[2]] && cancelled.total == 1)
            #expect(try await store.list(filter: MessageFilter(state: .failed)).total == 0)
            let queued = try await store.list(filter: MessageFilter(state: .queued), limit: 2)
            #expect(queued.items.map(\.id) == [ids[5], ids[4]])
            #expect(queued.total == 5)
            #expect(try await store.list(filter: MessageFilter(provider: .botadmin)).items.map(\.id) == [ids[5], ids[4]])
            #expect(try await store.list(filter: MessageFilter(account: "sales", conversation: "even")).items.map(\.id)
                    == [ids[2], ids[0]])
            let window = try await store.list(filter: MessageFilter(since: Self.t0 + 1, until: Self.t0 + 3))
            #expect(window.items.map(\.id) == [ids[2], ids[1]])  // since inclusive, until exclusive
            let combined = try await store.list(filter: MessageFilter(state: .queued, provider: .yunzhenji), limit: 1)
            #expect(combined.items.map(\.id) == [ids[3]])
            #expect(combined.total == 3)
            #expect(try await store.list(offset: 10).items.isEmpty)
        }
    }

    @Test func queueDepthAndCountFollowTheStates() async throws {
        try await StoreFixture.with { store, _ in
            let a = try await store.enqueueOne(conversation: "a", now: Self.t0)
            let b = try await store.enqueueOne(conversation: "b", now: Self.t0)
            _ = try await store.enqueueOne(conversation: "c", now: Self.t0)
            _ = try await store.startAttempt(messageID: a.id, apiSendIDs: ["a1"], now: Self.t0 + 1)
            _ = try await store.startAttempt(messageID: b.id, apiSendIDs: ["b1"], now: Self.t0 + 1)
            _ = try await store.recordAnswer(messageID: b.id, event: .accepted(providerIDs: ["pb"]), now: Self.t0 + 2)
            #expect(try await store.queueDepth() == QueueDepth(queued: 1, sending: 1, awaitingReceipt: 1))
            #expect(try await store.count(state: .accepted) == 1)
            #expect(try await store.count(state: .delivered) == 0)
        }
    }

    @Test func aMissingMessageIsNilAndOperatorsGetTypedRefusals() async throws {
        try await StoreFixture.with { store, _ in
            #expect(try await store.message(id: "m_nope") == nil)
            await #expect(throws: OutboxError.messageNotFound("m_nope")) {
                try await store.retry(messageID: "m_nope", now: Self.t0)
            }
            let message = try await store.enqueueOne(now: Self.t0)
            await #expect(throws: OutboxError.refused(messageID: message.id, .notRetryable(.queued))) {
                try await store.retry(messageID: message.id, now: Self.t0 + 1)
            }
            #expect(OutboxError.refused(messageID: message.id, .notRetryable(.queued)).httpStatus == 409)
            #expect(OutboxError.messageNotFound("x").httpStatus == 404)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s"], now: Self.t0 + 1)
            _ = try await store.recordAnswer(messageID: message.id, event: .rejected(reason: "bad", itemIndex: 0),
                                             now: Self.t0 + 2)
            await #expect(throws: OutboxError.refused(messageID: message.id, .notCancellable(.failed))) {
                try await store.cancel(messageID: message.id, now: Self.t0 + 3)
            }
            let retried = try await store.retry(messageID: message.id, now: Self.t0 + 4)
            #expect(retried.state == .queued)
            #expect(retried.error == nil)
            #expect(try await store.detail(message.id).timeline.last?.cause == "manual retry")
        }
    }
}
