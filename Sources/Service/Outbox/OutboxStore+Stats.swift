import Core
import Delivery
import SQLite

// `GET /api/stats`: counts by state and latency percentiles over the messages created in a window.
extension OutboxStore {
    /// Over the messages created at or after `since` (and before `until`, when given), of one
    /// provider and account when given. Accept latency: the first attempt's start → the answer that
    /// took it (`accepted`/`sent`); confirm latency: that answer → `delivered` (messages still
    /// `delivered` only).
    public func stats(
        since: Double, until: Double? = nil, provider: Provider? = nil, account: String? = nil
    ) async throws -> OutboxStats {
        let filter = MessageFilter(provider: provider, account: account, since: since, until: until)
        let (conditions, arguments) = Self.whereClause(filter)
        return try await reader.read { db in
            try db.transaction(.deferred) {
                var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
                var total = 0
                try db.forEach("SELECT state, count(*) FROM messages\(conditions) GROUP BY state", arguments) { row in
                    let count = row.int(1) ?? 0
                    total += count
                    if let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) { byState[state] = count }
                }
                let accept = try Self.percentiles(
                    of: "accepted_at - first_started_at", present: ["accepted_at", "first_started_at"],
                    conditions: conditions, arguments: arguments, db: db)
                let confirm = try Self.percentiles(
                    of: "delivered_at - accepted_at", present: ["delivered_at", "accepted_at"],
                    conditions: conditions, arguments: arguments, db: db)
                return OutboxStats(total: total, byState: byState, acceptLatency: accept, confirmLatency: confirm)
            }
        }
    }

    /// p50 and p99 in milliseconds of `expression` (seconds) over the rows where the `present`
    /// columns are set; nil when there are none. One sorted pass, nothing held in memory.
    private static func percentiles(
        of expression: String, present: [String], conditions: String, arguments: [SQLValue], db: Connection
    ) throws -> OutboxStats.Latency? {
        let presence = present.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        let filter = conditions.isEmpty ? " WHERE \(presence)" : conditions + " AND \(presence)"
        let count = try db.queryOne("SELECT count(*) FROM messages\(filter)", arguments)?.int(0) ?? 0
        guard count > 0 else { return nil }
        let ranks = (p50: nearestRank(0.50, of: count), p99: nearestRank(0.99, of: count))
        var rank = 0
        var found = (p50: 0.0, p99: 0.0)
        try db.forEach("SELECT (\(expression)) * 1000.0 AS ms FROM messages\(filter) ORDER BY ms", arguments) { row in
            rank += 1
            let value = row.double(0) ?? 0
            if rank == ranks.p50 { found.p50 = value }
            if rank == ranks.p99 { found.p99 = value }
        }
        return OutboxStats.Latency(p50: found.p50, p99: found.p99)
    }

    /// The 1-based rank ⌈p·n⌉, at least 1.
    static func nearestRank(_ p: Double, of count: Int) -> Int {
        let exact = p * Double(count)
        var rank = Int(exact)
        if Double(rank) < exact { rank += 1 }
        return min(max(rank, 1), count)
    }
}
