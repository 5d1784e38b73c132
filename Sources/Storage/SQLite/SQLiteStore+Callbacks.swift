import Core
import Delivery
import SQLite

// 云真机 receipts (`chatMsg` echoes) and failures (`chatMsgSendFail`): matched to their message
// by index, applied in the transaction that stores the callback event. A callback that matches
// nothing yet stays an orphan event (`message_id` NULL) until an attempt or an answer teaches
// the outbox its id.
extension SQLiteStore {
    /// Applies a stored `receipt` / `send_failure` event to the message it names and returns that
    /// message's id (write it into `events.message_id`), or nil when it names none yet (an
    /// orphan), when the event is of another kind, or when the message belongs to another
    /// account. Call it inside the writer job that stores the event, after the INSERT, so the
    /// event and its effect commit together. Matches by `api_send_id`, then `api_send_svrid`.
    func applyCallback(_ event: InboundEvent, eventID: String, now: Double, db: Connection) throws -> String? {
        guard let callback = StoredCallback(kind: event.kind, apiSendID: event.apiSendID,
                                            providerID: event.apiSendSvrID, error: event.error) else { return nil }
        guard var row = try correlate(callback.reference, db: db),
              row.provider == event.provider, row.account == event.account
        else { return nil }
        let learned: DeliveryRow.Learned
        do {
            learned = try apply(callback.event(eventID: eventID), to: &row, at: now, db: db).learned
        } catch OutboxError.refused(_, .noMatchingAttempt) {
            return nil
        }
        try applyOrphans(to: &row, learned: learned, excluding: eventID, now: now, db: db)
        return row.id
    }

    /// The delivery of the message a callback names: by `api_send_id` first, then by provider id.
    func correlate(_ reference: CallbackReference, db: Connection) throws -> DeliveryRow? {
        if let id = reference.apiSendID, let row = try DeliveryRow.load(apiSendID: id, db: db) { return row }
        if let id = reference.providerID { return try DeliveryRow.load(providerID: id, db: db) }
        return nil
    }

    /// Applies, oldest first, the orphan callbacks of `row`'s account stored under ids it just
    /// learned, and links them to the message. An applied callback can teach more ids (an echo
    /// carrying both), so this repeats until nothing new is learned. `excluding` is the event
    /// being applied by the caller (already stored, not yet linked).
    func applyOrphans(
        to row: inout DeliveryRow, learned: DeliveryRow.Learned, excluding eventID: String?, now: Double,
        db: Connection
    ) throws {
        var pending = learned
        var seen: Set<String> = eventID.map { [$0] } ?? []
        while !pending.isEmpty {
            var orphans: [(seq: Int64, id: String, callback: StoredCallback)] = []
            for (column, ids) in [("api_send_id", pending.apiSendIDs), ("api_send_svrid", pending.providerIDs)] {
                for id in ids {
                    // The id's own index, named: without statistics the planner prefers
                    // `events_account` (two equalities), which reads every event of the account
                    // — a cost that grew with the table at every attempt.
                    try db.forEach("""
                        SELECT seq, id, kind, api_send_id, api_send_svrid, error FROM events INDEXED BY events_\(column)
                        WHERE \(column) = ? AND message_id IS NULL AND kind IN ('receipt', 'send_failure')
                          AND provider = ? AND account = ?
                        """, [.text(id), .text(row.provider.rawValue), .text(row.account)]) { event in
                        guard let seq = event.int64(0), let eventID = event.string(1), !seen.contains(eventID),
                              let kind = event.string(2).flatMap(EventKind.init(rawValue:)),
                              let callback = StoredCallback(kind: kind, apiSendID: event.string(3),
                                                            providerID: event.string(4), error: event.string(5))
                        else { return }
                        seen.insert(eventID)
                        orphans.append((seq, eventID, callback))
                    }
                }
            }
            pending = DeliveryRow.Learned()
            for orphan in orphans.sorted(by: { $0.seq < $1.seq }) {
                let taught: DeliveryRow.Learned
                do {
                    taught = try apply(orphan.callback.event(eventID: orphan.id), to: &row, at: now, db: db)
                        .learned
                } catch OutboxError.refused {
                    continue  // it names this message but no attempt of it: leave it an orphan
                }
                try db.run("UPDATE events SET message_id = ? WHERE id = ?", [.text(row.id), .text(orphan.id)])
                pending.apiSendIDs += taught.apiSendIDs
                pending.providerIDs += taught.providerIDs
            }
        }
    }
}
