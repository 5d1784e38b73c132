import Delivery
import SQLite

// The reconciler's writes: timers that fell due, and the start-up recovery. Both read their work
// from the database alone, so they are as correct after a restart as before it.
extension OutboxStore {
    /// Applies `.tick` to up to `limit` `accepted`/`echoed` messages whose timer is due at `now`
    /// (oldest deadline first): `echoed` → `delivered` after `confirm_after_s`,
    /// `accepted`/`echoed` → `expired` after `expire_after_s`. Returns how many changed state;
    /// call again while it returns `limit`.
    public func tick(now: Double, limit: Int = 1000) async throws -> Int {
        try await writer.write { db in try self.tick(now: now, limit: limit, db: db) }
    }

    public func tick(now: Double, limit: Int, db: Connection) throws -> Int {
        let due = try db.query("""
            SELECT id FROM messages INDEXED BY messages_awaiting_due
            WHERE state IN ('accepted', 'echoed') AND next_action_at <= ?
            ORDER BY next_action_at LIMIT ?
            """, [.real(now), .integer(Int64(max(0, limit)))]).compactMap { $0.string(0) }
        var changed = 0
        for id in due {
            var row = try delivery(id, db: db)
            let before = row.record.state
            try row.apply(.tick, at: now, policy: policy, db: db)
            if row.record.state != before { changed += 1 }
        }
        return changed
    }

    /// At start-up, before the dispatcher runs: every `sending` message may or may not have
    /// reached its provider, and goes back to `queued` as a new attempt (or counts as accepted
    /// when callbacks already proved it arrived). Returns how many were recovered.
    public func recoverAfterRestart(now: Double) async throws -> Int {
        try await writer.write { db in try self.recoverAfterRestart(now: now, db: db) }
    }

    public func recoverAfterRestart(now: Double, db: Connection) throws -> Int {
        let sending = try db.query("SELECT id FROM messages WHERE state = 'sending'").compactMap { $0.string(0) }
        for id in sending {
            var row = try delivery(id, db: db)
            try row.apply(.recoverAfterRestart, at: now, policy: policy, db: db)
        }
        return sending.count
    }
}
