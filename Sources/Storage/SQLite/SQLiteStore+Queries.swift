import Delivery
import SQLite

// Reads for the admin API and `/health`, on the reader's connections.
extension SQLiteStore {
    /// One message with its whole timeline, or nil.
    public func message(id: String) async throws -> OutboxMessageDetail? {
        try await reader.read { db in
            try db.transaction(.deferred) {
                guard let message = try OutboxMessage.load(id: id, db: db) else { return nil }
                let timeline = try db.query(
                    "SELECT time, from_state, to_state, cause FROM timeline WHERE message_id = ? ORDER BY seq",
                    [.text(id)]
                ).map { row in
                    guard let time = row.double(0), let to = row.string(2).flatMap(DeliveryState.init(rawValue:)) else {
                        throw OutboxError.corruptRow(messageID: id, reason: "a timeline row is unreadable")
                    }
                    return TimelineEntry(time: time, from: row.string(1).flatMap(DeliveryState.init(rawValue:)),
                                         to: to, cause: row.string(3) ?? "")
                }
                return OutboxMessageDetail(message: message, timeline: timeline)
            }
        }
    }

    /// The messages matching `filter`, newest first (by `created_at`, then creation order), and
    /// how many match in all.
    public func list(filter: MessageFilter, limit: Int, offset: Int) async throws -> OutboxPage {
        let (conditions, arguments) = Self.whereClause(filter)
        return try await reader.read { db in
            try db.transaction(.deferred) {
                // A state's page walks its range of `messages_state`, newest first: left to itself, SQLite
                // would take a partial index of the dispatcher's (`queued`) and sort every row it holds.
                let table = filter.state != nil && filter.conversation == nil ? "messages INDEXED BY messages_state" : "messages"
                let items = try db.query("""
                    SELECT \(OutboxMessage.columns) FROM \(table)\(conditions)
                    ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?
                    """,
                    arguments + [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]
                ).map(OutboxMessage.init(row:))
                let total: Int
                if filter == MessageFilter() {
                    total = try db.queryOne("SELECT sum(count) FROM message_counts")?.int(0) ?? 0
                } else if let state = filter.state, filter == MessageFilter(state: state) {
                    // The dashboard's state filter: counted already, no scan of the table.
                    total = try db.queryOne("SELECT count FROM message_counts WHERE state = ?",
                                            [.text(state.rawValue)])?.int(0) ?? 0
                } else if filter.conversation == nil {
                    // Counted by the hour already (`message_summary`).
                    total = try SQLiteSummary(db: db).messageTotal(filter)
                } else {
                    // One conversation's messages: a range of `messages_conversation`.
                    total = try db.queryOne("SELECT count(*) FROM messages\(conditions)", arguments)?.int(0) ?? 0
                }
                return OutboxPage(items: items, total: total)
            }
        }
    }

    /// ` WHERE …` (or nothing) and its arguments. Only fixed SQL texts come out of it (64 at
    /// most), so the statement cache stays small.
    static func whereClause(_ filter: MessageFilter) -> (String, [SQLValue]) {
        var terms: [String] = []
        var arguments: [SQLValue] = []
        func add(_ term: String, _ value: SQLValue) {
            terms.append(term)
            arguments.append(value)
        }
        if let state = filter.state { add("state = ?", .text(state.rawValue)) }
        if let provider = filter.provider { add("provider = ?", .text(provider.rawValue)) }
        if let account = filter.account { add("account = ?", .text(account)) }
        if let conversation = filter.conversation { add("conversation = ?", .text(conversation)) }
        if let since = filter.since { add("created_at >= ?", .real(since)) }
        if let until = filter.until { add("created_at < ?", .real(until)) }
        return (terms.isEmpty ? "" : " WHERE " + terms.joined(separator: " AND "), arguments)
    }

    /// How many messages are in each state (every state present), e.g. for `/metrics`. Constant
    /// time: the counts are kept with every change.
    public func countsByState() async throws -> [DeliveryState: Int] {
        try await reader.read { db in
            var counts = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            try db.forEach("SELECT state, count FROM message_counts") { row in
                if let state = row.string(0).flatMap(DeliveryState.init(rawValue:)) { counts[state] = row.int(1) ?? 0 }
            }
            return counts
        }
    }
}
