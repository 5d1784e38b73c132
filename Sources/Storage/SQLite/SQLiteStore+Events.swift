import SQLite

// Reads over the `events` table for the admin API, on the reader's connections. Every value
// reaches SQLite as a bound parameter; the SQL texts are fixed (one per combination of filters),
// so the statement cache stays small — but for a two-character search, whose index query names
// the trigrams it expands to (as a bound value too).
extension SQLiteStore {
    public func events(matching filter: EventFilter, limit: Int, offset: Int) async throws -> EventPage {
        let indexed = textSearch.indexed
        return try await reader.read { db in
            try db.transaction(.deferred) {
                let search = try filter.text.flatMap { text in indexed ? try EventTextIndex.query(for: text, db: db) : nil }
                var (conditions, arguments) = Self.whereClause(filter)
                var total: Int?
                if let search, let text = filter.text {
                    // The index holds the events up to `through`; those above it (a few hundred at
                    // most while events arrive, `EventTextIndexer`) are read row by row.
                    let through = SQLValue.integer(try EventTextIndex.indexedThrough(db: db))
                    let inIndex = "SELECT rowid FROM \(EventTextIndex.table) WHERE \(EventTextIndex.table) MATCH ?"
                    if EventFilter.isCaseless(text) {
                        // The index's match is the substring match itself: nothing to read again.
                        let like = SQLValue.text("%" + EventFilter.likeEscaped(text) + "%")
                        let newer = "SELECT seq FROM events WHERE seq > ? AND text LIKE ? ESCAPE '\\'"
                        (conditions, arguments) = Self.whereClause(filter, withoutText: true)
                        if filter == EventFilter(text: text) {
                            total = try (db.queryOne("SELECT count(*) FROM (\(inIndex))", [.text(search)])?.int(0) ?? 0)
                                + (db.queryOne("SELECT count(*) FROM (\(newer))", [through, like])?.int(0) ?? 0)
                        }
                        conditions += " AND seq IN (\(inIndex) UNION ALL \(newer))"
                        arguments += [.text(search), through, like]
                    } else {
                        // Else the index narrows to the events that may match, and LIKE keeps those that do.
                        conditions += " AND seq IN (\(inIndex) UNION ALL SELECT seq FROM events WHERE seq > ?)"
                        arguments += [.text(search), through]
                    }
                }
                if total == nil, filter.text == nil && filter.conversation == nil {
                    // Counted by the hour already (`event_summary`).
                    total = try SQLiteSummary(db: db).eventTotal(filter)
                }
                let count = try total ?? db.queryOne("SELECT count(*) FROM events\(conditions)", arguments)?.int(0) ?? 0
                // Many matches: walking the events newest first finds a page's worth soon, each
                // checked against the index's answer; few: read those and sort them.
                let walk = search != nil && count > Self.walkAbove
                let items = try db.query("""
                    SELECT \(StoredEvent.columns) FROM events\(walk ? " INDEXED BY events_received_at" : "")\(conditions)
                    ORDER BY received_at DESC, seq DESC LIMIT ? OFFSET ?
                    """, arguments + [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]
                ).map(StoredEvent.init(row:))
                return EventPage(items: items, total: count)
            }
        }
    }

    /// Above this many matches a search's page walks the events newest first instead of reading
    /// and sorting every match.
    static let walkAbove = 2_000

    /// ` WHERE …` (or nothing) and its arguments.
    static func whereClause(_ filter: EventFilter, withoutText: Bool = false) -> (String, [SQLValue]) {
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
        if let text = filter.text, !withoutText { add("text LIKE ? ESCAPE '\\'", .text("%" + EventFilter.likeEscaped(text) + "%")) }
        if let since = filter.since { add("received_at >= ?", .real(since)) }
        if let until = filter.until { add("received_at < ?", .real(until)) }
        return (" WHERE " + (terms.isEmpty ? "1" : terms.joined(separator: " AND ")), arguments)
    }
}
