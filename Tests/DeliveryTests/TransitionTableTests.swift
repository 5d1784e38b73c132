import Delivery
import Testing

/// Every event in every state: the legal transitions and the refused ones.
@Suite struct TransitionTableTests {
    enum Situation: String, CaseIterable, CustomTestStringConvertible {
        case queuedNew, queuedAfterRetryable, sending, sendingWithoutReceipts, accepted, echoed, delivered
        case sent, failed, expired, cancelled
        var testDescription: String { rawValue }
    }

    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sendStarted, accepted, sent, rejected, retryable, echo, sendFailure, tick, cancel, retry, recover
        var testDescription: String { rawValue }
    }

    enum Expectation: Equatable {
        case moves(to: DeliveryState)
        /// A row with `from == to`.
        case notes
        /// No row at all.
        case nothing
        case refused(DeliveryRefusal)
    }

    /// A message in `situation`, reached by legal events only. Times: created at 0, sent at 1,
    /// answered at 2, echoed at 3.
    static func reach(_ situation: Situation) throws -> Scenario {
        var scenario = Scenario(receipts: situation != .sent && situation != .sendingWithoutReceipts)
        switch situation {
        case .queuedNew: return scenario
        case .queuedAfterRetryable, .cancelled:
            try scenario.send(at: 1)
            try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 2)
            if situation == .cancelled { try scenario.apply(.cancel, at: 2.1) }
        case .sending, .sendingWithoutReceipts:
            try scenario.send(at: 1)
        case .accepted, .echoed, .delivered, .sent:
            try scenario.send(at: 1)
            try scenario.answerTaken(at: 2)
            if situation == .echoed || situation == .delivered { try scenario.echo(at: 3) }
            if situation == .delivered { try scenario.apply(.tick, at: 63) }
        case .failed:
            try scenario.send(at: 1)
            try scenario.apply(.rejected(reason: "errcode 40001: invalid token", itemIndex: nil), at: 2)
        case .expired:
            try scenario.send(at: 1)
            try scenario.answerTaken(at: 2)
            try scenario.apply(.tick, at: 902)
        }
        return scenario
    }

    static func expectation(_ situation: Situation, _ kind: Kind, _ scenario: Scenario) -> Expectation {
        let state = scenario.state
        switch (kind, situation) {
        case (.sendStarted, .queuedNew), (.sendStarted, .queuedAfterRetryable): return .moves(to: .sending)
        case (.sendStarted, _): return .refused(.notQueued(state))

        case (.accepted, .sending): return .moves(to: .accepted)
        case (.accepted, .sendingWithoutReceipts): return .refused(.outcomeDoesNotFitProvider(.accepted, hasReceipts: false))
        case (.sent, .sendingWithoutReceipts): return .moves(to: .sent)
        case (.sent, .sending): return .refused(.outcomeDoesNotFitProvider(.sent, hasReceipts: true))
        case (.rejected, .sending), (.rejected, .sendingWithoutReceipts): return .moves(to: .failed)
        case (.retryable, .sending), (.retryable, .sendingWithoutReceipts): return .moves(to: .queued)
        case (.recover, .sending), (.recover, .sendingWithoutReceipts): return .moves(to: .queued)
        case (.accepted, _), (.sent, _), (.rejected, _), (.retryable, _), (.recover, _): return .refused(.notSending(state))

        case (.echo, .queuedNew), (.sendFailure, .queuedNew):
            return .refused(.noMatchingAttempt(scenario.reference(attempt: 1)))
        case (.echo, .accepted): return .moves(to: .echoed)
        case (.sendFailure, .accepted), (.sendFailure, .echoed), (.sendFailure, .delivered), (.sendFailure, .expired):
            return .moves(to: .failed)
        case (.echo, _), (.sendFailure, _): return .notes

        case (.tick, .accepted): return .moves(to: .expired)
        case (.tick, .echoed): return .moves(to: .delivered)
        case (.tick, _): return .nothing

        case (.cancel, .queuedNew), (.cancel, .queuedAfterRetryable): return .moves(to: .cancelled)
        case (.cancel, _): return .refused(.notCancellable(state))
        case (.retry, .failed), (.retry, .expired): return .moves(to: .queued)
        case (.retry, _): return .refused(.notRetryable(state))
        }
    }

    static func event(_ kind: Kind, _ scenario: inout Scenario) -> DeliveryEvent {
        let count = scenario.record.itemCount
        let attempt = max(scenario.currentAttempt, 1)
        switch kind {
        case .sendStarted:
            let number = scenario.record.nextAttemptNumber
            return .sendStarted(attempt: number, apiSendIDs: (0..<count).map { Scenario.apiSendID(attempt: number, item: $0) })
        case .accepted: return .accepted(providerIDs: (0..<count).map { Scenario.svrid(attempt: attempt, item: $0) })
        case .sent: return .sent(providerIDs: (0..<count).map { Scenario.svrid(attempt: attempt, item: $0) })
        case .rejected: return .rejected(reason: "HTTP 400", itemIndex: nil)
        case .retryable: return .retryable(reason: "timeout", jitter: 0.5)
        case .echo: return .echo(scenario.reference(attempt: attempt), eventID: scenario.nextEventID())
        case .sendFailure:
            return .sendFailure(scenario.reference(attempt: attempt), errmsg: "发送失败", eventID: scenario.nextEventID())
        case .tick: return .tick
        case .cancel: return .cancel
        case .retry: return .retry
        case .recover: return .recoverAfterRestart
        }
    }

    @Test(arguments: Situation.allCases, Kind.allCases)
    func eventInState(situation: Situation, kind: Kind) throws {
        var scenario = try Self.reach(situation)
        let expected = Self.expectation(situation, kind, scenario)
        let before = scenario.record
        let event = Self.event(kind, &scenario)
        // Ticks look far ahead so the timers fire; other events come just after the last one (or
        // when the queued message is due) so that no timer interferes.
        let time = kind == .tick ? 5_000 : max(scenario.now + 0.5, before.state == .queued ? before.nextActionAt ?? 0 : 0)
        do {
            let rows = try scenario.apply(event, at: time)
            switch expected {
            case .moves(let state):
                #expect(scenario.state == state)
                #expect(rows.last?.to == state)
                #expect(rows.first?.from == before.state)
            case .notes:
                #expect(rows.count == 1)
                #expect(rows.first?.isNoChange == true)
                #expect(scenario.state == before.state)
            case .nothing:
                #expect(rows.isEmpty)
                #expect(scenario.record == before)
            case .refused(let refusal):
                Issue.record("expected \(refusal), got \(rows)")
            }
        } catch {
            #expect(expected == .refused(error), "refused with \(error)")
            #expect(scenario.record == before, "a refused event changed the record")
        }
    }

    @Test func everyFinalStateIsReachable() throws {
        var reached = Set<DeliveryState>()
        for situation in Situation.allCases { reached.insert(try Self.reach(situation).state) }
        #expect(reached == Set(DeliveryState.allCases))
    }
}
