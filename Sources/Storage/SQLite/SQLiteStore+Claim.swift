import Core
import Delivery
import SQLite

// What the dispatcher may send now. One conversation's messages leave in the order they were
// created: a message is released only when every older message of its conversation that is
// "in line" has left `queued` and `sending`. In line are `sending` messages, queued messages that
// are due, and queued messages already tried once (a retry waiting out its backoff holds the
// line). A message never tried whose `send_at` lies ahead is not in line yet: it does not hold
// back younger messages that are due before it.
extension SQLiteStore {
    /// How many due rows one call looks at, at most: conversations stuck behind a message in
    /// flight are skipped, and a huge backlog of them must not make every call scan it all.
    static let claimScanLimit = 4096

    /// Up to `limit` messages that may be sent at `now`, grouped by conversation, the conversation
    /// whose due message is oldest first. Pass `provider` and `account` to look at one account
    /// only (its pacing budget as `limit`). Nothing is marked: `startAttempt` claims a message,
    /// and refuses one that another caller started first.
    public func claimDue(
        now: Double, limit: Int, provider: Provider?, account: String?
    ) async throws -> [DueConversation] {
        try await reader.read { db in
            try db.transaction(.deferred) {
                try Self.claimDue(now: now, limit: limit, provider: provider, account: account, db: db)
            }
        }
    }

    static func claimDue(now: Double, limit: Int, provider: Provider?, account: String?, db: Connection) throws
        -> [DueConversation]
    {
        guard limit > 0 else { return [] }
        let sql: String
        var arguments: [SQLValue]
        if let provider, let account {
            sql = """
                SELECT provider, account, conversation FROM messages INDEXED BY messages_queued_due_account
                WHERE state = 'queued' AND provider = ? AND account = ? AND next_action_at <= ?
                ORDER BY next_action_at LIMIT ?
                """
            arguments = [.text(provider.rawValue), .text(account)]
        } else {
            sql = """
                SELECT provider, account, conversation FROM messages INDEXED BY messages_queued_due
                WHERE state = 'queued' AND next_action_at <= ?
                ORDER BY next_action_at LIMIT ?
                """
            arguments = []
        }
        arguments += [.real(now), .integer(Int64(claimScanLimit))]
        var seen = Set<ConversationKey>()
        var due: [DueConversation] = []
        var released = 0
        do {
            try db.forEach(sql, arguments) { row in
                guard let provider = row.string(0).flatMap(Provider.init(rawValue:)), let account = row.string(1),
                      let conversation = row.string(2),
                      seen.insert(ConversationKey(provider: provider, account: account, conversation: conversation))
                        .inserted
                else { return }
                let messages = try releasable(provider: provider, account: account, conversation: conversation,
                                              now: now, room: limit - released, db: db)
                guard !messages.isEmpty else { return }
                released += messages.count
                due.append(DueConversation(provider: provider, account: account, conversation: conversation,
                                           messages: messages))
                if released >= limit { throw ScanStop() }
            }
        } catch is ScanStop {}
        return due
    }

    private struct ConversationKey: Hashable {
        let provider: Provider
        let account: String
        let conversation: String
    }

    /// Ends the scan once `limit` messages are found.
    private struct ScanStop: Error {}

    /// The conversation's oldest in-line messages that are queued and due, as many as fit in one
    /// request of the provider (and in `room`); empty when its line is held.
    private static func releasable(
        provider: Provider, account: String, conversation: String, now: Double, room: Int, db: Connection
    ) throws -> [OutboxMessage] {
        let rows = try db.query("""
            SELECT \(OutboxMessage.columns), state, next_action_at, attempts FROM messages INDEXED BY messages_in_line
            WHERE conversation = ? AND provider = ? AND account = ? AND state IN ('queued', 'sending')
            ORDER BY seq
            """, [.text(conversation), .text(provider.rawValue), .text(account)])
        let extra = OutboxMessage.columnCount
        var messages: [OutboxMessage] = []
        var items = 0
        for row in rows {
            let isQueued = row.string(extra) == DeliveryState.queued.rawValue
            let isDue = row.double(extra + 1).map { $0 <= now } ?? false
            let tried = (row.int(extra + 2) ?? 0) > 0
            if isQueued && !isDue && !tried { continue }  // scheduled for later: not in line yet
            guard isQueued && isDue else { break }  // sending, or a retry waiting: the line is held
            let message = try OutboxMessage(row: row)
            guard messages.isEmpty || items + message.items.count <= provider.maxItemsPerRequest else { break }
            messages.append(message)
            items += message.items.count
            if messages.count == room { break }
        }
        return messages
    }
}
