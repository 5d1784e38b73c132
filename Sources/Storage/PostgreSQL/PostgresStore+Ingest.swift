import Core
import PostgreSQL

// Inbound events, committed in groups (`PostgresIngestQueue`). The dedupe keys are written first,
// with ON CONFLICT: of two copies racing on two instances (or in two groups of one), the second's
// INSERT waits for the first's transaction and then finds its key, so one event is stored; a copy
// whose transaction rolls back leaves no key behind.
extension PostgresStore {
    public func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?) async throws
        -> IngestResult {
        // A run after a conflict reuses the first run's plan: the planner counts reply limits.
        var planOnce: ReplyPlanner?
        if let replies {
            let plan = FirstAnswer<ReplyPlan>()
            planOnce = { event, id, now in plan.value { replies(event, id, now) } }
        }
        let request = PendingIngest(event: event, id: id, receivedAt: receivedAt, window: dedupeWindow,
                                    replies: planOnce)
        // A callback is matched to an attempt that another instance may be committing right now:
        // SERIALIZABLE makes one of the two see the other (the loser runs again). It commits alone,
        // so a conflict never makes a group of messages run again.
        if Ingest.correlates(event) {
            return try await write(serializable: true) { db in try self.ingest([request], db: db)[0] }
        }
        return try await ingests.submit(request) { group in await self.commit(group) }
    }

    /// Commits `group` in one transaction. A failure that belongs to one request (a statement the
    /// server refused for its values) must not fail the others: the group then runs again one
    /// request at a time, and only the request at fault fails. A lost connection fails them all
    /// at once: whether the COMMIT got through is unknown, and a client's retry finds what was
    /// stored.
    func commit(_ group: [PendingIngest]) async -> [Result<IngestResult, any Error>] {
        do {
            return try await write { db in try self.ingest(group, db: db) }.map { .success($0) }
        } catch let error as PostgresError where error.isConnectionLoss {
            return group.map { _ in .failure(error) }
        } catch {
            guard group.count > 1 else { return [.failure(error)] }
            return await withTaskGroup(of: (Int, Result<IngestResult, any Error>).self) { alone in
                for (index, request) in group.enumerated() {
                    alone.addTask {
                        do {
                            return (index, .success(try await self.write { db in try self.ingest([request], db: db)[0] }))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                var results = [Result<IngestResult, any Error>](repeating: .failure(error), count: group.count)
                for await (index, result) in alone { results[index] = result }
                return results
            }
        }
    }

    /// Stores the events of `group` (each key once) in the caller's transaction and answers each
    /// request, in order: at most three statements for the whole group, then the effects of each
    /// new event.
    func ingest(_ group: [PendingIngest], db: PostgresConnection) throws -> [IngestResult] {
        let claimed = try claimKeys(group, db: db)
        let isNew = { (request: PendingIngest) in request.key.map(claimed.contains) ?? true }
        let new = group.filter(isNew)
        // A redelivery answers with the event first stored under its key.
        var firstStored: [String: String] = [:]
        if new.count < group.count {
            let seen = try db.query("SELECT key, event_id FROM event_keys WHERE key = ANY($1::text[])",
                                    [.array(group.filter { !isNew($0) }.compactMap(\.key).map(PostgresValue.text))])
            for row in seen { if let key = row.text(0), let id = row.text(1) { firstStored[key] = id } }
        }
        if !new.isEmpty { try insertEvents(new, db: db) }
        return try group.map { request in
            guard isNew(request) else {
                return IngestResult(eventID: request.key.flatMap { firstStored[$0] } ?? "", duplicate: true, replied: false)
            }
            let messageID = try Ingest.applyCallback(request.event, id: request.id, receivedAt: request.receivedAt,
                                                     engine: self, db: db)
            if let messageID { try link(event: request.id, toMessage: messageID, db: db) }
            return try Ingest.effects(of: request.event, id: request.id, receivedAt: request.receivedAt,
                                      messageID: messageID, replies: request.replies, engine: self, db: db)
        }
    }

    /// Writes the keys of `group` and returns those it now holds: a new key, or a windowed one
    /// whose window has passed (taken over), makes its request the first delivery
    /// (`Ingest.isRedelivery`, here in SQL).
    private func claimKeys(_ group: [PendingIngest], db: PostgresConnection) throws -> Set<String> {
        // Keys in one order in every transaction: two groups sharing keys wait for each other
        // instead of deadlocking.
        let keyed = group.compactMap { request in request.key.map { (key: $0, request: request) } }
            .sorted { $0.key < $1.key }
        guard !keyed.isEmpty else { return [] }
        let rows = try db.query("""
            INSERT INTO event_keys (key, event_id, first_seen, windowed)
            SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::bool[])
            ON CONFLICT (key) DO UPDATE SET event_id = excluded.event_id, first_seen = excluded.first_seen,
                windowed = excluded.windowed
            WHERE event_keys.windowed AND abs(excluded.first_seen - event_keys.first_seen) >= $5
            RETURNING key
            """, [
                .array(keyed.map { .text($0.key) }), .array(keyed.map { .text($0.request.id) }),
                .array(keyed.map { .double($0.request.receivedAt) }),
                .array(keyed.map { .bool($0.request.event.dedupeKey.windowed) }), .double(dedupeWindow),
            ])
        return Set(rows.compactMap { $0.text(0) })
    }

    /// Inserts the rows of `requests` in one statement, a column an array.
    private func insertEvents(_ requests: [PendingIngest], db: PostgresConnection) throws {
        func column(_ value: (PendingIngest) -> PostgresValue) -> PostgresValue { .array(requests.map(value)) }
        try db.query("""
            INSERT INTO events (id, provider, account, kind, provider_type, conversation, sender, text,
                                provider_msg_id, api_send_id, api_send_svrid, error, is_self, is_group,
                                mentions, received_at, raw)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[],
                                 $14::boolean[], $15::text[], $16::float8[], $17::bytea[])
            """, [
                column { .text($0.id) }, column { .text($0.event.provider.rawValue) }, column { .text($0.event.account) },
                column { .text($0.event.kind.rawValue) }, column { PostgresValue($0.event.providerType) },
                column { PostgresValue($0.event.conversation) }, column { PostgresValue($0.event.sender) },
                column { PostgresValue($0.event.text) }, column { PostgresValue($0.event.providerMessageID) },
                column { PostgresValue($0.event.apiSendID) }, column { PostgresValue($0.event.apiSendSvrID) },
                column { PostgresValue($0.event.error) }, column { .bool($0.event.isSelf) },
                column { PostgresValue($0.event.isGroup) },
                column { $0.event.mentions.isEmpty ? .null : .text($0.event.mentions.joined(separator: "\n")) },
                column { .double($0.receivedAt) }, column { .bytes($0.event.rawBody) },
            ])
    }

    public func pruneExpiredKeys(now: Double) async throws -> Int {
        try await write { db in
            try db.query("DELETE FROM event_keys WHERE windowed AND first_seen < $1",
                         [.double(now - self.dedupeWindow)]).affected
        }
    }
}

extension PostgresStore: IngestEngine {
    /// Records on the stored event (written with its group, before its callback was applied)
    /// which message it was applied to.
    func link(event id: String, toMessage message: String, db: PostgresConnection) throws {
        try db.query("UPDATE events SET message_id = $1 WHERE id = $2", [.text(message), .text(id)])
    }

    func enqueueReplies(_ messages: [NewOutboxMessage], now: Double, db: PostgresConnection) throws {
        _ = try enqueue(messages, idempotency: nil, now: now, db: db)
    }
}
