import Core
import PostgreSQL

// Inbound events. The dedupe key is written first, with ON CONFLICT: of two copies racing on two
// instances, the second's INSERT waits for the first's transaction and then finds its key, so one
// event is stored; a copy whose transaction rolls back leaves no key behind.
extension PostgresStore {
    public func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?) async throws
        -> IngestResult {
        // A callback is matched to an attempt that another instance may be committing right now:
        // SERIALIZABLE makes one of the two see the other (the loser runs again).
        let correlates = event.kind == .receipt || event.kind == .sendFailure
        // A run after a conflict reuses the first run's plan: the planner counts reply limits.
        var planOnce: ReplyPlanner?
        if let replies {
            let plan = FirstAnswer<ReplyPlan>()
            planOnce = { event, id, now in plan.value { replies(event, id, now) } }
        }
        let planner = planOnce
        let result = try await write(serializable: correlates) { db in
            try self.ingest(event, id: id, receivedAt: receivedAt, replies: planner, db: db)
        }
        return result
    }

    func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?,
                db: PostgresConnection) throws -> IngestResult {
        // Keys are scoped to the account: two accounts may see the same provider ids or bodies.
        let key = event.provider.rawValue + "/" + event.account + "/" + event.dedupeKey.value
        // A new key, or a windowed one whose window has passed (it is taken over), makes this the
        // first delivery. Receive times are taken before requests reach the database, so a later
        // twin can carry the earlier time: the distance counts, not its sign.
        let claimed = try db.query("""
            INSERT INTO event_keys (key, event_id, first_seen, windowed) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key) DO UPDATE SET event_id = excluded.event_id, first_seen = excluded.first_seen,
                windowed = excluded.windowed
            WHERE event_keys.windowed AND abs(excluded.first_seen - event_keys.first_seen) >= $5
            RETURNING event_id
            """, [.text(key), .text(id), .double(receivedAt), .bool(event.dedupeKey.windowed), .double(dedupeWindow)])
        guard claimed.count == 1 else {
            let first = try db.query("SELECT event_id FROM event_keys WHERE key = $1", [.text(key)]).first?.text(0)
            return IngestResult(eventID: first ?? "", duplicate: true, replied: false)
        }
        try db.query("""
            INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text,
                                provider_msg_id, api_send_id, api_send_svrid, error, is_self, is_group,
                                mentions, received_at, raw)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            """, [
                .text(id), .text(event.provider.rawValue), .text(event.account), .text(event.kind.rawValue),
                PostgresValue(event.providerType), PostgresValue(event.conversation), PostgresValue(event.sender),
                PostgresValue(event.text), PostgresValue(event.providerMessageID), PostgresValue(event.apiSendID),
                PostgresValue(event.apiSendSvrID), PostgresValue(event.error), .bool(event.isSelf),
                PostgresValue(event.isGroup),
                event.mentions.isEmpty ? .null : .text(event.mentions.joined(separator: "\n")),
                .double(receivedAt), .bytes(event.rawBody),
            ])
        // A receipt or failure changes its message in this same transaction.
        var messageID: String?
        if event.kind == .receipt || event.kind == .sendFailure,
           let applied = try applyCallback(event, eventID: id, now: receivedAt, db: db) {
            try db.query("UPDATE events SET message_id = $1 WHERE id = $2", [.text(applied), .text(id)])
            messageID = applied
        }
        // A new inbound message and its reply commit together.
        var replied = false
        var plan = ReplyPlan.nothing
        if event.kind == .message, let replies {
            plan = replies(event, id, receivedAt)
            if !plan.messages.isEmpty {
                _ = try enqueue(plan.messages, idempotency: nil, now: receivedAt, db: db)
                replied = true
            }
        }
        // Its forwards commit with it too; a hand-off rides on its subscription's forward.
        let stored = StoredEvent(
            id: id, provider: event.provider.rawValue, account: event.account, kind: event.kind.rawValue,
            conversation: event.conversation, sender: event.sender, text: event.text, isSelf: event.isSelf,
            isGroup: event.isGroup, messageID: messageID, receivedAt: receivedAt)
        let forwarded = try forwardEvent(stored, provider: event.provider, raw: event.rawBody, handoff: plan.handoff,
                                         db: db)
        return IngestResult(eventID: id, duplicate: false, replied: replied, messageID: messageID, forwarded: forwarded)
    }

    public func pruneExpiredKeys(now: Double) async throws -> Int {
        try await write { db in
            try db.query("DELETE FROM event_keys WHERE windowed AND first_seen < $1",
                         [.double(now - self.dedupeWindow)]).affected
        }
    }
}
