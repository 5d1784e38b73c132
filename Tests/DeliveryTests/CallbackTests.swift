import Delivery
import Testing

@Suite struct CallbackTests {
    /// Attempt 1 got a 503; attempt 2 is accepted.
    static func secondAttemptAccepted(items: Int = 1) throws -> Scenario {
        var scenario = Scenario(items: items)
        try scenario.send(at: 0)
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 1)
        try scenario.send()
        try scenario.answerTaken(at: 3)
        return scenario
    }

    @Test func anOlderAttemptsEchoChangesNothing() throws {
        var scenario = try Self.secondAttemptAccepted()
        let rows = try scenario.echo(attempt: 1, at: 4)
        #expect(rows == [TimelineEntry(time: 4, from: .accepted, to: .accepted,
                                       cause: "chatMsg e_1 for attempt 1 ignored: attempt 2 is current")])
        #expect(scenario.record.latestAttempt?.items[0].hasEchoed == false)
        // The fact is kept in attempt 1's history.
        #expect(scenario.record.attempts[0].items[0].echoEventID == "e_1")
    }

    @Test func anOlderAttemptsFailureChangesNothing() throws {
        var scenario = try Self.secondAttemptAccepted()
        try scenario.echo(at: 4)
        let rows = try scenario.fail(attempt: 1, at: 5)
        #expect(rows.count == 1 && rows[0].isNoChange && rows[0].to == .echoed)
        #expect(rows[0].cause == "chatMsgSendFail e_2 for attempt 1 ignored: attempt 2 is current")
        try scenario.apply(.tick, at: 64)
        #expect(scenario.state == .delivered)
    }

    @Test func aCallbackOfAnAbandonedAttemptWhileQueuedChangesNothing() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.apply(.retryable(reason: "HTTP 503", jitter: 0), at: 1)
        let rows = try scenario.echo(attempt: 1, at: 1.2)
        #expect(rows.map(\.cause) == ["chatMsg e_1 for attempt 1 ignored: the message is queued for attempt 2"])
        #expect(scenario.state == .queued)
    }

    @Test func aRepeatedEchoIsARowThatChangesNothing() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.echo(at: 2)
        let rows = try scenario.echo(at: 30)
        #expect(rows == [TimelineEntry(time: 30, from: .echoed, to: .echoed, cause: "repeated chatMsg e_2 for item 1 of attempt 1")])
        // The repeat does not push confirmation back.
        #expect(scenario.record.nextActionAt == 62)
    }

    @Test func aRepeatedEchoWhileSendingIsNoted() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.echo(at: 1)
        let rows = try scenario.echo(at: 2)
        #expect(rows.first?.cause == "repeated chatMsg e_2 for item 1 of attempt 1")
        #expect(scenario.record.latestAttempt?.items[0].echoEventID == "e_1")
    }

    @Test func aLateFailureTurnsDeliveredIntoFailed() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.echo(at: 2)
        try scenario.apply(.tick, at: 100)
        #expect(scenario.state == .delivered)
        let rows = try scenario.fail(errmsg: "对方已删除好友", at: 200)
        #expect(rows == [TimelineEntry(time: 200, from: .delivered, to: .failed,
                                       cause: "late chatMsgSendFail e_2 after delivered: item 1: 对方已删除好友")])
        #expect(scenario.record.error == "item 1: 对方已删除好友")
    }

    @Test func aLateFailureTurnsExpiredIntoFailed() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.apply(.tick, at: 1000)
        #expect(scenario.state == .expired)
        let rows = try scenario.fail(at: 1200)
        #expect(rows.map(\.to) == [.failed])
        #expect(rows.first?.cause.hasPrefix("late chatMsgSendFail e_1 after expired") == true)
    }

    @Test func moreFailuresAfterFailedAreRowsThatChangeNothing() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.fail(item: 0, errmsg: "first", at: 2)
        let other = try scenario.fail(item: 1, errmsg: "second", at: 3)
        let repeated = try scenario.fail(item: 0, errmsg: "first", at: 4)
        let echo = try scenario.echo(item: 1, at: 5)
        for rows in [other, repeated, echo] {
            #expect(rows.count == 1 && rows[0].from == .failed && rows[0].to == .failed)
        }
        #expect(other[0].cause == "chatMsgSendFail e_2 for item 2 changes nothing: the message is failed (second)")
        #expect(repeated[0].cause == "repeated chatMsgSendFail e_3 for item 1 of attempt 1: first")
        // The first failure stays the message's error.
        #expect(scenario.record.error == "item 1: first")
    }

    @Test func theErrorNamesTheFailedItem() throws {
        var scenario = Scenario(items: 3)
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        try scenario.echo(item: 0, at: 2)
        let rows = try scenario.fail(item: 2, errmsg: "文件过期", at: 3)
        #expect(rows.first?.cause == "chatMsgSendFail e_2: item 3: 文件过期")
        #expect(scenario.record.error == "item 3: 文件过期")
        #expect(scenario.record.latestAttempt?.items.map(\.status) == [.echoed, .accepted, .failed])
    }

    @Test func severalItemsAreEchoedOnlyWhenAllHaveEchoed() throws {
        var scenario = Scenario(items: 3)
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        let first = try scenario.echo(item: 1, at: 2)
        #expect(first.map(\.cause) == ["chatMsg e_1 for item 2 (1 of 3 items echoed)"])
        try scenario.echo(item: 0, at: 3)
        #expect(scenario.state == .accepted)
        let last = try scenario.echo(item: 2, at: 10)
        #expect(last == [TimelineEntry(time: 10, from: .accepted, to: .echoed, cause: "chatMsg e_3 for item 3: every item echoed")])
        // Confirmation runs from the last echo.
        #expect(scenario.record.nextActionAt == 70)
    }

    @Test func callbacksMayNameTheProviderIDInstead() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        try scenario.answerTaken(at: 1)
        let reference = CallbackReference(providerID: Scenario.svrid(attempt: 1, item: 0))
        try scenario.apply(.echo(reference, eventID: "e_9"), at: 2)
        #expect(scenario.state == .echoed)
        try scenario.apply(.sendFailure(reference, errmsg: "失败", eventID: "e_10"), at: 3)
        #expect(scenario.state == .failed)
    }

    @Test func anEchoTeachesTheProviderIDWhenItComesFirst() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let reference = CallbackReference(apiSendID: Scenario.apiSendID(attempt: 1, item: 0), providerID: "svr-from-echo")
        try scenario.apply(.echo(reference, eventID: "e_1"), at: 1)
        #expect(scenario.record.providerIDs == ["svr-from-echo"])
        #expect(scenario.record.attemptNumber(matching: CallbackReference(providerID: "svr-from-echo")) == 1)
    }

    @Test func aCallbackMatchingNoAttemptIsRefusedAsAnOrphan() throws {
        var scenario = Scenario()
        try scenario.send(at: 0)
        let stranger = CallbackReference(apiSendID: "someone-else", providerID: "svr-x")
        #expect(scenario.record.attemptNumber(matching: stranger) == nil)
        #expect(throws: DeliveryRefusal.noMatchingAttempt(stranger)) {
            try scenario.apply(.echo(stranger, eventID: "e_1"), at: 1)
        }
        // Empty ids never match an item whose provider id is still unknown.
        let empty = CallbackReference(apiSendID: "", providerID: "")
        #expect(throws: DeliveryRefusal.noMatchingAttempt(CallbackReference())) {
            try scenario.apply(.sendFailure(empty, errmsg: "x", eventID: "e_2"), at: 1)
        }
    }

    @Test func bufferedOrphansApplyRightAfterTheSendCommits() throws {
        // The store holds an echo that came before the message's send was committed.
        let orphan = DeliveryEvent.echo(CallbackReference(apiSendID: Scenario.apiSendID(attempt: 1, item: 0)), eventID: "e_0")
        var scenario = Scenario()
        #expect(throws: DeliveryRefusal.self) { try scenario.apply(orphan, at: 0.5) }
        try scenario.send(at: 1)
        #expect(scenario.record.attemptNumber(matching: scenario.reference(attempt: 1)) == 1)
        try scenario.apply(orphan, at: 1)
        try scenario.answerTaken(at: 2)
        #expect(scenario.state == .echoed)
    }

    @Test func callbacksForAProviderWithoutReceiptsAreNotedOnly() throws {
        var scenario = Scenario(receipts: false)
        try scenario.send(at: 0)
        let rows = try scenario.fail(at: 1)
        #expect(rows.map(\.cause) == ["chatMsgSendFail e_1 for attempt 1 ignored: this provider sends no receipts"])
        try scenario.answerTaken(at: 2)
        #expect(scenario.state == .sent)
        #expect(scenario.record.latestAttempt?.items[0].hasFailed == false)
    }

    @Test func aMissingItemInTheAnswerFailsTheMessage() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        let rows = try scenario.apply(.accepted(providerIDs: ["svr0", nil]), at: 1)
        #expect(rows == [TimelineEntry(time: 1, from: .sending, to: .failed, cause: "item 2: not in the provider's answer")])
        #expect(scenario.record.latestAttempt?.outcome == .rejected)
        #expect(scenario.record.latestAttempt?.items.map(\.status) == [.accepted, .rejected])
    }

    @Test func aRejectionNamingAnItemSaysSo() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        #expect(throws: DeliveryRefusal.itemIndexOutOfRange(2, itemCount: 2)) {
            try scenario.apply(.rejected(reason: "bad url", itemIndex: 2), at: 1)
        }
        try scenario.apply(.rejected(reason: "bad url", itemIndex: 1), at: 1)
        #expect(scenario.record.error == "item 2: bad url")
        #expect(scenario.record.latestAttempt?.error == "item 2: bad url")
    }

    @Test func answersMustCarryOneIDPerItem() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 0)
        #expect(throws: DeliveryRefusal.itemCountMismatch(expected: 2, got: 1)) {
            try scenario.apply(.accepted(providerIDs: ["svr"]), at: 1)
        }
    }
}
