import Core
import Delivery
import PostgreSQL

// The admin API's `POST /api/messages/{id}/retry` and `…/cancel`, and what the reply limits
// rebuild from after a restart.
extension PostgresStore {
    public func retry(messageID: String, now: Double) async throws -> OutboxMessage {
        try await write { db in
            let message = try self.operate(.retry, messageID: messageID, now: now, db: db)
            try PostgresWakeups.notify(.outbox, db: db)
            return message
        }
    }

    public func cancel(messageID: String, now: Double) async throws -> OutboxMessage {
        try await write { db in try self.operate(.cancel, messageID: messageID, now: now, db: db) }
    }

    private func operate(_ event: DeliveryEvent, messageID: String, now: Double, db: PostgresConnection) throws
        -> OutboxMessage {
        var row = try delivery(messageID, db: db)
        try apply(event, to: &row, at: now, db: db)
        return try message(messageID, db: db)
    }

    public func ruleReplies(createdAfter time: Double) async throws -> [RuleReply] {
        try await read { db in
            try db.query("""
                SELECT rule, provider, account, conversation, created_at FROM messages
                WHERE origin = 'rule' AND created_at > $1 ORDER BY created_at, seq
                """, [.double(time)]).compactMap { row in
                guard let rule = row.text(0), let provider = row.text(1).flatMap(Provider.init(rawValue:)),
                      let account = row.text(2), let conversation = row.text(3), let at = row.double(4)
                else { return nil }
                return RuleReply(rule: rule, provider: provider, account: account, conversation: conversation,
                                 createdAt: at)
            }
        }
    }
}
