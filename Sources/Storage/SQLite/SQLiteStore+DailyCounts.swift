import Core
import Delivery
import SQLite

// `by_day` of `GET /api/stats`: one indexed range query per day, in one snapshot.
extension SQLiteStore {
    public func dailyCounts(days: [DailyCounts.Day], provider: Provider?, account: String?) async throws
        -> DailyCounts {
        var filter = ""
        var filterArguments: [SQLValue] = []
        if let provider {
            filter += " AND provider = ?"
            filterArguments.append(.text(provider.rawValue))
        }
        if let account {
            filter += " AND account = ?"
            filterArguments.append(.text(account))
        }
        // The last day has no upper bound, like the stats' window: a message created at this very
        // instant (or stamped a little ahead of it) still counts.
        let bounded =
            "SELECT state, count(*) FROM messages WHERE created_at >= ? AND created_at < ?\(filter) GROUP BY state"
        let open = "SELECT state, count(*) FROM messages WHERE created_at >= ?\(filter) GROUP BY state"
        let arguments = filterArguments
        return try await reader.read { db in
            try db.transaction(.deferred) {
                var counted = days
                for index in counted.indices {
                    let day = counted[index]
                    let isLast = index == counted.count - 1
                    let range: [SQLValue] = isLast ? [.real(day.start)] : [.real(day.start), .real(day.end)]
                    try db.forEach(isLast ? open : bounded, range + arguments) { row in
                        guard let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) else { return }
                        counted[index].byState[state] = row.int(1) ?? 0
                    }
                }
                return DailyCounts(days: counted)
            }
        }
    }
}
