import Core
import Delivery
import SQLite

// `GET /api/stats`, its `by_day` and the charts' counts, added up from the summaries the triggers
// keep (`Schema+AdminReads.swift`, `SummaryReading`), each from one snapshot.
extension SQLiteStore {
    /// Over the messages created at or after `since` (and before `until`, when given), of one
    /// provider and account when given. Accept latency: the first attempt's start → the answer that
    /// took it (`accepted`/`sent`); confirm latency: that answer → `delivered` (messages still
    /// `delivered` only). Percentiles to the latency bin (`LatencyBins`).
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        try await summarized { try $0.stats(since: since, until: until, provider: provider, account: account) }
    }

    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        try await summarized { try $0.dailyCounts(days: days, provider: provider, account: account) }
    }

    public func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int] {
        try await summarized { try $0.eventCounts(starts: starts, provider: provider, account: account) }
    }

    private func summarized<T: Sendable>(_ body: @escaping @Sendable (SQLiteSummary) throws -> T) async throws -> T {
        try await reader.read { db in try db.transaction(.deferred) { try body(SQLiteSummary(db: db)) } }
    }
}
