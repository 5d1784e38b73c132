import Core
import Delivery
import PostgreSQL

// `GET /api/stats`, its `by_day` and the charts' counts, added up from the summaries the triggers
// keep (`PostgresSchema+AdminReads.swift`, `SummaryReading`), like the SQLite engine's (the same
// bins, so both report the same numbers).
extension PostgresStore {
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        try await read { db in
            try PostgresSummary(db: db).stats(since: since, until: until, provider: provider, account: account)
        }
    }

    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        try await read { db in
            try PostgresSummary(db: db).dailyCounts(days: days, provider: provider, account: account)
        }
    }

    public func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int] {
        try await read { db in
            try PostgresSummary(db: db).eventCounts(starts: starts, provider: provider, account: account)
        }
    }
}
