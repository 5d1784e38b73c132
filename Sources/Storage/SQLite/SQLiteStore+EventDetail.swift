import Core
import SQLite

// One event with its body, and events counted per time window, for the admin API's event view
// and charts. Each window is one range query on `events_received_at`.
extension SQLiteStore {
    public func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])? {
        try await reader.read { db in
            try db.queryOne("""
                SELECT id, provider, account, kind, conversation, sender, text, is_self, is_group, message_id,
                       received_at, raw
                FROM events WHERE id = ?
                """, [.text(id)]).map { row in (Self.storedEvent(row: row), row.bytes(11) ?? []) }
        }
    }

    public func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int] {
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
        let bounded = "SELECT count(*) FROM events WHERE received_at >= ? AND received_at < ?\(filter)"
        let open = "SELECT count(*) FROM events WHERE received_at >= ?\(filter)"
        let arguments = filterArguments
        return try await reader.read { db in
            try db.transaction(.deferred) {
                try starts.indices.map { index in
                    let isLast = index == starts.count - 1
                    let range: [SQLValue] = isLast ? [.real(starts[index])] : [.real(starts[index]), .real(starts[index + 1])]
                    return try db.queryOne(isLast ? open : bounded, range + arguments)?.int(0) ?? 0
                }
            }
        }
    }
}
