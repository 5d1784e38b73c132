import Core
import Delivery
import Testing
@testable import Storage

/// Callbacks that overtake their send: stored unmatched first, applied when the send commits.
@Suite struct OutboxOrphanTests {
    static let t0 = StoreFixture.t0

    @Test func anEchoStoredBeforeTheAttemptIsAppliedWhenTheAttemptStarts() async throws {
        try await StoreFixture.with { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            let orphan = try await store.ingestCallback(.receipt, apiSendID: "early-1", providerID: "svr-early",
                                                        now: Self.t0 + 1)
            #expect(orphan.messageID == nil)
            #expect(try await store.linkedMessage(ofEvent: orphan.eventID) == nil)

            let sending = try await store.startAttempt(messageID: message.id, apiSendIDs: ["early-1"], now: Self.t0 + 2)
            #expect(sending.state == .sending)  // the echo is noted; the answer decides
            #expect(sending.record.latestAttempt?.items.first?.hasEchoed == true)
            #expect(try await store.linkedMessage(ofEvent: orphan.eventID) == message.id)

            let answered = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["svr-early"]),
                                                        now: Self.t0 + 3)
            #expect(answered.state == .echoed)
            let detail = try await store.detail(message.id)
            #expect(detail.timeline.isChained)
            #expect(detail.timeline.contains { $0.from == .sending && $0.to == .sending && $0.cause.contains(orphan.eventID) })
        }
    }

    @Test func aFailureKnownOnlyByProviderIDIsAppliedWhenTheAnswerNamesIt() async throws {
        try await StoreFixture.with { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-1"], now: Self.t0 + 1)
            let orphan = try await store.ingestCallback(.sendFailure, providerID: "svr-1", errmsg: "对方已删除好友",
                                                        now: Self.t0 + 2)
            #expect(orphan.messageID == nil)
            let answered = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["svr-1"]),
                                                        now: Self.t0 + 3)
            #expect(answered.state == .failed)
            #expect(answered.error == "item 1: 对方已删除好友")
            #expect(try await store.linkedMessage(ofEvent: orphan.eventID) == message.id)
        }
    }

    @Test func orphansOfAnotherAccountStayOrphans() async throws {
        try await StoreFixture.with { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            let foreign = try await store.ingestCallback(.receipt, apiSendID: "s-2", account: "open", now: Self.t0 + 1)
            let started = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-2"], now: Self.t0 + 2)
            #expect(started.record.latestAttempt?.items.first?.hasEchoed == false)
            #expect(try await store.linkedMessage(ofEvent: foreign.eventID) == nil)
        }
    }
}
