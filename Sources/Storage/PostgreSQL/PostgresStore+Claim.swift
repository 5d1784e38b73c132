import Core
import Delivery
import PostgreSQL

// What the dispatcher may send now: the same rules as the SQLite engine's — one conversation's
// messages leave in creation order, a message is released only when every older message of its
// conversation that is in line has left `queued` and `sending` — read from one snapshot. Nothing
// is marked here: `startAttempt` claims, and it is there that instances meet (see
// `PostgresStore+Sending`).
extension PostgresStore {
    /// How many due rows one call looks at, at most.
    static let claimScanLimit = 4096

    public func claimDue(
        now: Double, limit: Int, provider: Provider?, account: String?
    ) async throws -> [DueConversation] {
        guard limit > 0 else { return [] }
        return try await read { db in
            try Self.claimDue(now: now, limit: limit, provider: provider, account: account, db: db)
        }
    }

    static func claimDue(now: Double, limit: Int, provider: Provider?, account: String?, db: PostgresConnection)
        throws -> [DueConversation] {
        let candidates: PostgresRows
        if let provider, let account {
            candidates = try db.query("""
                SELECT provider, account, conversation FROM messages
                WHERE state = 'queued' AND provider = $1 AND account = $2 AND next_action_at <= $3
                ORDER BY next_action_at LIMIT $4
                """, [.text(provider.rawValue), .text(account), .double(now), .int(Int64(claimScanLimit))])
        } else {
            candidates = try db.query("""
                SELECT provider, account, conversation FROM messages
                WHERE state = 'queued' AND next_action_at <= $1 ORDER BY next_action_at LIMIT $2
                """, [.double(now), .int(Int64(claimScanLimit))])
        }
        var seen = Set<[String]>()
        var due: [DueConversation] = []
        var released = 0
        for row in candidates {
            guard let provider = row.text(0).flatMap(Provider.init(rawValue:)), let account = row.text(1),
                  let conversation = row.text(2), seen.insert([provider.rawValue, account, conversation]).inserted
            else { continue }
            let line = try db.query("""
                SELECT \(OutboxMessage.columns), state, next_action_at, attempts FROM messages
                WHERE conversation = $1 AND provider = $2 AND account = $3 AND state IN ('queued', 'sending')
                ORDER BY seq
                """, [.text(conversation), .text(provider.rawValue), .text(account)])
            let messages = try releasable(line, provider: provider, now: now, room: limit - released)
            guard !messages.isEmpty else { continue }
            released += messages.count
            due.append(DueConversation(provider: provider, account: account, conversation: conversation,
                                       messages: messages))
            if released >= limit { break }
        }
        return due
    }

    /// The line's oldest in-line messages that are queued and due, as many as fit in one request
    /// of the provider (and in `room`); empty when the line is held. A message never tried whose
    /// time lies ahead is not in line yet.
    private static func releasable(_ line: PostgresRows, provider: Provider, now: Double, room: Int) throws
        -> [OutboxMessage] {
        let extra = OutboxMessage.columnCount
        var messages: [OutboxMessage] = []
        var items = 0
        for row in line {
            let isQueued = row.text(extra) == DeliveryState.queued.rawValue
            let isDue = row.double(extra + 1).map { $0 <= now } ?? false
            let tried = (row.int(extra + 2) ?? 0) > 0
            if isQueued && !isDue && !tried { continue }
            guard isQueued && isDue else { break }
            let message = try OutboxMessage(row: row)
            guard messages.isEmpty || items + message.items.count <= provider.maxItemsPerRequest else { break }
            messages.append(message)
            items += message.items.count
            if messages.count == room { break }
        }
        return messages
    }
}
