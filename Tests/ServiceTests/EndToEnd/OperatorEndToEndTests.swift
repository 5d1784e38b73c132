import Foundation
import ServiceHarness
import Testing

/// What an operator does to the outbox, carried through to the provider: a manual retry with a
/// fresh budget, a cancel, a message scheduled for later (docs/api.md, docs/delivery.md).
@Suite struct OperatorEndToEndTests {
    @Test func aManualRetryStartsAFreshBudgetAndFreshIds() async throws {
        var settings = TestSettings.endToEnd()
        settings.maxAttempts = 2
        try await TestService.with(settings) { stack in
            try await stack.faults(["http_500_next": 2])
            let id = try await stack.send(.sales("7201"), text: "重试")
            let failed = try await stack.waitFor(id)
            #expect(failed.state == "failed", "\(failed.story)")
            #expect(failed.attempts == 2)

            let retried = try await stack.client.send("POST", "/api/messages/\(id)/retry", body: nil, contentType: nil)
            #expect(retried.status == 200, "\(retried.text)")
            let view = try await stack.waitFor(id)
            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.attempts == 3)
            #expect(view.error == nil, "the old error is in the attempt history, not on the message")
            #expect(view.timelineChains, "\(view.story)")
            #expect(view.transitions.contains("failed→queued"))
            #expect(view.timeline?.contains { $0.from == "failed" && $0.cause == "manual retry" } == true, "\(view.story)")
            let history = try #require(view.attemptHistory)
            #expect(history.map(\.outcome) == ["retryable", "retryable", "accepted"])
            #expect(Set(history.flatMap(\.apiSendIds)).count == 3)

            // Retrying what is not failed or expired is refused.
            let again = try await stack.client.send("POST", "/api/messages/\(id)/retry", body: nil, contentType: nil)
            #expect(again.status == 409)
        }
    }

    @Test func aCancelledMessageNeverReachesTheProvider() async throws {
        try await TestService.with(.endToEnd()) { stack in
            let id = try await stack.sendScheduled(.shop("c-cancel"), text: "取消我", at: Date().timeIntervalSince1970 + 3600)
            #expect(try await stack.message(id).state == "queued")

            let cancelled = try await stack.client.send("POST", "/api/messages/\(id)/cancel", body: nil, contentType: nil)
            #expect(cancelled.status == 200, "\(cancelled.text)")
            let view = try await stack.message(id)
            #expect(view.state == "cancelled")
            #expect(view.transitions == ["nil→queued", "queued→cancelled"], "\(view.story)")
            #expect(try await stack.client.send("POST", "/api/messages/\(id)/cancel", body: nil, contentType: nil).status == 409)
            // A message sent after it still goes: the cancelled one holds nothing up.
            let next = try await stack.send(.shop("c-cancel"), text: "之后")
            #expect(try await stack.waitFor(next).state == "sent")
            #expect(try await stack.simLog().filter { $0.path == "/api/send" }.flatMap(\.texts) == ["之后"])
        }
    }

    @Test func aScheduledMessageWaitsForItsTime() async throws {
        try await TestService.with(.endToEnd()) { stack in
            let sendAt = Date().timeIntervalSince1970 + 1.5
            let id = try await stack.sendScheduled(.shop("c-later"), text: "定时", at: sendAt)
            let view = try await stack.waitFor(id)
            #expect(view.state == "sent", "\(view.story)")
            let started = try #require(view.timeline?.first { $0.to == "sending" }?.time)
            #expect(started >= sendAt, "sent before its send_at: \(view.story)")
        }
    }

    @Test func aScheduledMessageDoesNotHoldUpYoungerOnes() async throws {
        try await TestService.with(.endToEnd()) { stack in
            let scheduled = try await stack.sendScheduled(.shop("c-later"), text: "明天", at: Date().timeIntervalSince1970 + 3600)
            let now = try await stack.send(.shop("c-later"), text: "现在")
            #expect(try await stack.waitFor(now).state == "sent")
            #expect(try await stack.message(scheduled).state == "queued")
            #expect(try await stack.simLog().filter { $0.path == "/api/send" }.flatMap(\.texts) == ["现在"])
        }
    }
}
