import Core
import Delivery
import PostgreSQL

// Forwards are born in the transaction of what they tell of: an event stored, or a message
// reaching a final state.
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
            let message = try message(row.id, db: db)
            let planned = forwarding.forwards(ofMessage: message, at: time)
            try insertForwards(planned, eventID: nil, messageID: message.id,
                               line: (message.provider, message.account, message.conversation), at: time, db: db)
        }
        return outcome
    }

    /// Creates the forwards of a newly stored event (one of them carrying `handoff`'s rule);
    /// returns whether there were any.
    func forwardEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                      db: PostgresConnection) throws -> Bool {
        guard let forwarding else { return false }
        let planned = forwarding.forwards(ofEvent: event, raw: raw, handoff: handoff)
        try insertForwards(planned, eventID: event.id, messageID: nil,
                           line: (provider, event.account, event.conversation ?? ""), at: event.receivedAt, db: db)
        return !planned.isEmpty
    }

    /// Inserts `planned`, created and due at `time`, and wakes the other instances' forwarders;
    /// returns their ids.
    @discardableResult
    func insertForwards(
        _ planned: [NewForward], eventID: String?, messageID: String?,
        line: (provider: Provider, account: String, conversation: String), at time: Double, db: PostgresConnection
    ) throws -> [String] {
        let ids = try planned.map { new in
            let id = Identifier.make(prefix: "fw_", unixMillis: time.isFinite ? UInt64(max(0, time) * 1000) : 0)
            try db.query("""
                INSERT INTO forwards (id, subscription, type, event_id, message_id, provider, account, conversation,
                                      state, attempts, budget_start, holds_line, next_attempt_at, created_at,
                                      updated_at, body, rule, reply_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, 0, true, $9, $9, $9, $10, $11, $12)
                """, [
                    .text(id), .text(new.subscription), .text(new.type.rawValue), PostgresValue(eventID),
                    PostgresValue(messageID), .text(line.provider.rawValue), .text(line.account),
                    .text(line.conversation), .double(time), .bytes(new.body), PostgresValue(new.rule),
                    PostgresValue(new.replyBy),
                ])
            return id
        }
        if !ids.isEmpty { try PostgresWakeups.notify(.forwards, db: db) }
        return ids
    }
}
