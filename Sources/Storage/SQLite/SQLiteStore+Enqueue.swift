import Core
import Delivery
import JSON
import SQLite

// Putting messages in the outbox, with `Idempotency-Key` handling.
//
// Why a repeat can never create twice, even while the first call is still in flight: the key's
// lookup, the messages and the key's row are written by one job of the single writer. Jobs run
// one after the other on the writer's thread, so a repeat's job runs either before the first one
// (it is then the first, and the other the repeat) or after it, when the first's key row is
// already there — in the same batch's transaction or a committed one. And a caller hears back
// only after its batch's COMMIT, so the repeat's answer is never one that could still be rolled
// back without rolling the repeat back with it.
extension SQLiteStore {
    /// Creates one message per entry, all or none, in one transaction. With a claim: the same
    /// key and body hash seen within 24 hours → `.repeated` with the first answer, nothing
    /// created; the same key with another body → `.conflict`.
    public func enqueue(
        _ messages: [NewOutboxMessage], idempotency: IdempotencyClaim?, now: Double
    ) async throws -> EnqueueResult {
        try await writer.write { db in try self.enqueue(messages, idempotency: idempotency, now: now, db: db) }
    }

    /// `enqueue` inside the caller's transaction. Messages are checked before anything is
    /// written; a database error part-way leaves rows the enclosing transaction must roll back
    /// (the writer's jobs do).
    func enqueue(
        _ messages: [NewOutboxMessage], idempotency: IdempotencyClaim?, now: Double, db: Connection
    ) throws -> EnqueueResult {
        if let claim = idempotency, let seen = try db.queryOne(
            "SELECT body_hash, answer, created_at FROM idempotency_keys WHERE key = ?", [.text(claim.key)]),
            let firstAt = seen.double(2), now - firstAt < IdempotencyClaim.lifetime
        {
            guard seen.string(0) == claim.bodyHash else { return .conflict(key: claim.key) }
            let answer = try JSON.parse(seen.string(1) ?? "")
            return .repeated(answer: answer)
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
            // Replaces a key older than its lifetime: it is forgotten, and this call is a first one.
            try db.run("INSERT OR REPLACE INTO idempotency_keys (key, body_hash, answer, created_at) VALUES (?, ?, ?, ?)",
                       [.text(claim.key), .text(claim.bodyHash), .text(JSON.string(OutboxMessage.sendAnswer(created))),
                        .real(now)])
        }
        return .created(created)
    }

    /// Forgets idempotency keys older than 24 hours; returns how many.
    public func pruneIdempotencyKeys(now: Double) async throws -> Int {
        try await writer.write { db in
            try db.run("DELETE FROM idempotency_keys WHERE created_at <= ?", [.real(now - IdempotencyClaim.lifetime)])
            return db.changes
        }
    }

    private func insert(_ message: OutboxMessage, firstRow entry: TimelineEntry, db: Connection) throws {
        let (rule, inReplyTo): (String?, String?) =
            switch message.origin {
            case .api: (nil, nil)
            case .rule(let name, let event): (name, event)
            }
        let record = message.record
        try db.run("""
            INSERT INTO messages (id, provider, account, conversation, chat, items, origin, rule, in_reply_to, state,
                                  record, next_action_at, created_at, updated_at, error, attempts, provider_ids,
                                  timeline_length)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, '[]', 1)
            """, [
                .text(message.id), .text(message.provider.rawValue), .text(message.account),
                .text(message.conversation), .text(message.chat.rawValue),
                .text(OutboxMessage.encodeItems(message.items)), .text(message.origin.kind), SQLValue(rule),
                SQLValue(inReplyTo), .text(record.state.rawValue), .text(RecordCoding.encode(record)),
                SQLValue(record.nextActionAt), .real(message.createdAt), .real(record.updatedAt),
            ])
        try db.run(
            "INSERT INTO timeline (message_id, seq, time, from_state, to_state, cause) VALUES (?, 1, ?, NULL, ?, ?)",
            [.text(message.id), .real(entry.time), .text(entry.to.rawValue), .text(entry.cause)])
        try DeliveryRow.countNew(record.state, db: db)
    }
}
