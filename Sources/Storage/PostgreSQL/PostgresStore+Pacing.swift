import Core
import Delivery
import PostgreSQL

// `pacing.per_account_per_minute` across instances: an account's budget is the account's, not each
// instance's. Starting an attempt takes the account's lock row, counts what the account sent in
// the last minute (every instance's attempts), and refuses (`paced`) when the message's items do
// not fit; otherwise it writes its own items down, in the transaction that starts the attempt.
extension PostgresStore {
    /// The sliding window of `pacing`, in seconds.
    static let pacingWindow = 60.0

    /// Takes the items of an attempt of `message` from its account's budget at `now`, or throws
    /// `OutboxError.paced` with the time they would fit. Does nothing without a pacing limit. The
    /// account's row is locked already (`lockPacing`, before the message's line).
    func takePacing(messageID: String, provider: Provider, account: String, items: Int, now: Double,
                    db: PostgresConnection) throws {
        guard let limit = pacingLimit else { return }
        let key: [PostgresValue] = [.text(provider.rawValue), .text(account)]
        try lockPacing(provider: provider, account: account, db: db)
        var pacer = SlidingWindowPacer(limit: limit, window: Self.pacingWindow)
        for row in try db.query("""
            SELECT started_at, items FROM pacing_sends
            WHERE provider = $1 AND account = $2 AND started_at > $3 ORDER BY started_at
            """, key + [.double(now - Self.pacingWindow)]) {
            pacer.record(account, count: row.int(1) ?? 0, at: row.double(0) ?? now)
        }
        if let slot = pacer.nextSlot(account, count: items, now: now) {
            throw OutboxError.paced(messageID: messageID, until: slot)
        }
        try db.query("INSERT INTO pacing_sends (provider, account, started_at, items) VALUES ($1, $2, $3, $4)",
                     key + [.double(now), .int(Int64(items))])
    }

    /// Locks the account's pacing row (made on its first send) until the transaction ends: starts
    /// of one account check and take its budget one after the other. Nothing without a limit.
    func lockPacing(provider: Provider, account: String, db: PostgresConnection) throws {
        guard pacingLimit != nil else { return }
        let key: [PostgresValue] = [.text(provider.rawValue), .text(account)]
        try db.query("INSERT INTO pacing_accounts (provider, account) VALUES ($1, $2) ON CONFLICT DO NOTHING", key)
        try db.query("SELECT 1 FROM pacing_accounts WHERE provider = $1 AND account = $2 FOR UPDATE", key)
    }

    /// Forgets sends older than the window (the timer pass).
    static func forgetOldSends(now: Double, db: PostgresConnection) throws {
        try db.query("DELETE FROM pacing_sends WHERE started_at <= $1", [.double(now - pacingWindow)])
    }
}
