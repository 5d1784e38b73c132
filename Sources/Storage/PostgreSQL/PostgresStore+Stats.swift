import Core
import Delivery
import PostgreSQL

// `GET /api/stats` and its `by_day`, added up from the summaries the triggers keep, like the
// SQLite engine's (the same bins, so both report the same numbers).
extension PostgresStore {
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        let window = SummaryWindow(start: since, end: until)
        return try await read { db in
            var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            for (state, count) in try Self.stateCounts(in: window, provider: provider, account: account, db: db) {
                byState[state] = count
            }
            let (accept, confirm) = try Self.latencies(in: window, provider: provider, account: account, db: db)
            return OutboxStats(total: byState.values.reduce(0, +), byState: byState,
                               acceptLatency: accept.latency, confirmLatency: confirm.latency)
        }
    }

    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        guard let first = days.first else { return DailyCounts(days: []) }
        return try await read { db in
            let hours = try Self.hourlyStateCounts(from: SummaryWindow.hour(of: first.start), provider: provider,
                                                   account: account, db: db)
            var counted = days
            for index in counted.indices {
                // The last day has no upper bound: a message created at this very instant still counts.
                let day = counted[index]
                let window = SummaryWindow(start: day.start, end: index == counted.count - 1 ? nil : day.end)
                let byState = window.sum(hours)
                let edgeCounts = try Self.stateCounts(in: SummaryWindow(edgesOf: window), provider: provider,
                                                      account: account, db: db)
                counted[index].byState = byState.merging(edgeCounts, uniquingKeysWith: +)
            }
            return DailyCounts(days: counted)
        }
    }
}
