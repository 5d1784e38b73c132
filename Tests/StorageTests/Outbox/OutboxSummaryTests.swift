import Core
import Delivery
import Testing
@testable import Storage

/// The counts `stats`, `dailyCounts` and the lists' totals add up from the summaries the stores
/// keep: the same as counting the rows, over windows that start and end inside an hour, after
/// every kind of change (sends, failures, retries, cancels, retention).
@Suite struct OutboxSummaryTests {
    static let t0 = StoreFixture.t0  // 40 minutes past an hour
    static let policy = DeliveryPolicy(confirmAfterSeconds: 60, expireAfterSeconds: 900)

    /// Messages every 20 minutes from t0 − 3 h to t0 + 3 h, two accounts; every third one sent,
    /// every fifth one rejected then retried, every seventh one cancelled.
    static func fill(_ store: any Store) async throws -> [(createdAt: Double, account: String, id: String)] {
        var made: [(Double, String, String)] = []
        for index in 0..<19 {
            let createdAt = t0 - 3 * 3600 + Double(index) * 1200
            let account = index.isMultiple(of: 2) ? "sales" : "shop"
            let message = try await store.enqueueOne(provider: .botadmin, account: account, conversation: "c\(index)",
                                                     now: createdAt)
            made.append((createdAt, account, message.id))
            if index.isMultiple(of: 3) {
                _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s\(index)"], now: createdAt + 1)
                _ = try await store.recordAnswer(messageID: message.id, event: .sent(providerIDs: [nil]),
                                                 now: createdAt + 1.5)
            } else if index.isMultiple(of: 5) {
                _ = try await store.startAttempt(messageID: message.id, apiSendIDs: ["s\(index)"], now: createdAt + 1)
                _ = try await store.recordAnswer(messageID: message.id, event: .rejected(reason: "no", itemIndex: nil),
                                                 now: createdAt + 2)
                _ = try await store.retry(messageID: message.id, now: createdAt + 3)
            } else if index.isMultiple(of: 7) {
                _ = try await store.cancel(messageID: message.id, now: createdAt + 1)
            }
        }
        return made
    }

    /// Counting the listed rows, the slow way.
    static func counted(_ store: any Store, _ filter: MessageFilter) async throws -> [DeliveryState: Int] {
        var counts: [DeliveryState: Int] = [:]
        for message in try await store.list(filter: filter, limit: 500, offset: 0).items {
            counts[message.record.state, default: 0] += 1
        }
        return counts
    }

    @Test func windowsInsideHoursCountLikeTheRows() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            _ = try await Self.fill(store)
            let t0 = Self.t0
            let starts: [Double] = [t0 - 9000, t0 - 9000, t0 - 10, t0 - 10_800, 0, t0 + 1000]
            let ends: [Double?] = [nil, t0 + 100, t0 + 10, t0 - 10_799, nil, t0 + 1100]
            for (since, until) in zip(starts, ends) {
                for account in [nil, "shop"] {
                    let stats = try await store.stats(since: since, until: until, provider: nil, account: account)
                    let filter = MessageFilter(account: account, since: since, until: until)
                    let rows = try await Self.counted(store, filter)
                    let summed: [DeliveryState: Int] = stats.byState.filter { $0.value > 0 }
                    #expect(summed == rows, "window from \(since) to \(String(describing: until)), \(account ?? "all")")
                    #expect(try await store.list(filter: filter, limit: 1, offset: 0).total == rows.values.reduce(0, +))
                    let sent = MessageFilter(state: .sent, account: account, since: since, until: until)
                    #expect(try await store.list(filter: sent, limit: 1, offset: 0).total == rows[.sent] ?? 0)
                }
            }
        }
    }

    @Test func daysCutOffTheHourCountLikeTheRows() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            _ = try await Self.fill(store)
            // Midnights half an hour off the hour, as in a +05:30 time zone.
            let cuts = [Self.t0 - 3.5 * 3600, Self.t0 - 1.5 * 3600, Self.t0 + 0.25 * 3600, Self.t0 + 4 * 3600]
            let days = (0..<(cuts.count - 1)).map { DailyCounts.Day(date: "d\($0)", start: cuts[$0], end: cuts[$0 + 1]) }
            let counted = try await store.dailyCounts(days: days, provider: nil, account: nil)
            for (index, day) in counted.days.enumerated() {
                let rows = try await Self.counted(store, MessageFilter(since: day.start, until: day.end))
                #expect(day.byState.filter { $0.value > 0 } == rows, "day \(index)")
            }
        }
    }

    @Test func retentionTakesItsCountsAlong() async throws {
        try await StoreFixture.with(policy: Self.policy) { store, _ in
            let made = try await Self.fill(store)
            let pruned = try await store.prune(.messages, before: Self.t0, limit: 100)
            #expect(pruned > 0)
            let stats = try await store.stats(since: 0)
            #expect(stats.byState == (try await store.countsByState()))
            #expect(stats.total == made.count - pruned)
            #expect(try await Self.counted(store, MessageFilter()) == stats.byState.filter { $0.value > 0 })
        }
    }

    @Test func latencyBinsHoldTheirEdges() {
        // Each bin's reported value lies inside it, and bins follow each other without a gap.
        for bin in 1..<(LatencyBins.count - 1) {
            #expect(LatencyBins.lower(bin) < LatencyBins.reported(bin))
            #expect(LatencyBins.reported(bin) < LatencyBins.lower(bin + 1))
        }
        #expect(LatencyBins.reported(0) < LatencyBins.lower(1))
        #expect(LatencyHistogram.nearestRank(0.99, of: 4) == 4)
        #expect(LatencyHistogram.nearestRank(0.5, of: 4) == 2)
    }
}
