import Delivery
import SQLite

// Reads of forwards, on the reader's connections: one with its attempts, and filtered lists.
extension SQLiteStore {
    public func forward(id: String) async throws -> ForwardDetail? {
        try await reader.read { db in
            try db.transaction(.deferred) {
                guard let forward = try self.loadForward(id: id, db: db) else { return nil }
                let attempts = try db.query("""
                    SELECT attempt, started_at, duration_ms, status, error, answer FROM forward_attempts
                    WHERE forward_id = ? ORDER BY attempt
                    """, [.text(id)]).map(ForwardAttempt.init(row:))
                return ForwardDetail(forward: forward, attempts: attempts)
            }
        }
    }

    public func forwards(matching query: ForwardQuery, limit: Int, offset: Int) async throws -> ForwardPage {
        var terms: [String] = []
        var arguments: [SQLValue] = []
        func add(_ term: String, _ value: String?) {
            guard let value else { return }
            terms.append(term)
            arguments.append(.text(value))
        }
        add("subscription = ?", query.subscription)
        add("state = ?", query.state?.rawValue)
        add("event_id = ?", query.eventID)
        add("message_id = ?", query.messageID)
        if let since = query.since {
            terms.append("created_at >= ?")
            arguments.append(.real(since))
        }
        if let until = query.until {
            terms.append("created_at < ?")
            arguments.append(.real(until))
        }
        let conditions = terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND ")
        let bound = arguments
        return try await reader.read { db in
            try db.transaction(.deferred) {
                let items = try db.query("""
                    SELECT \(Forward.columns) FROM forwards\(conditions) ORDER BY created_at DESC, seq DESC
                    LIMIT ? OFFSET ?
                    """, bound + [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]
                ).map { try self.withBody(Forward(row: $0), db: db) }
                let total = try db.queryOne("SELECT count(*) FROM forwards\(conditions)", bound)?.int(0) ?? 0
                return ForwardPage(items: items, total: total)
            }
        }
    }
}
