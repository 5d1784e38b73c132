import Core
import Delivery
import Foundation
import JSON
import Testing
@testable import Storage

/// `stats` on a small data set computed by hand.
@Suite struct OutboxStatsTests {
    static let t0 = StoreFixture.t0
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900)

    /// Six messages created at t0 (one more long before, outside the window):
    /// delivered (accept 500 ms, confirm 60.5 s), sent (250 ms), failed after acceptance (1000 ms),
    /// rejected (no acceptance), queued, expired (1000 ms).
    static func fill(_ store: any Store) async throws {
        func start(_ id: String, _ sendID: String) async throws {
            _ = try await store.startAttempt(messageID: id, apiSendIDs: [sendID], now: t0 + 1)
        }
        let delivered = try await store.enqueueOne(conversation: "1", now: t0)
        try await start(delivered.id, "s1")
        _ = try await store.recordAnswer(messageID: delivered.id, event: .accepted(providerIDs: ["p1"]), now: t0 + 1.5)
        try await store.ingestCallback(.receipt, apiSendID: "s1", now: t0 + 2)

        let sent = try await store.enqueueOne(provider: .botadmin, account: "shop", conversation: "2", now: t0)
        try await start(sent.id, "s2")
        _ = try await store.recordAnswer(messageID: sent.id, event: .sent(providerIDs: [nil]), now: t0 + 1.25)

        let failed = try await store.enqueueOne(conversation: "3", now: t0)
        try await start(failed.id, "s3")
        _ = try await store.recordAnswer(messageID: failed.id, event: .accepted(providerIDs: ["p3"]), now: t0 + 2)
        try await store.ingestCallback(.sendFailure, apiSendID: "s3", errmsg: "拒收", now: t0 + 3)

        let rejected = try await store.enqueueOne(conversation: "4", now: t0)
        try await start(rejected.id, "s4")
        _ = try await store.recordAnswer(messageID: rejected.id, event: .rejected(reason: "no", itemIndex: nil),
                                         now: t0 + 1.5)

        _ = try await store.enqueueOne(conversation: "5", now: t0)

        let expired = try await store.enqueueOne(conversation: "6", now: t0)
        try await start(expired.id, "s6")
        _ = try await store.recordAnswer(messageID: expired.id, event: .accepted(providerIDs: ["p6"]), now: t0 + 2)

        let old = try await store.enqueueOne(conversation: "7", now: t0 - 10_000)
        _ = try await store.cancel(messageID: old.id, now: t0 - 9_000)

        #expect(try await store.tick(now: t0 + 1000) == 2)  // delivered at t0 + 62, expired at t0 + 902
    }

    /// Percentiles are read from the latency bins: each is the middle of the bin that holds the
    /// exact value, so within a sixteenth of a doubling (4.4%) of it.
    static func inBin(_ latency: OutboxStats.Latency?, p50: Double, p99: Double) -> Bool {
        guard let latency else { return false }
        let tolerance = pow(2.0, 1.0 / 16) * (1 + 1e-9)
        func near(_ reported: Double, _ exact: Double) -> Bool {
            reported <= exact * tolerance && reported >= exact / tolerance
        }
        return near(latency.p50, p50) && near(latency.p99, p99)
    }

    @Test func countsRatesAndLatencyPercentiles() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            try await Self.fill(store)
            let stats = try await store.stats(since: Self.t0 - 1)
            #expect(stats.total == 6)
            #expect(stats.count(.delivered) == 1 && stats.count(.sent) == 1 && stats.count(.failed) == 2)
            #expect(stats.count(.expired) == 1 && stats.count(.queued) == 1 && stats.count(.cancelled) == 0)
            #expect(stats.delivered == 2)
            #expect(stats.failed == 3)
            #expect(stats.successRate == 0.4)
            // Accept latencies 250, 500, 1000, 1000 ms: p50 is rank 2, p99 rank 4 (to the bin).
            #expect(Self.inBin(stats.acceptLatency, p50: 500, p99: 1000))
            #expect(Self.inBin(stats.confirmLatency, p50: 60_500, p99: 60_500))

            let everything = try await store.stats(since: 0)
            #expect(everything.total == 7)
            #expect(everything.count(.cancelled) == 1)
            // The kept counts agree with counting the rows, after every kind of transition.
            #expect(try await store.countsByState() == everything.byState)
        }
    }

    @Test func filtersByProviderAndAccountAndReportsMissingDataAsNil() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            try await Self.fill(store)
            let shop = try await store.stats(since: Self.t0 - 1, until: nil, provider: .botadmin, account: "shop")
            #expect(shop.total == 1)
            #expect(shop.successRate == 1)
            #expect(Self.inBin(shop.acceptLatency, p50: 250, p99: 250))
            #expect(shop.confirmLatency == nil)

            let none = try await store.stats(since: Self.t0 + 10)
            #expect(none.total == 0)
            #expect(none.successRate == nil)
            #expect(none.acceptLatency == nil)
            let json = none.json(days: 7)
            #expect(json["success_rate"] == .null)
            #expect(json["latency_ms"]?["accept_p50"] == .null)
            #expect(json["by_state"]?["queued"] == 0)
        }
    }

    @Test func jsonHasTheContractsFields() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            try await Self.fill(store)
            let json = try await store.stats(since: Self.t0 - 1).json(days: 7)
            #expect(json.objectValue?.keys == ["days", "total", "by_state", "delivered", "failed", "success_rate", "latency_ms"])
            #expect(json["latency_ms"]?.objectValue?.keys == ["accept_p50", "accept_p99", "confirm_p50", "confirm_p99"])
            #expect(json["days"] == 7)
            #expect(json["success_rate"] == .double(0.4))
            #expect(json["by_state"]?.objectValue?.count == DeliveryState.allCases.count)
        }
    }
}
