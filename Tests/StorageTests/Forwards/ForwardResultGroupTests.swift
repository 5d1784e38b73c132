import Core
import Delivery
import Storage
import Testing

/// Results recorded in groups, as the forwarder records them: each one as it would be alone, and
/// one that cannot be recorded fails alone.
@Suite struct ForwardResultGroupTests {
    @Test func aGroupRecordsEachResultAndOneThatCannotBeRecordedFailsAlone() async throws {
        try await StoreFixture.with(forwarding: LabelPlanner([("crm", ForwardFilter())])) { store, _ in
            let t0 = StoreFixture.t0
            for (index, conversation) in ["a", "a", "b", "c"].enumerated() {
                _ = try await store.ingest(ForwardStoreTests.message("m\(index)", key: "k\(index)",
                                                                     conversation: conversation),
                                           id: "e_\(index)", receivedAt: t0 + Double(index), replies: nil)
            }
            let claimed = try await store.claimDueForwards(now: t0 + 10, limit: 10)
            #expect(claimed.map(\.eventID) == ["e_0", "e_2", "e_3"])
            func record(_ forward: Forward, attempt: Int, status: Int) -> ForwardAttemptRecord {
                ForwardAttemptRecord(id: forward.id, attempt: attempt, result: .answered(status: status, retryAfter: nil),
                                     answer: nil, durationMs: 1, policy: ForwardStoreTests.policy, jitter: 0,
                                     now: t0 + 11, reply: nil)
            }
            let results = try await store.recordForwardAttempts([
                record(claimed[0], attempt: 1, status: 204),
                record(claimed[1], attempt: 2, status: 204),   // not the attempt in flight
                record(claimed[2], attempt: 1, status: 503),
            ])
            #expect(results.count == 3)
            #expect(try results[0].get().state == .delivered)
            #expect(throws: ForwardError.self) { try results[1].get() }
            let retrying = try results[2].get()
            #expect(retrying.state == .pending && retrying.lastStatus == 503 && retrying.nextAttemptAt == t0 + 11.5)
            // The delivered head let its line's next forward go; the refused result changed nothing.
            #expect(try await store.claimDueForwards(now: t0 + 11, limit: 10).map(\.eventID) == ["e_1"])
            let refused = try #require(try await store.forward(id: claimed[1].id))
            #expect(refused.forward.state == .delivering && refused.attempts.map(\.durationMs) == [nil])
        }
    }
}
