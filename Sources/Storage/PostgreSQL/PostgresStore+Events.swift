import PostgreSQL

// Reads over the `events` table for the admin API. Every value is a bound parameter.
extension PostgresStore {
    public func events(matching filter: EventFilter, limit: Int, offset: Int) async throws -> EventPage {
        let (conditions, arguments) = Self.whereClause(filter)
        let n = arguments.count
        return try await read { db in
            let items = try db.query("""
                SELECT \(StoredEvent.columns) FROM events\(conditions)
                ORDER BY received_at DESC, seq DESC LIMIT $\(n + 1) OFFSET $\(n + 2)
                """, arguments + [.int(Int64(max(0, limit))), .int(Int64(max(0, offset)))]
            ).map(StoredEvent.init(row:))
            let total: Int
            if filter.text == nil && filter.conversation == nil {
                // Counted by the hour already (`event_summary`).
                total = try PostgresSummary(db: db).eventTotal(filter)
            } else {
                total = try db.query("SELECT count(*) FROM events\(conditions)", arguments).first?.int(0) ?? 0
            }
            return EventPage(items: items, total: total)
        }
    }

    /// ` WHERE …` (or nothing) and its arguments, numbered $1, $2 … in order.
    static func whereClause(_ filter: EventFilter) -> (String, [PostgresValue]) {
        var terms = PostgresConditions()
        if let provider = filter.provider { terms.add("provider = ?", .text(provider.rawValue)) }
        if let account = filter.account { terms.add("account = ?", .text(account)) }
        if let kind = filter.kind { terms.add("kind = ?", .text(kind.rawValue)) }
        if let conversation = filter.conversation { terms.add("conversation = ?", .text(conversation)) }
        // ILIKE: SQLite's LIKE folds ASCII case, and a search should find "yuan" in "YUAN" on both.
        // Its escape character is `\` without saying so, and said it would hide the pattern from
        // the trigram index.
        if let text = filter.text { terms.add("text ILIKE ?", .text("%" + EventFilter.likeEscaped(text) + "%")) }
        if let since = filter.since { terms.add("received_at >= ?", .double(since)) }
        if let until = filter.until { terms.add("received_at < ?", .double(until)) }
        return (terms.whereClause, terms.arguments)
    }
}
