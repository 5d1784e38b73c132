import Core
import Delivery
import Testing

@Suite struct EnqueueTests {
    @Test func aNewMessageIsQueuedAndDueAtOnce() throws {
        let (record, entry) = try DeliveryRecord.enqueue(itemCount: 2, hasReceipts: true, at: 100, cause: "api")
        #expect(record.state == .queued)
        #expect(record.nextActionAt == 100)
        #expect(record.attempts.isEmpty)
        #expect(record.nextAttemptNumber == 1)
        #expect(record.error == nil)
        #expect(record.updatedAt == 100)
        #expect(entry == TimelineEntry(time: 100, from: nil, to: .queued, cause: "api"))
    }

    @Test func sendAtHoldsItInQueued() throws {
        let (record, _) = try DeliveryRecord.enqueue(itemCount: 1, hasReceipts: false, at: 100, sendAt: 500, cause: "api")
        #expect(record.nextActionAt == 500)
        // A send_at in the past means now.
        let (past, _) = try DeliveryRecord.enqueue(itemCount: 1, hasReceipts: false, at: 100, sendAt: 50, cause: "api")
        #expect(past.nextActionAt == 100)
    }

    @Test(arguments: [0, 6, -1, 100])
    func itemCountsOutsideOneToFiveAreRefused(count: Int) {
        #expect(throws: DeliveryRefusal.itemCountOutOfRange(count)) {
            try DeliveryRecord.enqueue(itemCount: count, hasReceipts: true, at: 0, cause: "api")
        }
    }

    @Test func theProviderDecidesWhetherReceiptsAreAwaited() throws {
        for provider in Provider.allCases {
            let (record, _) = try DeliveryRecord.enqueue(provider: provider, itemCount: 1, at: 0, cause: "rule price")
            #expect(record.hasReceipts == (provider == .yunzhenji))
        }
    }

    @Test func aRestoredRecordEqualsTheSavedOne() throws {
        var scenario = Scenario(items: 2)
        try scenario.send(at: 1)
        try scenario.answerTaken(at: 2)
        try scenario.echo(item: 1, at: 3)
        let saved = scenario.record
        let restored = DeliveryRecord(
            itemCount: saved.itemCount, hasReceipts: saved.hasReceipts, state: saved.state, attempts: saved.attempts,
            budgetStart: saved.budgetStart, error: saved.error, nextActionAt: saved.nextActionAt,
            updatedAt: saved.updatedAt)
        #expect(restored == saved)
    }

    @Test func refusalsSayWhatIsWrong() {
        #expect("\(DeliveryRefusal.notCancellable(.sending))" == "the message is sending; only a queued message can be cancelled")
        #expect("\(DeliveryRefusal.notRetryable(.delivered))".contains("only a failed or expired message"))
        #expect("\(DeliveryRefusal.noMatchingAttempt(CallbackReference(apiSendID: "x")))" == "no attempt of this message has api_send_id x")
    }
}
