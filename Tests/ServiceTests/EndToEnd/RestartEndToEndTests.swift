import Foundation
import ServiceHarness
import Testing

/// Crash safety (docs/delivery.md): a message caught in `sending` by a SIGKILL is sent again after
/// the restart as a new attempt, and its timeline says so.
@Suite struct RestartEndToEndTests {
    @Test func aKillDuringSendingIsRecoveredAsANewAttempt() async throws {
        try await TestService.with(.endToEnd { $0.host = .process }) { stack in
            // Attempt 1 reaches the simulator, which holds its answer and never calls back: only
            // the restart can finish it.
            try await stack.faults(["answer_delay_ms": 60_000, "drop_callbacks_next": 1])
            let id = try await stack.send(.sales("7007"), text: "断电前")
            _ = try await stack.waitForState(id, "sending")
            try await stack.waitForRequests(1)

            await stack.killService()
            try await stack.faults(["answer_delay_ms": 0])
            try await stack.startService()

            let view = try await stack.waitFor(id, timeout: 30)
            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.timelineChains, "\(view.story)")
            #expect(view.attempts == 2, "\(view.story)")
            #expect(view.transitions == ["nil→queued", "queued→sending", "sending→queued", "queued→sending", "sending→accepted",
                                         "accepted→echoed", "echoed→delivered"], "\(view.story)")
            let recovery = view.timeline?.first { $0.from == "sending" && $0.to == "queued" }
            #expect(recovery?.cause == "recovered after restart", "\(view.story)")
            let history = try #require(view.attemptHistory)
            #expect(history.map(\.outcome) == ["interrupted", "accepted"])

            // Both attempts reached the provider (at-least-once), each under its own id.
            let requests = try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }
            #expect(requests.count == 2)
            #expect(requests.flatMap(\.apiSendIDs) == history.flatMap(\.apiSendIds))
            #expect(Set(history.flatMap(\.apiSendIds)).count == 2)
            #expect(stack.serviceLog.contains("queued again"), "the restart logs what it recovered")
        }
    }

    @Test func aSIGTERMLetsTheSendInFlightFinishAndRecordsItsAnswer() async throws {
        var settings = TestSettings.endToEnd()
        settings.expireAfterS = 30
        settings.host = .process
        try await TestService.with(settings) { stack in
            // The answer takes six seconds (within serve's 10 s drain), so a loaded machine still
            // finds the send in flight; the service is asked to stop while waiting for it. The echo
            // comes once the service is back.
            try await stack.faults(["answer_delay_ms": 6000, "callback_delay_ms": [9000, 9000]])
            let id = try await stack.send(.sales("7008"), text: "优雅停机")
            try await stack.waitForRequests(1)
            try #require(try await stack.message(id).state == "sending", "the stop must come while the request is in flight")

            let status = await stack.stopService(SIGTERM)
            #expect(status == 0, "a clean stop exits 0")
            try await stack.startService()

            let view = try await stack.waitFor(id, timeout: 30)
            #expect(view.state == "delivered", "\(view.story)")
            #expect(view.attempts == 1, "the answer came within the stop: nothing to send again\n\(view.story)")
            #expect(view.attemptHistory?.map(\.outcome) == ["accepted"], "\(view.story)")
            #expect(try await stack.simLog().filter { $0.path == "/wechat/sendMessage" }.count == 1)
        }
    }

    @Test func timersThatFellDueWhileStoppedFireAtTheirDeadlines() async throws {
        var settings = TestSettings.endToEnd()
        settings.confirmAfterS = 2
        settings.expireAfterS = 3
        settings.host = .process
        try await TestService.with(settings) { stack in
            try await stack.faults(["drop_callbacks_next": 1, "callback_delay_ms": [0, 20]])
            let silent = try await stack.send(.sales("7009"), text: "无回执")
            let accepted = try await stack.waitForState(silent, "accepted")
            let echoed = try await stack.waitForState(try await stack.send(.sales("7010"), text: "有回声"), "echoed")
            await stack.killService()

            // Both deadlines pass while nothing runs.
            let acceptedAt = try #require(accepted.timeline?.last { $0.to == "accepted" }?.time)
            let echoedAt = try #require(echoed.timeline?.last { $0.to == "echoed" }?.time)
            let lastDeadline = max(acceptedAt + 3, echoedAt + 2)
            while Date().timeIntervalSince1970 < lastDeadline + 0.2 { try await Task.sleep(for: .milliseconds(50)) }
            let restartedAt = Date().timeIntervalSince1970
            try await stack.startService()

            let expired = try await stack.waitFor(silent)
            #expect(expired.state == "expired", "\(expired.story)")
            let expiry = try #require(expired.timeline?.last)
            #expect(abs(expiry.time - (acceptedAt + 3)) < 0.01, "dated at its deadline: \(expired.story)")
            #expect(expiry.time < restartedAt)

            let delivered = try await stack.waitFor(echoed.id)
            #expect(delivered.state == "delivered", "\(delivered.story)")
            let confirmation = try #require(delivered.timeline?.last)
            #expect(abs(confirmation.time - (echoedAt + 2)) < 0.01, "dated at its deadline: \(delivered.story)")
            #expect(confirmation.time < restartedAt)
            #expect(expired.attempts == 1 && delivered.attempts == 1)
        }
    }
}
