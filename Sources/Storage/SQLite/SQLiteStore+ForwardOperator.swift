import Core
import Delivery
import SQLite

// The operator's side of forwards: per-subscription activity (kept by triggers, see
// `Schema.forwardActivity`), a failed forward retried, a stored event replayed.
extension SQLiteStore {
    public func subscriptionActivity() async throws -> [String: SubscriptionActivity] {
        try await reader.read { db in
            let rows = try db.query("""
                SELECT subscription, pending, delivering, delivered, failed, last_success_at, last_failure_at
                FROM subscription_activity
                """)
            var activity: [String: SubscriptionActivity] = [:]
            for row in rows {
                guard let name = row.string(0) else { continue }
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
        try await writer.write { db in
            guard let forward = try Forward.load(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
            guard forward.state == .failed else { throw ForwardError.notRetryable(forwardID: id, forward.state) }
            // A fresh budget starts at the attempts made so far; `holds_line = 0` so a forward
            // that failed once does not hold its line back again.
            try db.run("""
                UPDATE forwards SET state = 'pending', budget_start = attempts, holds_line = 0, next_attempt_at = ?,
                    updated_at = ?
                WHERE id = ?
                """, [.real(now), .real(now), .text(id)])
            guard let retried = try self.loadForward(id: id, db: db) else { throw ForwardError.forwardNotFound(id) }
            return retried
        }
    }

    public func replayEvent(id eventID: String, to subscription: String, now: Double) async throws -> Forward {
        try await writer.write { db in
            guard let row = try db.queryOne("SELECT \(StoredEvent.columns), raw FROM events WHERE id = ?",
                                            [.text(eventID)]) else { throw ForwardError.eventNotFound(eventID) }
            let event = StoredEvent(row: row)
            guard let provider = Provider(rawValue: event.provider) else {
                throw ForwardError.eventNotFound(eventID)
            }
            guard let forwarding, let replay = ForwardRow.replay(of: event, provider: provider, raw: row.bytes(11) ?? [],
                                                                to: subscription, at: now, planner: forwarding) else {
                throw ForwardError.unknownSubscription(subscription)
            }
            try insertForwards([replay], db: db)
            guard let forward = try self.loadForward(id: replay.id, db: db) else {
                throw ForwardError.eventNotFound(eventID)
            }
            return forward
        }
    }
}
