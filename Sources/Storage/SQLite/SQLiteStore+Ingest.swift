import Core
import SQLite

// Inbound events. A redelivery racing its original sees it, because both run one after the other
// inside the writer; an event reported stored is committed, with its effects.
extension SQLiteStore {
    public func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?) async throws
        -> IngestResult {
        try await writer.write { db in
            try self.ingest(event, id: id, receivedAt: receivedAt, replies: replies, db: db)
        }
    }

    func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?, db: Connection) throws
        -> IngestResult {
        // Keys are scoped to the account: two accounts may see the same provider ids or bodies.
        let key = event.provider.rawValue + "/" + event.account + "/" + event.dedupeKey.value
        if let seen = try db.queryOne(
            "SELECT event_id, first_seen, windowed FROM event_keys WHERE key = ?", [.text(key)]) {
            let firstSeen = seen.double(1) ?? 0
            let windowed = seen.bool(2) ?? false
            // Receive times are taken before requests queue for the writer, so a later-stored
            // twin can carry the earlier time: the distance counts, not its sign.
            if !windowed || abs(receivedAt - firstSeen) < dedupeWindow {
                return IngestResult(eventID: seen.string(0) ?? "", duplicate: true, replied: false)
            }
        }
        try db.run("""
            INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text,
                                provider_msg_id, api_send_id, api_send_svrid, error, is_self, is_group,
                                mentions, received_at, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(id), .text(event.provider.rawValue), .text(event.account), .text(event.kind.rawValue),
                SQLValue(event.providerType), SQLValue(event.conversation), SQLValue(event.sender),
                SQLValue(event.text), SQLValue(event.providerMessageID), SQLValue(event.apiSendID),
                SQLValue(event.apiSendSvrID), SQLValue(event.error), .integer(event.isSelf ? 1 : 0),
                event.isGroup.map { .integer($0 ? 1 : 0) } ?? .null,
                event.mentions.isEmpty ? .null : .text(event.mentions.joined(separator: "\n")),
                .real(receivedAt), .blob(event.rawBody),
            ])
        // A receipt or failure changes its message in this same transaction: the 200 that
        // follows the commit covers the event and its effect together.
        var messageID: String?
        if event.kind == .receipt || event.kind == .sendFailure,
           let applied = try applyCallback(event, eventID: id, now: receivedAt, db: db) {
            try db.run("UPDATE events SET message_id = ? WHERE id = ?", [.text(applied), .text(id)])
            messageID = applied
        }
        // A new inbound message and its reply commit together: a redelivery finds the event
        // above and never gets here, and a crash before the commit loses both.
        var replied = false
        var plan = ReplyPlan.nothing
        if event.kind == .message, let replies {
            plan = replies(event, id, receivedAt)
            if !plan.messages.isEmpty {
                _ = try enqueue(plan.messages, idempotency: nil, now: receivedAt, db: db)
                replied = true
            }
        }
        // Its forwards commit with it too: an application hears of every stored event, and of
        // nothing that was not stored; a hand-off rides on its subscription's forward.
        let stored = StoredEvent(
            id: id, provider: event.provider.rawValue, account: event.account, kind: event.kind.rawValue,
            conversation: event.conversation, sender: event.sender, text: event.text, isSelf: event.isSelf,
            isGroup: event.isGroup, messageID: messageID, receivedAt: receivedAt)
        let forwarded = try forwardEvent(stored, provider: event.provider, raw: event.rawBody, handoff: plan.handoff,
                                         db: db)
        try db.run("INSERT OR REPLACE INTO event_keys (key, event_id, first_seen, windowed) VALUES (?, ?, ?, ?)",
                   [.text(key), .text(id), .real(receivedAt), .integer(event.dedupeKey.windowed ? 1 : 0)])
        return IngestResult(eventID: id, duplicate: false, replied: replied, messageID: messageID, forwarded: forwarded)
    }

    public func pruneExpiredKeys(now: Double) async throws -> Int {
        let cutoff = now - dedupeWindow
        return try await writer.write { db in
            try db.run("DELETE FROM event_keys WHERE windowed = 1 AND first_seen < ?", [.real(cutoff)])
            return db.changes
        }
    }
}
