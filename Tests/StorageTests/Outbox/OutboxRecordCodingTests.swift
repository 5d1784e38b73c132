import Delivery
import Testing
@testable import Storage

/// `messages.record`: a delivery record reads back exactly as it was written.
@Suite struct OutboxRecordCodingTests {
    @Test func aRecordWithEveryFieldSetRoundTrips() throws {
        let policy = DeliveryPolicy(maxAttempts: 2)
        var record = try DeliveryRecord.enqueue(itemCount: 2, hasReceipts: true, at: 100.125, sendAt: 101, cause: "api").record
        _ = try record.apply(.sendStarted(attempt: 1, apiSendIDs: ["a1", "a2"]), at: 101.5, policy: policy)
        _ = try record.apply(.retryable(reason: "HTTP 503 \"busy\"\n", jitter: 0.25), at: 102, policy: policy)
        _ = try record.apply(.sendStarted(attempt: 2, apiSendIDs: ["b1", "b2"]), at: 110, policy: policy)
        _ = try record.apply(.echo(CallbackReference(apiSendID: "b1", providerID: "168,7xxx,X"), eventID: "e_1"),
                             at: 110.5, policy: policy)
        _ = try record.apply(.accepted(providerIDs: ["168,7xxx,X", nil]), at: 111, policy: policy)
        #expect(record.state == .failed)  // item 2 missing from the answer
        _ = try record.apply(.sendFailure(CallbackReference(apiSendID: "b2"), errmsg: "客户已拒收", eventID: "e_2"),
                             at: 112, policy: policy)
        _ = try record.apply(.retry, at: 120, policy: policy)
        #expect(record.budgetStart == 2)

        let text = RecordCoding.encode(record)
        #expect(try RecordCoding.decode(text) == record)
    }

    @Test func aNewRecordRoundTripsAndDamageIsReported() throws {
        let record = try DeliveryRecord.enqueue(itemCount: 1, hasReceipts: false, at: 1_763_700_000.1, cause: "api").record
        #expect(try RecordCoding.decode(RecordCoding.encode(record)) == record)
        #expect(throws: RecordDecodingError.self) { try RecordCoding.decode("{\"item_count\":1}") }
        #expect(throws: RecordDecodingError.self) { try RecordCoding.decode("not json") }
    }
}
