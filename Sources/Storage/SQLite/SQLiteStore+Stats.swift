import Core
import Delivery
import SQLite

// `GET /api/stats`: counts by state and latency percentiles over the messages created in a window.
extension SQLiteStore {
    /// Over the messages created at or after `since` (and before `until`, when given), of one
    /// provider and account when given. Accept latency: the first attempt's start → the answer that
    /// took it (`accepted`/`sent`); confirm latency: that answer → `delivered` (messages still
    /// `delivered` only).
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        let filter = MessageFilter(provider: provider, account: account, since: since, until: until)
        let (conditions, arguments) = Self.whereClause(filter)
        return try await reader.read { db in
            try db.transaction(.deferred) {
                // Pass 1 counts the states and the latencies there are; passes 2 and 3 walk each
                // latency in order once, picking the ranks.
                var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
                var total = 0, accepted = 0, confirmed = 0
                try db.forEach("""
                    SELECT state, count(*), count(accepted_at - first_started_at), count(delivered_at - accepted_at)
                    FROM messages\(conditions) GROUP BY state
                    """, arguments) { row in
                    let count = row.int(1) ?? 0
                    total += count
                    accepted += row.int(2) ?? 0
                    confirmed += row.int(3) ?? 0
                    if let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) { byState[state] = count }
                }
                let accept = try Self.percentiles(of: "accepted_at - first_started_at", count: accepted,
                                                  conditions: conditions, arguments: arguments, db: db)
                let confirm = try Self.percentiles(of: "delivered_at - accepted_at", count: confirmed,
                                                   conditions: conditions, arguments: arguments, db: db)
                return OutboxStats(total: total, byState: byState, acceptLatency: accept, confirmLatency: confirm)
            }
        }
    }

    /// p50 and p99 in milliseconds of `expression` (seconds) over the `count` rows where it is not
    /// NULL; nil when there are none. One sorted pass, nothing held in memory.
    private static func percentiles(
        of expression: String, count: Int, conditions: String, arguments: [SQLValue], db: Connection
    ) throws -> OutboxStats.Latency? {
        guard count > 0 else { return nil }
        let present = "(\(expression)) IS NOT NULL"
        let filter = conditions.isEmpty ? " WHERE \(present)" : conditions + " AND \(present)"
        let ranks = (p50: nearestRank(0.50, of: count), p99: nearestRank(0.99, of: count))
        var rank = 0
        var found = (p50: 0.0, p99: 0.0)
        do {
            try db.forEach("SELECT (\(expression)) * 1000.0 AS ms FROM messages\(filter) ORDER BY ms", arguments) { row in
                rank += 1
                let value = row.double(0) ?? 0
                if rank == ranks.p50 { found.p50 = value }
                if rank == ranks.p99 {
                    found.p99 = value
                    throw RanksFound()
                }
            }
        } catch is RanksFound {}
        return OutboxStats.Latency(p50: found.p50, p99: found.p99)
    }

    /// Ends a sorted walk once the highest rank is read.
    private struct RanksFound: Error {}

    /// The 1-based rank ⌈p·n⌉, at least 1.
    static func nearestRank(_ p: Double, of count: Int) -> Int {
        let exact = p * Double(count)
        var rank = Int(exact)
        if Double(rank) < exact { rank += 1 }
        return min(max(rank, 1), count)
    }
}
