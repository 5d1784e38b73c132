import Core
import Delivery
import PostgreSQL

// 云真机 receipts and failures, matched to their message by index and applied in the transaction
// that stores the callback; one that matches nothing yet stays an orphan event until an attempt or
// an answer teaches the outbox its id. The transactions on both sides run SERIALIZABLE, so a
// callback committed at the same moment as its attempt on another instance is never lost between
// them: one of the two runs again and sees the other.
extension PostgresStore {
    /// Applies a stored `receipt` / `send_failure` event to the message it names and returns that
    /// message's id, or nil (an orphan, another kind, another account's message).
    func applyCallback(_ event: InboundEvent, eventID: String, now: Double, db: PostgresConnection) throws -> String? {
        guard let callback = StoredCallback(kind: event.kind, apiSendID: event.apiSendID,
                                            providerID: event.apiSendSvrID, error: event.error) else { return nil }
        guard var row = try correlate(callback.reference, db: db),
              row.provider == event.provider, row.account == event.account
        else { return nil }
        let learned: PostgresDeliveryRow.Learned
        do {
            learned = try apply(callback.event(eventID: eventID), to: &row, at: now, db: db).learned
        } catch OutboxError.refused(_, .noMatchingAttempt) {
            return nil
        }
        try applyOrphans(to: &row, learned: learned, excluding: eventID, now: now, db: db)
        return row.id
    }

    /// The delivery of the message a callback names: by `api_send_id` first, then by provider id.
    func correlate(_ reference: CallbackReference, db: PostgresConnection) throws -> PostgresDeliveryRow? {
        if let id = reference.apiSendID,
           let row = try PostgresDeliveryRow.load(correlation: "api_send_id", id: id, db: db) { return row }
        if let id = reference.providerID {
            return try PostgresDeliveryRow.load(correlation: "api_send_svrid", id: id, db: db)
        }
        return nil
    }

    /// Applies, oldest first, the orphan callbacks of `row`'s account stored under ids it just
    /// learned, and links them to the message; repeats while applied callbacks teach more ids.
    func applyOrphans(
        to row: inout PostgresDeliveryRow, learned: PostgresDeliveryRow.Learned, excluding eventID: String?,
        now: Double, db: PostgresConnection
    ) throws {
        var pending = learned
        var seen: Set<String> = eventID.map { [$0] } ?? []
        while !pending.isEmpty {
            var orphans: [(seq: Int, id: String, callback: StoredCallback)] = []
            for (column, ids) in [("api_send_id", pending.apiSendIDs), ("api_send_svrid", pending.providerIDs)] {
                for id in ids {
                    let rows = try db.query("""
                        SELECT seq, id, kind, api_send_id, api_send_svrid, error FROM events
                        WHERE \(column) = $1 AND message_id IS NULL AND kind IN ('receipt', 'send_failure')
                          AND provider = $2 AND account = $3
                        """, [.text(id), .text(row.provider.rawValue), .text(row.account)])
                    for event in rows {
                        guard let seq = event.int(0), let eventID = event.text(1), !seen.contains(eventID),
                              let kind = event.text(2).flatMap(EventKind.init(rawValue:)),
                              let callback = StoredCallback(kind: kind, apiSendID: event.text(3),
                                                            providerID: event.text(4), error: event.text(5))
                        else { continue }
                        seen.insert(eventID)
                        orphans.append((seq, eventID, callback))
                    }
                }
            }
            pending = PostgresDeliveryRow.Learned()
            for orphan in orphans.sorted(by: { $0.seq < $1.seq }) {
                let taught: PostgresDeliveryRow.Learned
                do {
                    taught = try apply(orphan.callback.event(eventID: orphan.id), to: &row, at: now, db: db).learned
                } catch OutboxError.refused {
                    continue  // it names this message but no attempt of it: leave it an orphan
                }
                try db.query("UPDATE events SET message_id = $1 WHERE id = $2", [.text(row.id), .text(orphan.id)])
                pending.apiSendIDs += taught.apiSendIDs
                pending.providerIDs += taught.providerIDs
            }
        }
    }
}
