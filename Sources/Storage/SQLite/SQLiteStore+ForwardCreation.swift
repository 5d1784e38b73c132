import Core
import Delivery
import SQLite

// Forwards are born in the transaction of what they tell of: an event stored, or a message
// reaching a final state. A crash can never leave one without the other. What each forward is
// (`ForwardRow`) is decided outside the engine; this only writes the rows.
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
            try insertForwards(ForwardRow.ofMessage(try message(row.id, db: db), at: time, planner: forwarding), db: db)
        }
        return outcome
    }

    /// Creates the forwards of a newly stored event (one of them carrying `handoff`'s rule);
    /// returns whether there were any.
    func forwardEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                      db: Connection) throws -> Bool {
        guard let forwarding else { return false }
        let rows = ForwardRow.ofEvent(event, provider: provider, raw: raw, handoff: handoff, planner: forwarding)
        try insertForwards(rows, db: db)
        return !rows.isEmpty
    }

    /// Inserts `rows`, pending. Each is due at its creation when it opens its line; one that
    /// joins a line with an older forward still pending or delivering waits behind it with no due
    /// time until that one leaves the line (`promoteLineHead`).
    func insertForwards(_ rows: [ForwardRow], db: Connection) throws {
        for new in rows {
            let line: [SQLValue] = [.text(new.subscription), .text(new.provider.rawValue), .text(new.account),
                                    .text(new.conversation)]
            let waits = try db.queryOne("""
                SELECT 1 FROM forwards
                WHERE subscription = ? AND provider = ? AND account = ? AND conversation = ?
                  AND state IN ('pending', 'delivering') AND holds_line = 1
                LIMIT 1
                """, line) != nil
            try db.run("""
                INSERT INTO forwards (id, subscription, type, event_id, message_id, provider, account, conversation,
                                      state, attempts, budget_start, holds_line, next_attempt_at, created_at,
                                      updated_at, body, rule, reply_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, 1, ?, ?, ?, ?, ?, ?)
                """, [.text(new.id), .text(new.subscription), .text(new.type.rawValue), SQLValue(new.eventID),
                      SQLValue(new.messageID)] + line.dropFirst() + [
                    waits ? .null : .real(new.createdAt), .real(new.createdAt), .real(new.createdAt), .blob(new.body),
                    SQLValue(new.rule), SQLValue(new.replyBy),
                ])
        }
    }

    /// After the head of a line left it (delivered or failed): the next forward of the line, if
    /// it waits, is due at `time`.
    func promoteLineHead(of line: [SQLValue], at time: Double, db: Connection) throws {
        try db.run("""
            UPDATE forwards SET next_attempt_at = ?
            WHERE seq = (SELECT seq FROM forwards
                         WHERE subscription = ? AND provider = ? AND account = ? AND conversation = ?
                           AND state IN ('pending', 'delivering') AND holds_line = 1
                         ORDER BY seq LIMIT 1)
              AND state = 'pending' AND next_attempt_at IS NULL
            """, [.real(time)] + line)
    }
}
