import Core
import Delivery
import SQLite

// The forwarder's side of the forwards table, the same shape as the dispatcher's: what is due
// (read), attempts start (committed before a request leaves), each result recorded. One line's
// forwards — one subscription, one conversation — leave in order: only the oldest forward of a
// line still pending or delivering has a due time; those behind it get theirs when it leaves.
extension SQLiteStore {
    public func dueForwards(now: Double, limit: Int) async throws -> [Forward] {
        guard limit > 0 else { return [] }
        return try await reader.read { db in
            try db.transaction(.deferred) {
                try self.dueForwards(now: now, limit: limit, db: db).map { try self.withBody($0, db: db) }
            }
        }
    }

    /// One writer job reads the due forwards, starts them and reads the events their bodies are
    /// built from; the bodies are built after it, off the writer that every ingest waits for. A
    /// look on a reader connection comes first, so a pass that finds nothing due (its lines held
    /// by forwards in flight) costs the writer nothing.
    public func claimDueForwards(now: Double, limit: Int) async throws -> [Forward] {
        guard limit > 0, try await reader.read({ db in try !self.dueForwards(now: now, limit: 1, db: db).isEmpty })
        else { return [] }
        let started = try await writer.write { db in
            try self.dueForwards(now: now, limit: limit, db: db).map { forward in
                let started = try self.start(forward, now: now, db: db)
                return (started, try self.bodySource(of: started, db: db))
            }
        }
        return started.map { forward, source in
            var built = forward
            if let source { built.buildBody(from: source, planner: forwarding) }
            return built
        }
    }

    /// The due forwards as their rows hold them (bodies not built yet).
    func dueForwards(now: Double, limit: Int, db: Connection) throws -> [Forward] {
        // An operator's retry of a failed forward is outside its line: it goes when due. Then
        // the lines' heads, oldest due first — read from an index of heads alone, so a line with
        // thousands of forwards behind one in flight costs nothing here.
        var due: [Forward] = []
        for query in [
            """
            SELECT \(Forward.columns) FROM forwards WHERE state = 'pending' AND holds_line = 0 AND next_attempt_at <= ?
            ORDER BY next_attempt_at, seq LIMIT ?
            """,
            """
            SELECT \(Forward.columns) FROM forwards INDEXED BY forwards_due_heads
            WHERE state = 'pending' AND holds_line = 1 AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?
            ORDER BY next_attempt_at, seq LIMIT ?
            """,
        ] where due.count < limit {
            for row in try db.query(query, [.real(now), .integer(Int64(limit - due.count))]) {
                due.append(try Forward(row: row))
            }
        }
        return due
    }

    public func startForwardAttempts(_ ids: [String], now: Double) async throws -> [Result<Forward, any Error>] {
        try await writer.write { db in
            ids.map { id in Result { try db.savepoint { try self.startForwardAttempt(id: id, now: now, db: db) } } }
        }
    }

