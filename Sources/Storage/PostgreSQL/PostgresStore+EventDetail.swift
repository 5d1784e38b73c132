import Core
import PostgreSQL

// One event with its body, and events counted per time window, for the admin API's event view
// and charts. Each window is one range query on `events_received_at`.
extension PostgresStore {
    public func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])? {
        try await read { db in
            try db.query("SELECT \(StoredEvent.postgresColumns), raw FROM events WHERE id = $1", [.text(id)])
                .first.map { row in (StoredEvent(postgres: row), row.bytes(11) ?? []) }
        }
    }

    public func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int] {
        var filter = PostgresConditions()
        filter.add("received_at >= ?", .double(0))  // $1: the window's start
        if let provider { filter.add("provider = ?", .text(provider.rawValue)) }
        if let account { filter.add("account = ?", .text(account)) }
        let n = filter.arguments.count
        let open = "SELECT count(*) FROM events\(filter.whereClause)"
        let bounded = "SELECT count(*) FROM events\(filter.whereClause) AND received_at < $\(n + 1)"
        let others = Array(filter.arguments.dropFirst())
        return try await read { db in
            try starts.indices.map { index in
                let isLast = index == starts.count - 1
                let arguments: [PostgresValue] = [.double(starts[index])] + others + (isLast ? [] : [.double(starts[index + 1])])
                return try db.query(isLast ? open : bounded, arguments).first?.int(0) ?? 0
            }
        }
    }
}
