import Core
import SQLite

/// Inbound events in SQLite. Every write goes through the single `DatabaseWriter`, which batches
/// concurrent callers into one transaction (group commit) and answers each only after the COMMIT:
/// an event reported stored is in the database, and a redelivery racing its original sees it,
/// because both run one after the other inside the writer.
public struct EventStore: Sendable {
    /// Applies a 云真机 receipt or failure to the outbox message it belongs to, inside the
    /// transaction that stores it; returns that message's id, or nil while it matches nothing.
    public typealias CallbackApplier = @Sendable (InboundEvent, _ eventID: String, _ now: Double, Connection) throws -> String?

    let writer: DatabaseWriter
    /// `dedupe_window_s`: how long an identical body counts as a redelivery.
    let dedupeWindow: Double
    /// Queues the auto-reply to a new inbound message inside the transaction that stores it;
    /// returns whether it queued one.
    public typealias ReplyQueuer = @Sendable (InboundEvent, _ eventID: String, _ now: Double, Connection) throws -> Bool

    let applyCallback: CallbackApplier?
    let queueReply: ReplyQueuer?

    public init(writer: DatabaseWriter, dedupeWindow: Double, applyCallback: CallbackApplier? = nil,
                queueReply: ReplyQueuer? = nil) {
        self.writer = writer
        self.dedupeWindow = dedupeWindow
        self.applyCallback = applyCallback
        self.queueReply = queueReply
    }

    /// Stores `event` unless it is a redelivery; returns once the outcome is committed.
    public func ingest(_ event: InboundEvent, id: String, receivedAt: Double) async throws -> IngestResult {
        let window = dedupeWindow
        let applyCallback = applyCallback, queueReply = queueReply
        return try await writer.write { db in
            try Self.insert(event, id: id, receivedAt: receivedAt, window: window, applyCallback: applyCallback,
                            queueReply: queueReply, db: db)
        }
    }

    static func insert(_ event: InboundEvent, id: String, receivedAt: Double, window: Double,
                       applyCallback: CallbackApplier?, queueReply: ReplyQueuer? = nil,
                       db: Connection) throws -> IngestResult {
        // Keys are scoped to the account: two accounts may see the same provider ids or bodies.
        let key = event.provider.rawValue + "/" + event.account + "/" + event.dedupeKey.value
        if let seen = try db.queryOne(
            "SELECT event_id, first_seen, windowed FROM event_keys WHERE key = ?", [.text(key)]) {
            let firstSeen = seen.double(1) ?? 0
            let windowed = seen.bool(2) ?? false
            // Receive times are taken before requests queue for the writer, so a later-stored
            // twin can carry the earlier time: the distance counts, not its sign.
            if !windowed || abs(receivedAt - firstSeen) < window {
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
        if event.kind == .receipt || event.kind == .sendFailure, let applyCallback,
           let messageID = try applyCallback(event, id, receivedAt, db) {
            try db.run("UPDATE events SET message_id = ? WHERE id = ?", [.text(messageID), .text(id)])
        }
        // A new inbound message and its reply commit together: a redelivery finds the event
        // above and never gets here, and a crash before the commit loses both.
        let replied = event.kind == .message ? try queueReply?(event, id, receivedAt, db) ?? false : false
        try db.run("INSERT OR REPLACE INTO event_keys (key, event_id, first_seen, windowed) VALUES (?, ?, ?, ?)",
                   [.text(key), .text(id), .real(receivedAt), .integer(event.dedupeKey.windowed ? 1 : 0)])
        return IngestResult(eventID: id, duplicate: false, replied: replied)
    }

    /// Forgets body-hash keys older than the window: they can no longer match anything.
    public func pruneExpiredKeys(now: Double) async throws -> Int {
        let cutoff = now - dedupeWindow
        return try await writer.write { db in
            try db.run("DELETE FROM event_keys WHERE windowed = 1 AND first_seen < ?", [.real(cutoff)])
            return db.changes
        }
    }
}
