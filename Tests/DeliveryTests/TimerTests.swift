import Delivery
import Testing

@Suite struct TimerTests {
    /// Accepted at 10, item echoed at `echoAt` (if any).
    static func accepted(echoAt: Double? = nil, policy: DeliveryPolicy = DeliveryPolicy()) throws -> Scenario {
        var scenario = Scenario(policy: policy)
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 10)
        if let echoAt { try scenario.echo(at: echoAt) }
        return scenario
    }

    @Test func confirmationFiresExactlyAtItsDeadline() throws {
        var scenario = try Self.accepted(echoAt: 20)
        #expect(scenario.record.nextActionAt == 80)
        #expect(!scenario.record.isDue(at: 79.999) && scenario.record.isDue(at: 80))
        #expect(try scenario.apply(.tick, at: 79.999).isEmpty)
        #expect(scenario.state == .echoed)
        let rows = try scenario.apply(.tick, at: 80)
        #expect(rows == [TimelineEntry(time: 80, from: .echoed, to: .delivered, cause: "no chatMsgSendFail within 60 s")])
        #expect(scenario.record.nextActionAt == nil)
    }

    @Test func expiryFiresExactlyAtItsDeadline() throws {
        var scenario = try Self.accepted()
        #expect(scenario.record.nextActionAt == 910)
        #expect(try scenario.apply(.tick, at: 909.999).isEmpty)
        let rows = try scenario.apply(.tick, at: 910)
        #expect(rows == [TimelineEntry(time: 910, from: .accepted, to: .expired, cause: "no receipt within 900 s of acceptance")])
        #expect(scenario.record.error == "no receipt within 900 s of acceptance")
    }

    @Test func aLateTickStampsTheRowWithTheDeadline() throws {
        var scenario = try Self.accepted(echoAt: 20)
        let rows = try scenario.apply(.tick, at: 5_000)
        #expect(rows.map(\.time) == [80])
        #expect(scenario.state == .delivered)
    }

    @Test func confirmationWinsATieWithExpiry() throws {
        // Echo at 850: confirm due 910 = accepted 10 + 900.
        var scenario = try Self.accepted(echoAt: 850)
        #expect(scenario.record.nextActionAt == 910)
        try scenario.apply(.tick, at: 910)
        #expect(scenario.state == .delivered)
    }

    @Test func expiryWinsWhenTheEchoCameTooLate() throws {
        // Echo at 860: confirm due 920, but expiry is due at 910.
        var scenario = try Self.accepted(echoAt: 860)
        #expect(scenario.record.nextActionAt == 910)
        #expect(try scenario.apply(.tick, at: 909).isEmpty)
        let rows = try scenario.apply(.tick, at: 920)
        #expect(rows == [TimelineEntry(time: 910, from: .echoed, to: .expired, cause: "not confirmed within 900 s of acceptance")])
    }

    @Test func partialEchoesExpireSayingHowManyCame() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 10)
        try scenario.echo(item: 0, at: 11)
        let rows = try scenario.apply(.tick, at: 910)
        #expect(rows.map(\.cause) == ["only 1 of 2 items echoed within 900 s of acceptance"])
    }

    @Test func dueTimersFireBeforeTheNextEvent() throws {
        // An echo that comes after the expiry deadline finds the message expired.
        var scenario = try Self.accepted()
        let rows = try scenario.echo(at: 911)
        #expect(rows.map(\.to) == [.expired, .expired])
        #expect(rows.map(\.time) == [910, 911])
        #expect(rows[1].cause == "chatMsg e_1 for item 1 changes nothing: the message is expired")
    }

    @Test func aFailureAtTheConfirmDeadlineIsALateFailure() throws {
        var scenario = try Self.accepted(echoAt: 20)
        let rows = try scenario.fail(at: 80)
        #expect(rows.map(\.to) == [.delivered, .failed])
        #expect(rows[1].cause.hasPrefix("late chatMsgSendFail"))
    }

    @Test func aFailureJustBeforeTheConfirmDeadlineIsAnOrdinaryFailure() throws {
        var scenario = try Self.accepted(echoAt: 20)
        let rows = try scenario.fail(at: 79.9)
        #expect(rows.map(\.to) == [.failed])
        #expect(rows[0].cause == "chatMsgSendFail e_2: item 1: 对方已不是好友")
    }

    @Test func timersFollowThePolicy() throws {
        let policy = DeliveryPolicy(confirmAfterSeconds: 2, expireAfterSeconds: 5)
        var scenario = try Self.accepted(echoAt: 12, policy: policy)
        #expect(scenario.record.nextActionAt == 14)
        let rows = try scenario.apply(.tick, at: 14)
        #expect(rows.map(\.cause) == ["no chatMsgSendFail within 2 s"])
        var slow = try Self.accepted(policy: DeliveryPolicy(expireAfterSeconds: 0.5))
        #expect(try slow.apply(.tick, at: 10.5).map(\.cause) == ["no receipt within 0.5 s of acceptance"])
    }

    @Test func nothingElseHasATimer() throws {
        for state in [DeliveryState.sending, .sent] {
            var scenario = Scenario(receipts: state != .sent)
            try scenario.send(at: 0)
            if state == .sent { try scenario.answerTaken(at: 1) }
            #expect(scenario.record.nextActionAt == nil)
            #expect(try scenario.apply(.tick, at: 1_000_000).isEmpty)
            #expect(scenario.state == state)
        }
    }
}
