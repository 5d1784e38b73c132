import Delivery
import PostgreSQL

// Reads for the admin API and `/health`, each from one snapshot.
extension PostgresStore {
    public func message(id: String) async throws -> OutboxMessageDetail? {
        try await read { db in
            guard let message = try OutboxMessage.load(id: id, db: db) else { return nil }
            let timeline = try db.query(
                "SELECT time, from_state, to_state, cause FROM timeline WHERE message_id = $1 ORDER BY seq",
                [.text(id)]
            ).map { row in
                guard let time = row.double(0), let to = row.text(2).flatMap(DeliveryState.init(rawValue:)) else {
                    throw OutboxError.corruptRow(messageID: id, reason: "a timeline row is unreadable")
                }
                return TimelineEntry(time: time, from: row.text(1).flatMap(DeliveryState.init(rawValue:)),
                                     to: to, cause: row.text(3) ?? "")
            }
            return OutboxMessageDetail(message: message, timeline: timeline)
        }
    }

    public func list(filter: MessageFilter, limit: Int, offset: Int) async throws -> OutboxPage {
        let (conditions, arguments) = Self.whereClause(filter)
        let n = arguments.count
        return try await read { db in
            let items = try db.query("""
                SELECT \(OutboxMessage.columns) FROM messages\(conditions)
                ORDER BY created_at DESC, seq DESC LIMIT $\(n + 1) OFFSET $\(n + 2)
                """, arguments + [.int(Int64(max(0, limit))), .int(Int64(max(0, offset)))]
            ).map(OutboxMessage.init(row:))
            let total: Int
            if filter == MessageFilter() {
                total = try db.query("SELECT coalesce(sum(delta), 0)::bigint FROM message_count_deltas").first?.int(0) ?? 0
            } else if let state = filter.state, filter == MessageFilter(state: state) {
                total = try db.query("SELECT coalesce(sum(delta), 0)::bigint FROM message_count_deltas WHERE state = $1",
                                     [.text(state.rawValue)]).first?.int(0) ?? 0
            } else if filter.conversation == nil {
                // Counted by the hour already (`message_summary`).
                total = try PostgresSummary(db: db).messageTotal(filter)
            } else {
                // One conversation's messages: a range of `messages_conversation`.
                total = try db.query("SELECT count(*) FROM messages\(conditions)", arguments).first?.int(0) ?? 0
            }
            return OutboxPage(items: items, total: total)
        }
    }

    /// ` WHERE …` (or nothing) and its arguments, numbered $1, $2 … in order.
    static func whereClause(_ filter: MessageFilter) -> (String, [PostgresValue]) {
        var terms = PostgresConditions()
        if let state = filter.state { terms.add("state = ?", .text(state.rawValue)) }
        if let provider = filter.provider { terms.add("provider = ?", .text(provider.rawValue)) }
        if let account = filter.account { terms.add("account = ?", .text(account)) }
        if let conversation = filter.conversation { terms.add("conversation = ?", .text(conversation)) }
        if let since = filter.since { terms.add("created_at >= ?", .double(since)) }
        if let until = filter.until { terms.add("created_at < ?", .double(until)) }
        return (terms.whereClause, terms.arguments)
    }

    public func countsByState() async throws -> [DeliveryState: Int] {
        try await read { db in
            var counts = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            for row in try db.query("SELECT state, sum(delta)::bigint FROM message_count_deltas GROUP BY state") {
                if let state = row.text(0).flatMap(DeliveryState.init(rawValue:)) { counts[state] = row.int(1) ?? 0 }
            }
            return counts
        }
    }
}
