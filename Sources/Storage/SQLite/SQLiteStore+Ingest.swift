import Core
import SQLite

// Inbound events. A redelivery racing its original sees it, because both run one after the other
// inside the writer; an event reported stored is committed, with its effects (`Ingest`).
extension SQLiteStore {
    public func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?) async throws
        -> IngestResult {
        let result = try await writer.write { db in
            try self.ingest(event, id: id, receivedAt: receivedAt, replies: replies, db: db)
        }
        if !result.duplicate { textIndexer?.stored() }
        return result
    }

    func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?, db: Connection) throws
        -> IngestResult {
        let key = Ingest.key(of: event, window: dedupeWindow)
        if let key, let seen = try db.queryOne(
            "SELECT event_id, first_seen, windowed FROM event_keys WHERE key = ?", [.text(key)]),
           Ingest.isRedelivery(receivedAt: receivedAt, firstSeen: seen.double(1) ?? 0, windowed: seen.bool(2) ?? false,
                               window: dedupeWindow) {
            return IngestResult(eventID: seen.string(0) ?? "", duplicate: true, replied: false)
        }
        // A callback is applied first, so its row is written once, already linked to its message:
        // only an orphan enters the indexes of callback ids (`Schema.orphanCallbacks`).
        let messageID = try Ingest.applyCallback(event, id: id, receivedAt: receivedAt, engine: self, db: db)
        try db.run("""
            INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text,
                                provider_msg_id, api_send_id, api_send_svrid, error, is_self, is_group,
                                mentions, message_id, received_at, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(id), .text(event.provider.rawValue), .text(event.account), .text(event.kind.rawValue),
                SQLValue(event.providerType), SQLValue(event.conversation), SQLValue(event.sender),
                SQLValue(event.text), SQLValue(event.providerMessageID), SQLValue(event.apiSendID),
                SQLValue(event.apiSendSvrID), SQLValue(event.error), .integer(event.isSelf ? 1 : 0),
                event.isGroup.map { .integer($0 ? 1 : 0) } ?? .null,
                event.mentions.isEmpty ? .null : .text(event.mentions.joined(separator: "\n")), SQLValue(messageID),
                .real(receivedAt), .blob(event.rawBody),
            ])
        let result = try Ingest.effects(of: event, id: id, receivedAt: receivedAt, messageID: messageID,
                                        replies: replies, engine: self, db: db)
        if let key {
            try db.run("INSERT OR REPLACE INTO event_keys (key, event_id, first_seen, windowed) VALUES (?, ?, ?, ?)",
                       [.text(key), .text(id), .real(receivedAt), .integer(event.dedupeKey.windowed ? 1 : 0)])
        }
        return result
    }

    public func pruneExpiredKeys(now: Double) async throws -> Int {
        let cutoff = now - dedupeWindow
        return try await writer.write { db in
            try db.run("DELETE FROM event_keys WHERE windowed = 1 AND first_seen < ?", [.real(cutoff)])
            return db.changes
        }
    }
}

extension SQLiteStore: IngestEngine {
    func enqueueReplies(_ messages: [NewOutboxMessage], now: Double, db: Connection) throws {
        _ = try enqueue(messages, idempotency: nil, now: now, db: db)
    }
}
