import Delivery
import Testing

@Suite struct RetryTests {
    @Test func retryableFailuresBackOffThenGiveUpAtMaxAttempts() throws {
        var scenario = Scenario()
        var expectedCeiling = 1.0
        for attempt in 1...4 {
            let started = try scenario.send()
            #expect(started.map(\.cause) == ["attempt \(attempt)"])
            let time = scenario.now + 1
            let rows = try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: time)
            // Equal jitter with unit 0: half the ceiling.
            let delay = expectedCeiling / 2
            #expect(rows == [TimelineEntry(time: time, from: .sending, to: .queued,
                                           cause: "HTTP 503 (retry in \(delay < 1 ? "500 ms" : "\(delay) s"))")])
            #expect(scenario.record.nextActionAt == time + delay)
            #expect(scenario.record.error == nil)
            expectedCeiling *= 2
        }
        try scenario.send()
        let rows = try scenario.apply(.retryable(reason: "connection refused", jitter: 0.9), at: scenario.now + 1)
        #expect(rows.map(\.to) == [.failed])
        #expect(rows.first?.cause == "connection refused; gave up after 5 attempts")
        #expect(scenario.record.error == "connection refused; gave up after 5 attempts")
        #expect(scenario.record.attempts.map(\.outcome) == Array(repeating: .retryable, count: 5))
        #expect(Set(scenario.record.attempts.flatMap(\.apiSendIDs)).count == 5)
    }

    @Test func aQueuedMessageIsNotSentBeforeItIsDue() throws {
        var scenario = Scenario(at: 0, sendAt: 100)
        #expect(throws: DeliveryRefusal.notDue(until: 100)) { try scenario.send(at: 99) }
        try scenario.send(at: 100)
        try scenario.apply(.retryable(reason: "HTTP 500", jitter: 0.5), at: 101)
        #expect(scenario.record.nextActionAt == 101.75)
        #expect(scenario.timeline.last?.cause == "HTTP 500 (retry in 750 ms)")
        #expect(throws: DeliveryRefusal.notDue(until: 101.75)) { try scenario.send(at: 101.7) }
    }

    @Test func retryDelaysAreRoundedToATenthOfASecond() throws {
        var scenario = Scenario(policy: DeliveryPolicy(retryBaseMilliseconds: 3000))
        try scenario.send(at: 0)
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0.37), at: 1)
        #expect(scenario.timeline.last?.cause == "HTTP 503 (retry in 2.1 s)")
    }

    @Test func oneAttemptBudgetFailsAtTheFirstRetryableFailure() throws {
        for maxAttempts in [1, 0, -2] {
            var scenario = Scenario(policy: DeliveryPolicy(maxAttempts: maxAttempts))
            try scenario.send(at: 0)
            try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 1)
            #expect(scenario.state == .failed)
        }
    }

    @Test func aRejectionIsNeverRetried() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let rows = try scenario.apply(.rejected(reason: "errcode 40001: invalid token", itemIndex: nil), at: 1)
        #expect(rows == [TimelineEntry(time: 1, from: .sending, to: .failed, cause: "errcode 40001: invalid token")])
        #expect(scenario.record.nextActionAt == nil)
        #expect(scenario.record.latestAttempt?.outcome == .rejected)
    }

    @Test func aManualRetryStartsAFreshBudgetWithNewIDs() throws {
        var scenario = Scenario(policy: DeliveryPolicy(maxAttempts: 2))
        for _ in 1...2 {
            try scenario.send()
            try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: scenario.now + 1)
        }
        #expect(scenario.state == .failed)
        let rows = try scenario.apply(.retry, at: 50)
        #expect(rows == [TimelineEntry(time: 50, from: .failed, to: .queued, cause: "manual retry")])
        #expect(scenario.record.error == nil)
        #expect(scenario.record.nextActionAt == 50)
        #expect(scenario.record.attemptsInBudget == 0)
        // The old ids are spent: reusing one is refused, and the count goes on at 3.
        #expect(throws: DeliveryRefusal.apiSendIDNotFresh(Scenario.apiSendID(attempt: 1, item: 0))) {
            try scenario.apply(.sendStarted(attempt: 3, apiSendIDs: [Scenario.apiSendID(attempt: 1, item: 0)]), at: 50)
        }
        #expect(throws: DeliveryRefusal.attemptOutOfOrder(expected: 3, got: 1)) {
            try scenario.apply(.sendStarted(attempt: 1, apiSendIDs: ["fresh"]), at: 50)
        }
        try scenario.send(at: 50)
        #expect(scenario.timeline.last?.cause == "attempt 3")
        // A full new budget: one more retryable failure queues again instead of failing.
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 51)
        #expect(scenario.state == .queued)
        try scenario.send()
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: scenario.now + 1)
        #expect(scenario.state == .failed)
        #expect(scenario.record.attempts.map(\.number) == [1, 2, 3, 4])
    }

    @Test func aManualRetryOfAnExpiredMessageSendsAgain() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.apply(.tick, at: 1000)
        try scenario.apply(.retry, at: 1001)
        try scenario.send(at: 1001)
        try scenario.answerTaken(at: 1002)
        try scenario.echo(at: 1003)
        // Attempt 1's late echo changes nothing now.
        let late = try scenario.echo(attempt: 1, at: 1004)
        #expect(late.first?.cause == "chatMsg e_2 for attempt 1 ignored: attempt 2 is current")
        try scenario.apply(.tick, at: 1063)
        #expect(scenario.state == .delivered)
    }

    @Test func sendStartedChecksItsIDs() throws {
        var scenario = Scenario(items: 2)
        #expect(throws: DeliveryRefusal.itemCountMismatch(expected: 2, got: 1)) {
            try scenario.apply(.sendStarted(attempt: 1, apiSendIDs: ["a"]), at: 0)
        }
        #expect(throws: DeliveryRefusal.apiSendIDNotFresh("a")) {
            try scenario.apply(.sendStarted(attempt: 1, apiSendIDs: ["a", "a"]), at: 0)
        }
        #expect(throws: DeliveryRefusal.apiSendIDNotFresh("")) {
            try scenario.apply(.sendStarted(attempt: 1, apiSendIDs: ["", "b"]), at: 0)
        }
        #expect(scenario.state == .queued && scenario.record.attempts.isEmpty)
    }

    @Test func recoveryAfterRestartQueuesANewAttemptAtOnce() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let rows = try scenario.apply(.recoverAfterRestart, at: 30)
        #expect(rows == [TimelineEntry(time: 30, from: .sending, to: .queued, cause: "recovered after restart")])
        #expect(scenario.record.nextActionAt == 30)
        #expect(scenario.record.latestAttempt?.outcome == .interrupted)
        try scenario.send(at: 30)
        #expect(scenario.timeline.last?.cause == "attempt 2")
        // Attempt 1 may have reached the provider after all: its echo changes nothing.
        try scenario.answerTaken(at: 31)
        let late = try scenario.echo(attempt: 1, at: 32)
        #expect(late.first?.isNoChange == true)
        #expect(scenario.state == .accepted)
    }

    @Test func aLeaseThatRanOutIsRecoveredLikeARestartUnderItsOwnCause() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let rows = try scenario.apply(.recoverAfterLeaseExpired, at: 31)
        #expect(rows == [TimelineEntry(time: 31, from: .sending, to: .queued, cause: "recovered after lease expired")])
        #expect(scenario.record.nextActionAt == 31)
        #expect(scenario.record.latestAttempt?.outcome == .interrupted)
        #expect(throws: DeliveryRefusal.notSending(.queued)) { try scenario.apply(.recoverAfterLeaseExpired, at: 32) }
    }

    @Test func recoveryIgnoresTheBudgetButTheNextFailureDoesNot() throws {
        var scenario = Scenario(policy: DeliveryPolicy(maxAttempts: 1))
        try scenario.send(at: 0)
        try scenario.apply(.recoverAfterRestart, at: 5)
        #expect(scenario.state == .queued)
        try scenario.send(at: 5)
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 6)
        #expect(scenario.state == .failed)
        #expect(scenario.record.error == "HTTP 503; gave up after 2 attempts")
    }

    @Test func recoveryHonoursCallbacksThatCameBeforeTheCrash() throws {
        var echoed = Scenario()
        try echoed.send(at: 0)
        try echoed.echo(at: 1)
        let rows = try echoed.apply(.recoverAfterRestart, at: 30)
        #expect(rows.map(\.to) == [.accepted, .echoed])
        #expect(rows[0].cause == "recovered after restart, but chatMsg e_1 had come: attempt 1 counts as accepted")
        var failed = Scenario()
        try failed.send(at: 0)
        try failed.fail(at: 1)
        try failed.apply(.recoverAfterRestart, at: 30)
        #expect(failed.state == .failed)
    }

    @Test func onlyASendingMessageIsRecovered() throws {
        var scenario = Scenario()
        #expect(throws: DeliveryRefusal.notSending(.queued)) { try scenario.apply(.recoverAfterRestart, at: 1) }
    }

    @Test func cancellingAQueuedMessageIsFinal() throws {
        var scenario = Scenario(sendAt: 100)
        let rows = try scenario.apply(.cancel, at: 5)
        #expect(rows == [TimelineEntry(time: 5, from: .queued, to: .cancelled, cause: "cancelled by operator")])
        #expect(scenario.record.nextActionAt == nil)
        #expect(throws: DeliveryRefusal.notQueued(.cancelled)) { try scenario.send(at: 100) }
        #expect(throws: DeliveryRefusal.notRetryable(.cancelled)) { try scenario.apply(.retry, at: 100) }
    }
}
