import SQLite

// Reads over the `events` table for the admin API, on the reader's connections. Every value
// reaches SQLite as a bound parameter; the SQL texts are fixed (one per combination of filters,
// 128 at most), so the statement cache stays small.
extension SQLiteStore {
    public func events(matching filter: EventFilter, limit: Int, offset: Int) async throws -> EventPage {
        let (conditions, arguments) = Self.whereClause(filter)
        return try await reader.read { db in
            try db.transaction(.deferred) {
                let items = try db.query("""
                    SELECT id, provider, account, kind, conversation, sender, text, is_self, is_group, message_id,
                           received_at
                    FROM events\(conditions) ORDER BY received_at DESC, seq DESC LIMIT ? OFFSET ?
                    """, arguments + [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]
                ).map(Self.storedEvent(row:))
                let total = try db.queryOne("SELECT count(*) FROM events\(conditions)", arguments)?.int(0) ?? 0
                return EventPage(items: items, total: total)
            }
        }
    }

    static func storedEvent(row: Row) -> StoredEvent {
        StoredEvent(
            id: row.string(0) ?? "", provider: row.string(1) ?? "", account: row.string(2) ?? "",
            kind: row.string(3) ?? "", conversation: row.string(4), sender: row.string(5), text: row.string(6),
            isSelf: row.bool(7) ?? false, isGroup: row.bool(8), messageID: row.string(9),
            receivedAt: row.double(10) ?? 0)
    }

    /// ` WHERE …` (or nothing) and its arguments.
    static func whereClause(_ filter: EventFilter) -> (String, [SQLValue]) {
        var terms: [String] = []
        var arguments: [SQLValue] = []
        func add(_ term: String, _ value: SQLValue) {
            terms.append(term)
            arguments.append(value)
        }
        if let provider = filter.provider { add("provider = ?", .text(provider.rawValue)) }
        if let account = filter.account { add("account = ?", .text(account)) }
        if let kind = filter.kind { add("kind = ?", .text(kind.rawValue)) }
        if let conversation = filter.conversation { add("conversation = ?", .text(conversation)) }
        if let text = filter.text { add("text LIKE ? ESCAPE '\\'", .text("%" + EventFilter.likeEscaped(text) + "%")) }
        if let since = filter.since { add("received_at >= ?", .real(since)) }
        if let until = filter.until { add("received_at < ?", .real(until)) }
        return (terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND "), arguments)
    }
}
