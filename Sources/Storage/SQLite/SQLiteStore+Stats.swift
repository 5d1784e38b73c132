import Core
import Delivery
import SQLite

// `GET /api/stats`: counts by state and latency percentiles over the messages created in a
// window, added up from the summaries the triggers keep (`Schema+AdminReads.swift`).
extension SQLiteStore {
    /// Over the messages created at or after `since` (and before `until`, when given), of one
    /// provider and account when given. Accept latency: the first attempt's start → the answer that
    /// took it (`accepted`/`sent`); confirm latency: that answer → `delivered` (messages still
    /// `delivered` only). Percentiles to the latency bin (`LatencyBins`).
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        let window = SummaryWindow(start: since, end: until)
        return try await reader.read { db in
            try db.transaction(.deferred) {
                var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
                for (state, count) in try Self.stateCounts(in: window, provider: provider, account: account, db: db) {
                    byState[state] = count
                }
                let (accept, confirm) = try Self.latencies(in: window, provider: provider, account: account, db: db)
                return OutboxStats(total: byState.values.reduce(0, +), byState: byState,
                                   acceptLatency: accept.latency, confirmLatency: confirm.latency)
            }
        }
    }

    /// `by_day`: the whole hours of every day from one read of the summary, the parts of an hour
    /// at a day's edges (the window's start; midnights off the hour) from the rows.
    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        guard let first = days.first else { return DailyCounts(days: []) }
        return try await reader.read { db in
            try db.transaction(.deferred) {
                let hours = try Self.hourlyStateCounts(from: SummaryWindow.hour(of: first.start), provider: provider,
                                                       account: account, db: db)
                var counted = days
                for index in counted.indices {
                    // The last day has no upper bound, like the stats' window: a message created at
                    // this very instant (or stamped a little ahead of it) still counts.
                    let day = counted[index]
                    let window = SummaryWindow(start: day.start, end: index == counted.count - 1 ? nil : day.end)
                    let byState = window.sum(hours)
                    let edges = SummaryWindow(edgesOf: window)
                    let edgeCounts = try Self.stateCounts(in: edges, provider: provider, account: account, db: db)
                    counted[index].byState = byState.merging(edgeCounts, uniquingKeysWith: +)
                }
                return DailyCounts(days: counted)
            }
        }
    }
}
