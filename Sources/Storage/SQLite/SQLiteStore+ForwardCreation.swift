import Core
import Delivery
import SQLite

// Forwards are born in the transaction of what they tell of: an event stored, or a message
// reaching a final state. A crash can never leave one without the other.
extension SQLiteStore {
    /// Applies `event` to a message's delivery — every state change of a message is written
    /// here — and, when it moves the message to a final state, creates the forwards the planner
    /// asks for, in the caller's transaction.
    @discardableResult
    func apply(_ event: DeliveryEvent, to row: inout DeliveryRow, at time: Double, db: Connection) throws
        -> (rows: [TimelineEntry], learned: DeliveryRow.Learned) {
        let before = row.record.state
        let outcome = try row.apply(event, at: time, policy: policy, db: db)
        let after = row.record.state
        if after != before, after.isFinal, let forwarding {
            let message = try message(row.id, db: db)
            let planned = forwarding.forwards(ofMessage: message, at: time)
            try insertForwards(planned, eventID: nil, messageID: message.id, line: (message.provider, message.account,
                               message.conversation), at: time, db: db)
        }
        return outcome
    }

    /// Creates the forwards of a newly stored event (one of them carrying `handoff`'s rule);
    /// returns whether there were any.
    func forwardEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                      db: Connection) throws -> Bool {
        guard let forwarding else { return false }
        let planned = forwarding.forwards(ofEvent: event, raw: raw, handoff: handoff)
        try insertForwards(planned, eventID: event.id, messageID: nil,
                           line: (provider, event.account, event.conversation ?? ""), at: event.receivedAt, db: db)
        return !planned.isEmpty
    }

    /// Inserts `planned`, created and due at `time`; returns their ids.
    @discardableResult
    func insertForwards(
        _ planned: [NewForward], eventID: String?, messageID: String?,
        line: (provider: Provider, account: String, conversation: String), at time: Double, db: Connection
    ) throws -> [String] {
        try planned.map { new in
            let id = Identifier.make(prefix: "fw_", unixMillis: time.isFinite ? UInt64(max(0, time) * 1000) : 0)
            try db.run("""
                INSERT INTO forwards (id, subscription, type, event_id, message_id, provider, account, conversation,
                                      state, attempts, budget_start, holds_line, next_attempt_at, created_at,
                                      updated_at, body, rule, reply_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, 1, ?, ?, ?, ?, ?, ?)
                """, [
                    .text(id), .text(new.subscription), .text(new.type.rawValue), SQLValue(eventID),
                    SQLValue(messageID), .text(line.provider.rawValue), .text(line.account), .text(line.conversation),
                    .real(time), .real(time), .real(time), .blob(new.body), SQLValue(new.rule), SQLValue(new.replyBy),
                ])
            return id
        }
    }
}
