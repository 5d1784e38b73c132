import Core
import Delivery
import PostgreSQL

// `GET /api/stats` and its `by_day`. `percentile_disc` is the nearest rank (the value at rank
// ⌈p·n⌉), which is what the SQLite engine walks to, so both engines report the same numbers.
extension PostgresStore {
    public func stats(
        since: Double, until: Double?, provider: Provider?, account: String?
    ) async throws -> OutboxStats {
        let (conditions, arguments) = Self.whereClause(
            MessageFilter(provider: provider, account: account, since: since, until: until))
        return try await read { db in
            var byState = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            var total = 0
            for row in try db.query("SELECT state, count(*) FROM messages\(conditions) GROUP BY state", arguments) {
                let count = row.int(1) ?? 0
                total += count
                if let state = row.text(0).flatMap(DeliveryState.init(rawValue:)) { byState[state] = count }
            }
            let latencies = try db.query("""
                SELECT count(accepted_at - first_started_at),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY (accepted_at - first_started_at) * 1000.0),
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY (accepted_at - first_started_at) * 1000.0),
                       count(delivered_at - accepted_at),
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY (delivered_at - accepted_at) * 1000.0),
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY (delivered_at - accepted_at) * 1000.0)
                FROM messages\(conditions)
                """, arguments).first
            func latency(_ column: Int) -> OutboxStats.Latency? {
                guard let row = latencies, (row.int(column) ?? 0) > 0,
                      let p50 = row.double(column + 1), let p99 = row.double(column + 2) else { return nil }
                return OutboxStats.Latency(p50: p50, p99: p99)
            }
            return OutboxStats(total: total, byState: byState, acceptLatency: latency(0), confirmLatency: latency(3))
        }
    }

    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        var filter = PostgresConditions()
        filter.add("created_at >= ?", .double(0))  // $1: the day's start
        if let provider { filter.add("provider = ?", .text(provider.rawValue)) }
        if let account { filter.add("account = ?", .text(account)) }
        let n = filter.arguments.count
        // The last day has no upper bound: a message created at this very instant still counts.
        let open = "SELECT state, count(*) FROM messages\(filter.whereClause) GROUP BY state"
        let bounded = "SELECT state, count(*) FROM messages\(filter.whereClause) AND created_at < $\(n + 1) GROUP BY state"
        let others = Array(filter.arguments.dropFirst())
        return try await read { db in
            var counted = days
            for index in counted.indices {
                let day = counted[index]
                let isLast = index == counted.count - 1
                let arguments: [PostgresValue] = [.double(day.start)] + others + (isLast ? [] : [.double(day.end)])
                for row in try db.query(isLast ? open : bounded, arguments) {
                    guard let state = row.text(0).flatMap(DeliveryState.init(rawValue:)) else { continue }
                    counted[index].byState[state] = row.int(1) ?? 0
                }
            }
            return DailyCounts(days: counted)
        }
    }
}
