import Core
import Delivery
import PostgreSQL

// The forwarder's side, the same shape as the dispatcher's: what is due (one snapshot), attempts
// start (the claim: the line is locked and checked, the forward takes this instance's lease),
// each result is recorded by the instance that holds the lease.
extension PostgresStore {
    /// How many due rows one call looks at, at most.
    static let forwardScanLimit = 4096

    public func dueForwards(now: Double, limit: Int) async throws -> [Forward] {
        guard limit > 0 else { return [] }
        return try await read { db in
            var seen = Set<[String]>()
            var due: [Forward] = []
            let candidates = try db.query("""
                SELECT subscription, provider, account, conversation, holds_line, id
                FROM forwards WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, seq LIMIT $2
                """, [.double(now), .int(Int64(Self.forwardScanLimit))])
            for row in candidates {
                // An operator's retry of a failed forward is outside its line: it goes when due.
                if row.bool(4) == false {
                    if let forward = try self.loadForward(id: row.text(5) ?? "", db: db) {
                        due.append(forward)
                        if due.count == limit { break }
                    }
                    continue
                }
                let line = (0..<4).map { row.text($0) ?? "" }
                guard seen.insert(line).inserted else { continue }
                guard let head = try Self.lineHead(line, db: db) else { continue }
                let forward = try Forward(row: head)
                guard forward.state == .pending, (forward.nextAttemptAt ?? .infinity) <= now else { continue }
                due.append(try self.withBody(forward, db: db))
                if due.count == limit { break }
            }
            return due
        }
    }

    /// The oldest forward of a line still pending or delivering.
    private static func lineHead(_ line: [String], db: PostgresConnection) throws -> PostgresRow? {
        try db.query("""
            SELECT \(Forward.columns) FROM forwards
            WHERE subscription = $1 AND provider = $2 AND account = $3 AND conversation = $4
              AND state IN ('pending', 'delivering') AND holds_line
            ORDER BY seq LIMIT 1
            """, line.map(PostgresValue.text)).first
    }

    public func startForwardAttempts(_ ids: [String], now: Double) async throws -> [Result<Forward, any Error>] {
        try await write { db in
            // Lines in one order, whatever the order asked: no two instances wait in a cycle.
            var results = [Result<Forward, any Error>?](repeating: nil, count: ids.count)
            for index in ids.indices.sorted(by: { ids[$0] < ids[$1] }) {
                try db.query("SAVEPOINT start_forward")
                do {
                    results[index] = .success(try self.startForwardAttempt(id: ids[index], now: now, db: db))
                    try db.query("RELEASE SAVEPOINT start_forward")
                } catch let error as PostgresError {
                    throw error
                } catch {
                    try db.query("ROLLBACK TO SAVEPOINT start_forward")
                    results[index] = .failure(error)
                }
            }
            return results.map { $0 ?? .failure(ForwardError.forwardNotFound("")) }
        }
    }

