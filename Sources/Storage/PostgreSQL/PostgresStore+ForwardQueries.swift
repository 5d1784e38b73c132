import Core
import Delivery
import PostgreSQL

// Reads of forwards, and the operator's side: per-subscription activity (kept by triggers), a
// failed forward retried, a stored event replayed.
extension PostgresStore {
    public func forward(id: String) async throws -> ForwardDetail? {
        try await read { db in
            guard let forward = try self.loadForward(id: id, db: db) else { return nil }
            let attempts = try db.query("""
                SELECT attempt, started_at, duration_ms, status, error, answer FROM forward_attempts
                WHERE forward_id = $1 ORDER BY attempt
                """, [.text(id)]).map(ForwardAttempt.init(row:))
            return ForwardDetail(forward: forward, attempts: attempts)
        }
    }

    public func forwards(matching query: ForwardQuery, limit: Int, offset: Int) async throws -> ForwardPage {
        var terms = PostgresConditions()
        if let value = query.subscription { terms.add("subscription = ?", .text(value)) }
        if let value = query.state?.rawValue { terms.add("state = ?", .text(value)) }
        if let value = query.eventID { terms.add("event_id = ?", .text(value)) }
        if let value = query.messageID { terms.add("message_id = ?", .text(value)) }
        if let since = query.since { terms.add("created_at >= ?", .double(since)) }
        if let until = query.until { terms.add("created_at < ?", .double(until)) }
        let conditions = terms.whereClause
        let arguments = terms.arguments
        let n = arguments.count
        return try await read { db in
            let items = try db.query("""
                SELECT \(Forward.columns) FROM forwards\(conditions) ORDER BY created_at DESC, seq DESC
                LIMIT $\(n + 1) OFFSET $\(n + 2)
                """, arguments + [.int(Int64(max(0, limit))), .int(Int64(max(0, offset)))]
            ).map { try self.withBody(Forward(row: $0), db: db) }
            let total = try db.query("SELECT count(*) FROM forwards\(conditions)", arguments).first?.int(0) ?? 0
            return ForwardPage(items: items, total: total)
        }
    }

    public func subscriptionActivity() async throws -> [String: SubscriptionActivity] {
        try await read { db in
            var activity: [String: SubscriptionActivity] = [:]
            for row in try db.query("""
                SELECT subscription, sum(pending)::bigint, sum(delivering)::bigint, sum(delivered)::bigint,
                       sum(failed)::bigint, max(last_success_at), max(last_failure_at)
                FROM subscription_activity_deltas GROUP BY subscription
                """) {
                guard let name = row.text(0) else { continue }
                let counts: [ForwardState: Int] = [
                    .pending: row.int(1) ?? 0, .delivering: row.int(2) ?? 0,
                    .delivered: row.int(3) ?? 0, .failed: row.int(4) ?? 0,
                ]
                activity[name] = SubscriptionActivity(counts: counts, lastSuccessAt: row.double(5),
                                                      lastFailureAt: row.double(6))
            }
            return activity
        }
    }

    public func retryForward(id: String, now: Double) async throws -> Forward {
        try await write { db in
            guard let forward = try Forward.load(id: id, locked: true, db: db) else {
                throw ForwardError.forwardNotFound(id)
            }
            guard forward.state == .failed else { throw ForwardError.notRetryable(forwardID: id, forward.state) }
            // A fresh budget from the attempts made so far, outside its line (it held it once).
            try db.query("""
                UPDATE forwards SET state = 'pending', budget_start = attempts, holds_line = false, next_attempt_at = $1,
                    updated_at = $1
                WHERE id = $2
                """, [.double(now), .text(id)])
            try PostgresWakeups.notify(.forwards, db: db)
            guard let retried = try self.loadForward(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
            return retried
        }
    }

    public func replayEvent(id eventID: String, to subscription: String, now: Double) async throws -> Forward {
        try await write { db in
            guard let row = try db.query(
                "SELECT \(StoredEvent.columns), raw FROM events WHERE id = $1", [.text(eventID)]
            ).first else { throw ForwardError.eventNotFound(eventID) }
            let event = StoredEvent(row: row)
            guard let provider = Provider(rawValue: event.provider) else { throw ForwardError.eventNotFound(eventID) }
            guard let forwarding = self.forwarding,
                  let replay = ForwardRow.replay(of: event, provider: provider, raw: row.bytes(11) ?? [],
                                                 to: subscription, at: now, planner: forwarding)
            else { throw ForwardError.unknownSubscription(subscription) }
            try self.insertForwards([replay], db: db)
            guard let forward = try self.loadForward(id: replay.id, db: db) else {
                throw ForwardError.eventNotFound(eventID)
            }
            return forward
        }
    }
}