    func startForwardAttempt(id: String, now: Double, db: Connection) throws -> Forward {
        guard let forward = try Forward.load(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
        return try withBody(start(forward, now: now, db: db), db: db)
    }

    /// Starts the next attempt of `forward`, as read in this transaction; its body is left as the
    /// row holds it.
    private func start(_ forward: Forward, now: Double, db: Connection) throws -> Forward {
        let id = forward.id
        guard forward.state == .pending, (forward.nextAttemptAt ?? .infinity) <= now else {
            throw ForwardError.notStartable(forwardID: id, forward.state)
        }
        let attempt = forward.attempts + 1
        try db.run("""
            UPDATE forwards SET state = 'delivering', attempts = ?, next_attempt_at = NULL, updated_at = ?
            WHERE id = ?
            """, [.integer(Int64(attempt)), .real(now), .text(id)])
        try db.run("INSERT INTO forward_attempts (forward_id, attempt, started_at) VALUES (?, ?, ?)",
                   [.text(id), .integer(Int64(attempt)), .real(now)])
        var started = forward
        started.state = .delivering
        started.attempts = attempt
        started.nextAttemptAt = nil
        started.updatedAt = now
        return started
    }

    public func recordForwardAttempt(
        id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
        policy: ForwardPolicy, jitter: Double, now: Double, reply: ApplicationReply?
    ) async throws -> Forward {
        let record = ForwardAttemptRecord(id: id, attempt: attempt, result: result, answer: answer,
                                          durationMs: durationMs, policy: policy, jitter: jitter, now: now, reply: reply)
        return try await writer.write { db in try self.record(record, db: db) }
    }

    /// One writer job for them all, each in a savepoint of its own.
    public func recordForwardAttempts(_ records: [ForwardAttemptRecord]) async throws -> [Result<Forward, any Error>] {
        try await writer.write { db in
            records.map { record in Result { try db.savepoint { try self.record(record, db: db) } } }
        }
    }

    /// Records one attempt's result in the caller's transaction; returns the forward as it now
    /// is (its body as the row holds it: the forwarder needs only its state).
    private func record(_ record: ForwardAttemptRecord, db: Connection) throws -> Forward {
        let id = record.id, now = record.now
        guard let row = try db.queryOne("SELECT \(Forward.columns), budget_start, holds_line FROM forwards WHERE id = ?",
                                        [.text(id)]) else { throw ForwardError.forwardNotFound(id) }
        var forward = try Forward(row: row)
        guard forward.state == .delivering, forward.attempts == record.attempt else {
            throw ForwardError.notDelivering(forwardID: id, attempt: record.attempt)
        }
        let status: Int? = if case .answered(let status, _) = record.result { status } else { nil }
        let decision = ForwardDecision.after(record.result, attemptsInBudget: record.attempt - (row.int(19) ?? 0),
                                             policy: record.policy, jitter: record.jitter)
        let error: String? = record.result.isSuccess ? nil : record.result.reason
        try db.run("""
            UPDATE forward_attempts SET duration_ms = ?, status = ?, error = ?, answer = ?
            WHERE forward_id = ? AND attempt = ?
            """, [.real(record.durationMs), SQLValue(status), SQLValue(error), SQLValue(record.answer), .text(id),
                  .integer(Int64(record.attempt))])
        let (state, next, lastError): (ForwardState, Double?, String?) =
            switch decision {
            case .delivered: (.delivered, nil, nil)
            case .retry(let delay, let reason): (.pending, now + delay, reason)
            case .failed(let reason): (.failed, nil, reason)
            }
        try db.run("""
            UPDATE forwards SET state = ?, next_attempt_at = ?, updated_at = ?, last_status = ?, last_error = ?
            WHERE id = ?
            """, [.text(state.rawValue), SQLValue(next), .real(now), SQLValue(status), SQLValue(lastError), .text(id)])
        forward.state = state
        forward.nextAttemptAt = next
        forward.updatedAt = now
        forward.lastStatus = status
        forward.lastError = lastError
        // Leaving its line (a retry stays its head), it lets the next one go.
        if state != .pending, row.bool(20) == true {
            try promoteLineHead(of: [.text(forward.subscription), .text(forward.provider.rawValue), .text(forward.account),
                                     .text(forward.conversation)], at: now, db: db)
        }
        // The reply commits with the delivery: only one attempt ever delivers a forward.
        if state == .delivered, forward.rule != nil, let reply = record.reply,
           let refusal = try queueApplicationReply(reply, now: now, db: db) {
            try db.run("UPDATE forwards SET reply_error = ? WHERE id = ?", [.text(refusal), .text(id)])
            try db.run("UPDATE forward_attempts SET error = ? WHERE forward_id = ? AND attempt = ?",
                       [.text("no reply: " + refusal), .text(id), .integer(Int64(record.attempt))])
            forward.replyError = refusal
        }
        return forward
    }

    /// Queues an application's reply, or returns why not: refused by the forwarder, by the reply
    /// limits, or by the outbox (a message it cannot take leaves nothing behind).
    private func queueApplicationReply(_ reply: ApplicationReply, now: Double, db: Connection) throws -> String? {
        switch reply {
        case .refused(let reason):
            return reason
        case .queue(let message, let admit):
            if let reason = admit(message, now) { return reason }
            do {
                try db.savepoint { _ = try enqueue([message], idempotency: nil, now: now, db: db) }
                return nil
            } catch let error as OutboxError {
                return "the reply cannot be queued: \(error)"
            }
        }
    }

    public func recoverForwardsAfterRestart(now: Double) async throws -> Int {
        try await writer.write { db in
            try db.run("""
                UPDATE forward_attempts SET error = 'interrupted by a restart'
                WHERE duration_ms IS NULL AND forward_id IN (SELECT id FROM forwards WHERE state = 'delivering')
                """)
            // Sent again at once, whatever the budget says: nothing proves the attempt failed.
            try db.run("""
                UPDATE forwards SET state = 'pending', next_attempt_at = ?, updated_at = ?,
                    last_error = 'interrupted by a restart'
                WHERE state = 'delivering'
                """, [.real(now), .real(now)])
            return db.changes
        }
    }

    public func failForwards(notIn subscriptions: Set<String>, reason: String, now: Double) async throws -> Int {
        let names = subscriptions.sorted()
        let placeholders = names.map { _ in "?" }.joined(separator: ", ")
        let list = names.isEmpty ? "" : " AND subscription NOT IN (\(placeholders))"
        return try await writer.write { db in
            try db.run("""
                UPDATE forwards SET state = 'failed', next_attempt_at = NULL, updated_at = ?, last_error = ?
                WHERE state IN ('pending', 'delivering')\(list)
                """, [.real(now), .text(reason)] + names.map(SQLValue.text))
            return db.changes
        }
    }
}