    /// Locks the forward's line (its pending and delivering forwards, oldest first), and starts
    /// it when it is pending, due, and — holding its line — the line's head.
    func startForwardAttempt(id: String, now: Double, db: PostgresConnection) throws -> Forward {
        guard let forward = try Forward.load(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
        try db.query("""
            SELECT id FROM forwards
            WHERE subscription = $1 AND provider = $2 AND account = $3 AND conversation = $4
              AND state IN ('pending', 'delivering') AND holds_line
            ORDER BY seq FOR UPDATE
            """, [.text(forward.subscription), .text(forward.provider.rawValue), .text(forward.account),
                  .text(forward.conversation)])
        guard let current = try Forward.load(id: id, locked: true, db: db) else { throw ForwardError.forwardNotFound(id) }
        guard current.state == .pending, (current.nextAttemptAt ?? .infinity) <= now else {
            throw ForwardError.notStartable(forwardID: id, current.state)
        }
        let holdsLine = try db.query("SELECT holds_line FROM forwards WHERE id = $1", [.text(id)]).first?.bool(0) ?? true
        if holdsLine, let head = try Self.lineHead(
            [current.subscription, current.provider.rawValue, current.account, current.conversation], db: db),
            head.text(0) != id {
            throw ForwardError.notStartable(forwardID: id, current.state)
        }
        let attempt = current.attempts + 1
        try db.query("""
            UPDATE forwards SET state = 'delivering', attempts = $1, next_attempt_at = NULL, updated_at = $2,
                lease_owner = $3, lease_until = $4
            WHERE id = $5
            """, [.int(Int64(attempt)), .double(now), .text(instance), .double(now + lease), .text(id)])
        try db.query("INSERT INTO forward_attempts (forward_id, attempt, started_at) VALUES ($1, $2, $3)",
                     [.text(id), .int(Int64(attempt)), .double(now)])
        guard let started = try loadForward(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
        return started
    }

    public func recordForwardAttempt(
        id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
        policy: ForwardPolicy, jitter: Double, now: Double, reply: ApplicationReply?
    ) async throws -> Forward {
        let admission = FirstAnswer<String?>()
        let reply = reply.map { reply -> ApplicationReply in
            guard case .queue(let message, let admit) = reply else { return reply }
            return .queue(message, admit: { message, now in admission.value { admit(message, now) } })
        }
        return try await write { db in
            guard let row = try db.query("""
                SELECT state, attempts, budget_start, lease_owner, rule, holds_line, subscription, provider, account,
                       conversation
                FROM forwards WHERE id = $1 FOR UPDATE
                """, [.text(id)]).first else { throw ForwardError.forwardNotFound(id) }
            // Only the instance that holds the attempt's lease: after a takeover it is not this attempt's.
            guard row.text(0) == ForwardState.delivering.rawValue, row.int(1) == attempt,
                  row.text(3) == nil || row.text(3) == self.instance
            else { throw ForwardError.notDelivering(forwardID: id, attempt: attempt) }
            let status: Int? = if case .answered(let status, _) = result { status } else { nil }
            let decision = ForwardDecision.after(result, attemptsInBudget: attempt - (row.int(2) ?? 0),
                                                 policy: policy, jitter: jitter)
            let error: String? = result.isSuccess ? nil : result.reason
            try db.query("""
                UPDATE forward_attempts SET duration_ms = $1, status = $2, error = $3, answer = $4
                WHERE forward_id = $5 AND attempt = $6
                """, [.double(durationMs), PostgresValue(status), PostgresValue(error), PostgresValue(answer),
                      .text(id), .int(Int64(attempt))])
            let (state, next, lastError): (ForwardState, Double?, String?) =
                switch decision {
                case .delivered: (.delivered, nil, nil)
                case .retry(let delay, let reason): (.pending, now + delay, reason)
                case .failed(let reason): (.failed, nil, reason)
                }
            try db.query("""
                UPDATE forwards SET state = $1, next_attempt_at = $2, updated_at = $3, last_status = $4, last_error = $5,
                    lease_owner = NULL, lease_until = NULL
                WHERE id = $6
                """, [.text(state.rawValue), PostgresValue(next), .double(now), PostgresValue(status),
                      PostgresValue(lastError), .text(id)])
            // Leaving its line, it lets the next one go: forwards copied from SQLite wait behind
            // their line's head without a due time (this engine gives each one at creation).
            if state != .pending, row.bool(5) == true {
                try db.query("""
                    UPDATE forwards SET next_attempt_at = $1
                    WHERE seq = (SELECT seq FROM forwards
                                 WHERE subscription = $2 AND provider = $3 AND account = $4 AND conversation = $5
                                   AND state IN ('pending', 'delivering') AND holds_line
                                 ORDER BY seq LIMIT 1)
                      AND state = 'pending' AND next_attempt_at IS NULL
                    """, [.double(now)] + (6...9).map { .text(row.text($0) ?? "") })
            }
            // The reply commits with the delivery: only one attempt ever delivers a forward.
            if state == .delivered, row.text(4) != nil, let reply,
               let refusal = try self.queueApplicationReply(reply, now: now, db: db) {
                try db.query("UPDATE forwards SET reply_error = $1 WHERE id = $2", [.text(refusal), .text(id)])
                try db.query("UPDATE forward_attempts SET error = $1 WHERE forward_id = $2 AND attempt = $3",
                             [.text("no reply: " + refusal), .text(id), .int(Int64(attempt))])
            }
            // The line's next forward may go now, from any instance.
            if state != .pending || next.map({ $0 <= now }) == true { try PostgresWakeups.notify(.forwards, db: db) }
            // The forwarder reads the state it left; the body (built again from the event) is not needed.
            guard let forward = try Forward.load(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
            return forward
        }
    }

    /// Queues an application's reply, or returns why not: refused by the forwarder, by the reply
    /// limits, or by the outbox (a message it cannot take leaves nothing behind).
    private func queueApplicationReply(_ reply: ApplicationReply, now: Double, db: PostgresConnection) throws
        -> String? {
        switch reply {
        case .refused(let reason):
            return reason
        case .queue(let message, let admit):
            if let reason = admit(message, now) { return reason }
            try db.query("SAVEPOINT application_reply")
            do {
                _ = try enqueue([message], idempotency: nil, now: now, db: db)
                try db.query("RELEASE SAVEPOINT application_reply")
                return nil
            } catch let error as OutboxError {
                try db.query("ROLLBACK TO SAVEPOINT application_reply")
                return "the reply cannot be queued: \(error)"
            }
        }
    }

    /// At start-up: only forwards whose lease ran out — others may be delivering them right now.
    public func recoverForwardsAfterRestart(now: Double) async throws -> Int {
        try await recoverExpiredForwardLeases(now: now)
    }

    /// Every `delivering` forward whose lease ran out is pending again, due now, with the same id
    /// (sent again at once whatever the budget says: nothing proves the attempt failed).
    @discardableResult
    func recoverExpiredForwardLeases(now: Double) async throws -> Int {
        try await write { db in
            let expired = try db.query("""
                SELECT id FROM forwards WHERE state = 'delivering' AND lease_until <= $1 FOR UPDATE SKIP LOCKED
                """, [.double(now)]).compactMap { $0.text(0) }
            guard !expired.isEmpty else { return 0 }
            let ids = PostgresValue.text(PostgresArray.text(expired))
            try db.query("""
                UPDATE forward_attempts SET error = 'interrupted: its lease ran out'
                WHERE duration_ms IS NULL AND forward_id = ANY($1::text[])
                """, [ids])
            try db.query("""
                UPDATE forwards SET state = 'pending', next_attempt_at = $1, updated_at = $1,
                    last_error = 'interrupted: its lease ran out', lease_owner = NULL, lease_until = NULL
                WHERE id = ANY($2::text[])
                """, [.double(now), ids])
            try PostgresWakeups.notify(.forwards, db: db)
            return expired.count
        }
    }

    public func failForwards(notIn subscriptions: Set<String>, reason: String, now: Double) async throws -> Int {
        let names = PostgresValue.text(PostgresArray.text(subscriptions.sorted()))
        return try await write { db in
            try db.query("""
                UPDATE forwards SET state = 'failed', next_attempt_at = NULL, updated_at = $1, last_error = $2,
                    lease_owner = NULL, lease_until = NULL
                WHERE state IN ('pending', 'delivering') AND NOT (subscription = ANY($3::text[]))
                """, [.double(now), .text(reason), names]).affected
        }
    }
}
