import Core
import Delivery
import JSON
import PostgreSQL

// Putting messages in the outbox, with `Idempotency-Key` handling. The key's row is written
// first: a repeat racing its first call on another instance waits on that row until the first
// commits and then reads its answer, so it never creates twice; a first call that rolls back
// leaves no key.
extension PostgresStore {
    public func enqueue(
        _ messages: [NewOutboxMessage], idempotency: IdempotencyClaim?, now: Double
    ) async throws -> EnqueueResult {
        try await write { db in try self.enqueue(messages, idempotency: idempotency, now: now, db: db) }
    }

    /// `enqueue` inside the caller's transaction; messages are checked before anything is written.
    func enqueue(
        _ messages: [NewOutboxMessage], idempotency: IdempotencyClaim?, now: Double, db: PostgresConnection
    ) throws -> EnqueueResult {
        if let claim = idempotency {
            // New, or older than its lifetime (forgotten, so this call is a first one): ours.
            let taken = try db.query("""
                INSERT INTO idempotency_keys (key, body_hash, answer, created_at) VALUES ($1, $2, '', $3)
                ON CONFLICT (key) DO UPDATE SET body_hash = excluded.body_hash, answer = '', created_at = excluded.created_at
                WHERE excluded.created_at - idempotency_keys.created_at >= $4
                RETURNING key
                """, [.text(claim.key), .text(claim.bodyHash), .double(now), .double(IdempotencyClaim.lifetime)])
            if taken.count == 0 {
                let seen = try db.query("SELECT body_hash, answer FROM idempotency_keys WHERE key = $1",
                                        [.text(claim.key)]).first
                guard seen?.text(0) == claim.bodyHash else { return .conflict(key: claim.key) }
                return .repeated(answer: try JSON.parse(seen?.text(1) ?? ""))
            }
        }
        let started = try messages.enumerated().map { index, new in
            do throws(DeliveryRefusal) {
                return try DeliveryRecord.enqueue(
                    provider: new.provider, itemCount: new.items.count, at: now, sendAt: new.sendAt,
                    cause: new.origin.enqueueCause)
            } catch {
                throw OutboxError.invalidMessage(index: index, error)
            }
        }
        var created: [OutboxMessage] = []
        created.reserveCapacity(messages.count)
        for (new, (record, entry)) in zip(messages, started) {
            let message = OutboxMessage(
                id: Identifier.make(prefix: "m_", unixMillis: now.isFinite ? UInt64(max(0, now) * 1000) : 0),
                provider: new.provider, account: new.account, conversation: new.conversation, chat: new.chat,
                items: new.items, origin: new.origin, createdAt: now, record: record)
            try insert(message, firstRow: entry, db: db)
            created.append(message)
        }
        if let claim = idempotency {
            try db.query("UPDATE idempotency_keys SET answer = $1 WHERE key = $2",
                         [.text(JSON.string(OutboxMessage.sendAnswer(created))), .text(claim.key)])
        }
        // Other instances hear of it at once; a message for later is found by their polling.
        if created.contains(where: { ($0.record.nextActionAt ?? .infinity) <= now }) {
            try PostgresWakeups.notify(.outbox, db: db)
        }
        return .created(created)
    }

    public func pruneIdempotencyKeys(now: Double) async throws -> Int {
        try await write { db in
            try db.query("DELETE FROM idempotency_keys WHERE created_at <= $1",
                         [.double(now - IdempotencyClaim.lifetime)]).affected
        }
    }

    private func insert(_ message: OutboxMessage, firstRow entry: TimelineEntry, db: PostgresConnection) throws {
        let (rule, inReplyTo): (String?, String?) =
            switch message.origin {
            case .api: (nil, nil)
            case .rule(let name, let event): (name, event)
            }
        let record = message.record
        try db.query("""
            INSERT INTO messages (id, provider, account, conversation, chat, items, origin, rule, in_reply_to, state,
                                  record, next_action_at, created_at, updated_at, error, attempts, provider_ids,
                                  timeline_length)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, 0, '[]', 1)
            """, [
                .text(message.id), .text(message.provider.rawValue), .text(message.account),
                .text(message.conversation), .text(message.chat.rawValue),
                .text(OutboxMessage.encodeItems(message.items)), .text(message.origin.kind), PostgresValue(rule),
                PostgresValue(inReplyTo), .text(record.state.rawValue), .text(RecordCoding.encode(record)),
                PostgresValue(record.nextActionAt), .double(message.createdAt), .double(record.updatedAt),
            ])
        try db.query(
            "INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause) VALUES ($1, 1, $2, NULL, $3, $4)",
            [.text(message.id), .double(entry.time), .text(entry.to.rawValue), .text(entry.cause)])
    }
}
