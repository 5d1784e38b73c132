import Delivery
import PostgreSQL

// The reconciler's writes. On a shared database the timer pass is also where leases live: it
// renews this instance's leases (sends and forwards in flight), and takes over the messages and
// forwards of an instance whose leases ran out. Every instance runs it; `SKIP LOCKED` hands each
// due row to one of them, and the row's state decides whether anything is left to do, so a
// timer fires once.
extension PostgresStore {
    public func tick(now: Double, limit: Int) async throws -> Int {
        let limit = max(0, limit)
        try await write { db in
            // Renewed once half the lease is gone: a row in flight is written every lease/2 seconds,
            // not on every pass.
            let renewal: [PostgresValue] = [.double(now + self.lease), .text(self.instance), .double(now + self.lease / 2)]
            try db.query("""
                UPDATE messages SET lease_until = $1 WHERE state = 'sending' AND lease_owner = $2 AND lease_until < $3
                """, renewal)
            try db.query("""
                UPDATE forwards SET lease_until = $1 WHERE state = 'delivering' AND lease_owner = $2 AND lease_until < $3
                """, renewal)
            try Self.foldCounts(db: db)
            try Self.forgetOldSends(now: now, db: db)
        }
        let recovered = try await recoverExpiredLeases(now: now, limit: limit, because: .recoverAfterLeaseExpired)
        try await recoverExpiredForwardLeases(now: now)
        let fired = try await write { db in try self.fireTimers(now: now, limit: max(0, limit - recovered), db: db) }
        return recovered + fired
    }

    private func fireTimers(now: Double, limit: Int, db: PostgresConnection) throws -> Int {
        guard limit > 0 else { return 0 }
        // Candidates only, each locked by this pass alone: whether a timer really fired is the
        // record's call.
        var due = try db.query("""
            SELECT id FROM messages WHERE confirm_at <= $1 ORDER BY confirm_at LIMIT $2 FOR UPDATE SKIP LOCKED
            """, [.double(now), .int(Int64(limit))]).compactMap { $0.text(0) }
        let expiring = try db.query("""
            SELECT id FROM messages WHERE awaiting_since <= $1 ORDER BY awaiting_since LIMIT $2 FOR UPDATE SKIP LOCKED
            """, [.double(now - policy.expireAfterSeconds), .int(Int64(limit))]).compactMap { $0.text(0) }
        var seen = Set(due)
        due += expiring.filter { seen.insert($0).inserted }
        var changed = 0
        for id in due.prefix(limit) {
            var row = try delivery(id, db: db)
            let before = row.record.state
            try apply(.tick, to: &row, at: now, db: db)
            if row.record.state != before { changed += 1 }
        }
        return changed
    }

    /// At start-up. Other instances may be sending right now, so only messages whose lease ran
    /// out are recovered — an instance that stopped (this one's previous run, or another that
    /// died) — as a new attempt whose timeline says `recovered after lease expired`; a message
    /// whose lease still runs is left to its instance, or to a later timer pass once it runs out.
    public func recoverAfterRestart(now: Double) async throws -> Int {
        var total = 0
        while true {
            let recovered = try await recoverExpiredLeases(now: now, limit: 1000, because: .recoverAfterLeaseExpired)
            total += recovered
            if recovered < 1000 { return total }
        }
    }

    /// Moves up to `limit` `sending` messages whose lease ran out back to `queued` (or to
    /// `accepted` when callbacks proved the request arrived). SERIALIZABLE, like every write that
    /// may apply callbacks. Wakes the dispatchers when it recovered any.
    func recoverExpiredLeases(now: Double, limit: Int, because event: DeliveryEvent) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await write(serializable: true) { db in
            let expired = try db.query("""
                SELECT id FROM messages WHERE state = 'sending' AND lease_until <= $1
                ORDER BY lease_until LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [.double(now), .int(Int64(limit))]).compactMap { $0.text(0) }
            for id in expired {
                var row = try self.delivery(id, db: db)
                try self.apply(event, to: &row, at: now, db: db)
            }
            if !expired.isEmpty { try PostgresWakeups.notify(.outbox, db: db) }
            return expired.count
        }
    }

    /// Folds the count rows the triggers add into one row per state (or subscription), once they
    /// are many. Two instances folding at once each fold what they see; the sums stay right.
    static func foldCounts(db: PostgresConnection) throws {
        let pending = try db.query("""
            SELECT (SELECT count(*) FROM message_count_deltas), (SELECT count(*) FROM subscription_activity_deltas)
            """).first
        if (pending?.int(0) ?? 0) > 256 {
            try db.query("""
                WITH gone AS (DELETE FROM message_count_deltas RETURNING state, delta)
                INSERT INTO message_count_deltas (state, delta) SELECT state, sum(delta) FROM gone GROUP BY state
                """)
        }
        if (pending?.int(1) ?? 0) > 256 {
            try db.query("""
                WITH gone AS (DELETE FROM subscription_activity_deltas RETURNING *)
                INSERT INTO subscription_activity_deltas
                    (subscription, pending, delivering, delivered, failed, last_success_at, last_failure_at)
                SELECT subscription, sum(pending), sum(delivering), sum(delivered), sum(failed), max(last_success_at),
                       max(last_failure_at)
                FROM gone GROUP BY subscription
                """)
        }
        try PostgresSchema.foldSummaries(db: db)
    }
}
