import Core
import Delivery
import PostgreSQL

// Forwards are born in the transaction of what they tell of: an event stored, or a message
// reaching a final state. What each forward is (`ForwardRow`) is decided outside the engine; this
// only writes the rows.
extension PostgresStore {
    /// Applies `event` to a message's delivery — every state change of a message is written here —
    /// and, when it moves the message to a final state, creates the forwards the planner asks for,
    /// in the caller's transaction. `lease` is given when the event starts an attempt.
    @discardableResult
    func apply(_ event: DeliveryEvent, to row: inout PostgresDeliveryRow, at time: Double,
               lease: (owner: String, until: Double)? = nil, db: PostgresConnection) throws
        -> (rows: [TimelineEntry], learned: PostgresDeliveryRow.Learned) {
        let before = row.record.state
        let outcome = try row.apply(event, at: time, policy: policy, lease: lease, db: db)
        let after = row.record.state
        if after != before, after.isFinal, let forwarding {
            try insertForwards(ForwardRow.ofMessage(try message(row.id, db: db), at: time, planner: forwarding), db: db)
        }
        return outcome
    }

    /// Creates the forwards of a newly stored event (one of them carrying `handoff`'s rule);
    /// returns whether there were any.
    func forwardEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                      db: PostgresConnection) throws -> Bool {
        guard let forwarding else { return false }
        let rows = ForwardRow.ofEvent(event, provider: provider, raw: raw, handoff: handoff, planner: forwarding)
        try insertForwards(rows, db: db)
        return !rows.isEmpty
    }

    /// Inserts `rows`, pending and due at their creation, and wakes the other instances' forwarders.
    func insertForwards(_ rows: [ForwardRow], db: PostgresConnection) throws {
        for new in rows {
            try db.query("""
                INSERT INTO forwards (id, subscription, type, event_id, message_id, provider, account, conversation,
                                      state, attempts, budget_start, holds_line, next_attempt_at, created_at,
                                      updated_at, body, rule, reply_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, 0, true, $9, $9, $9, $10, $11, $12)
                """, [
                    .text(new.id), .text(new.subscription), .text(new.type.rawValue), PostgresValue(new.eventID),
                    PostgresValue(new.messageID), .text(new.provider.rawValue), .text(new.account),
                    .text(new.conversation), .double(new.createdAt), .bytes(new.body), PostgresValue(new.rule),
                    PostgresValue(new.replyBy),
                ])
        }
        if !rows.isEmpty { try PostgresWakeups.notify(.forwards, db: db) }
    }
}
