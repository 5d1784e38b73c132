import Delivery
import SQLite

// The reconciler's writes: timers that fell due, and the start-up recovery. Both read their work
// from the database alone, so they are as correct after a restart as before it.
extension SQLiteStore {
    /// Applies `.tick` to up to `limit` `accepted`/`echoed` messages whose timer is due at `now`
    /// (confirmations first, then expiries, oldest first): `echoed` → `delivered` after `confirm_after_s`,
    /// `accepted`/`echoed` → `expired` after `expire_after_s`. Returns how many changed state;
    /// call again while it returns `limit`.
    public func tick(now: Double, limit: Int) async throws -> Int {
        try await writer.write { db in try self.tick(now: now, limit: limit, db: db) }
    }

    func tick(now: Double, limit: Int, db: Connection) throws -> Int {
        let limit = Int64(max(0, limit))
        // Candidates only: whether a timer really fired is the record's call.
        var due = try db.query(
            "SELECT id FROM messages INDEXED BY messages_confirm WHERE confirm_at <= ? ORDER BY confirm_at LIMIT ?",
            [.real(now), .integer(limit)]).compactMap { $0.string(0) }
        let expiring = try db.query("""
            SELECT id FROM messages INDEXED BY messages_awaiting WHERE awaiting_since <= ?
            ORDER BY awaiting_since LIMIT ?
            """, [.real(now - policy.expireAfterSeconds), .integer(limit)]).compactMap { $0.string(0) }
        var seen = Set(due)
        due += expiring.filter { seen.insert($0).inserted }
        var changed = 0
        for id in due.prefix(Int(limit)) {
            var row = try delivery(id, db: db)
            let before = row.record.state
            try apply(.tick, to: &row, at: now, db: db)
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

    func recoverAfterRestart(now: Double, db: Connection) throws -> Int {
        let sending = try db.query("SELECT id FROM messages INDEXED BY messages_sending WHERE state = 'sending'")
            .compactMap { $0.string(0) }
        for id in sending {
            var row = try delivery(id, db: db)
            try apply(.recoverAfterRestart, to: &row, at: now, db: db)
        }
        return sending.count
    }
}
