import Core
import Delivery
import Testing
@testable import Storage

/// A send from start to finish: attempt, answer, callbacks, timers — stored, chained, correlated.
@Suite struct OutboxDeliveryFlowTests {
    static let t0 = StoreFixture.t0
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900, maxAttempts: 3)

    @Test func yunzhenjiEchoThenQuietIsDelivered() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            let sending = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-1"], now: Self.t0 + 1)
            #expect(sending.state == .sending)
            #expect(sending.attemptCount == 1)
            let accepted = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["svr-1"]),
                                                        now: Self.t0 + 1.2)
            #expect(accepted.state == .accepted)
            #expect(accepted.providerIDs == ["svr-1"])

            let echo = try await store.ingestCallback(.receipt, apiSendID: "s-1", providerID: "svr-1", now: Self.t0 + 3)
            #expect(echo.messageID == message.id)
            #expect(try await store.linkedMessage(ofEvent: echo.eventID) == message.id)
            #expect(try await store.detail(message.id).message.state == .echoed)

            #expect(try await store.tick(now: Self.t0 + 62) == 0)  // confirm_after_s not over yet
            #expect(try await store.tick(now: Self.t0 + 63) == 1)
            let detail = try await store.detail(message.id)
            #expect(detail.message.state == .delivered)
            #expect(detail.timeline.map(\.to) == [.queued, .sending, .accepted, .echoed, .delivered])
            #expect(detail.timeline.isChained)
            #expect(detail.timeline[1].cause == "attempt 1")
            #expect(detail.timeline[3].cause.contains(echo.eventID))
            #expect(detail.attempts.map(\.outcome) == [.accepted])
            #expect(detail.attempts.first?.apiSendIDs == ["s-1"])
        }
    }

    @Test func aSendFailureMatchedByProviderIDFailsTheMessage() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let message = try await store.enqueueOne(items: [.text("a"), .text("b")], now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-a", "s-b"], now: Self.t0 + 1)
            _ = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["svr-a", "svr-b"]),
                                             now: Self.t0 + 2)
            try await store.ingestCallback(.receipt, apiSendID: "s-a", now: Self.t0 + 3)
            #expect(try await store.detail(message.id).message.state == .accepted)  // 1 of 2 items echoed
            let failure = try await store.ingestCallback(.sendFailure, providerID: "svr-b", errmsg: "客户已拒收",
                                                         now: Self.t0 + 4)
            #expect(failure.messageID == message.id)
            let detail = try await store.detail(message.id)
            #expect(detail.message.state == .failed)
            #expect(detail.message.error == "item 2: 客户已拒收")
            #expect(detail.timeline.isChained)
            #expect(detail.timeline.last?.cause.contains(failure.eventID) == true)
        }
    }

    @Test func aProviderWithoutReceiptsEndsSent() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let message = try await store.enqueueOne(provider: .botadmin, account: "shop", now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["b-1"], now: Self.t0 + 1)
            let sent = try await store.recordAnswer(messageID: message.id, event: .sent(providerIDs: [nil]), now: Self.t0 + 2)
            #expect(sent.state == .sent)
            #expect(sent.providerIDs == [nil])
        }
    }

    @Test func aRejectionFailsAtOnceAndARetryableFailureRequeuesWithBackoff() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let rejected = try await store.enqueueOne(now: Self.t0)
            _ = try await store.startAttempt(messageID: rejected.id, apiSendIDs: ["r-1"], now: Self.t0 + 1)
            let failed = try await store.recordAnswer(
                messageID: rejected.id, event: .rejected(reason: "errcode 40001: invalid token", itemIndex: nil), now: Self.t0 + 2)
            #expect(failed.state == .failed)
            #expect(failed.error == "errcode 40001: invalid token")

            let flaky = try await store.enqueueOne(conversation: "8xxx", now: Self.t0)
            _ = try await store.startAttempt(messageID: flaky.id, apiSendIDs: ["f-1"], now: Self.t0 + 1)
            let queued = try await store.recordAnswer(messageID: flaky.id, event: .retryable(reason: "HTTP 503", jitter: 0),
                                                      now: Self.t0 + 2)
            #expect(queued.state == .queued)
            #expect(queued.record.nextActionAt == Self.t0 + 2.5)  // base 1 s, equal jitter at 0: half the ceiling
            await #expect(throws: OutboxError.refused(messageID: flaky.id, .notDue(until: Self.t0 + 2.5))) {
                try await store.startAttempt(messageID: flaky.id, apiSendIDs: ["f-2"], now: Self.t0 + 2.4)
            }
            let second = try await store.startAttempt(messageID: flaky.id, apiSendIDs: ["f-2"], now: Self.t0 + 3)
            #expect(second.attemptCount == 2)
        }
    }

    @Test func aCallbackForAnOlderAttemptIsRecordedAndChangesNothing() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["old-1"], now: Self.t0 + 1)
            _ = try await store.recordAnswer(messageID: message.id, event: .retryable(reason: "timeout", jitter: 0),
                                             now: Self.t0 + 2)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["new-1"], now: Self.t0 + 5)
            _ = try await store.recordAnswer(messageID: message.id, event: .accepted(providerIDs: ["svr-new"]),
                                             now: Self.t0 + 6)
            let late = try await store.ingestCallback(.sendFailure, apiSendID: "old-1", errmsg: "late", now: Self.t0 + 7)
            #expect(late.messageID == message.id)
            let detail = try await store.detail(message.id)
            #expect(detail.message.state == .accepted)
            let last = try #require(detail.timeline.last)
            #expect(last.from == .accepted && last.to == .accepted)
            #expect(last.cause.contains(late.eventID))
            #expect(detail.timeline.isChained)
        }
    }

    @Test func anAPISendIDUsedByAnotherMessageIsRefused() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let first = try await store.enqueueOne(now: Self.t0)
            let second = try await store.enqueueOne(conversation: "8xxx", now: Self.t0)
            _ = try await store.startAttempt(messageID: first.id, apiSendIDs: ["dup"], now: Self.t0 + 1)
            await #expect(throws: OutboxError.refused(messageID: second.id, .apiSendIDNotFresh("dup"))) {
                try await store.startAttempt(messageID: second.id, apiSendIDs: ["dup"], now: Self.t0 + 1)
            }
            #expect(try await store.detail(second.id).message.state == .queued)
        }
    }

    @Test func aCallbackOfAnotherAccountOrKindIsNotApplied() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let message = try await store.enqueueOne(now: Self.t0)
            _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s-x"], now: Self.t0 + 1)
            let foreign = try await store.ingestCallback(.receipt, apiSendID: "s-x", account: "open", now: Self.t0 + 2)
            #expect(foreign.messageID == nil)
            let other = try await store.ingestCallback(.message, apiSendID: "s-x", now: Self.t0 + 2)
            #expect(other.messageID == nil)
            #expect(try await store.detail(message.id).timeline.count == 2)
        }
    }
}
