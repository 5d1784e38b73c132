// Only the head of each line is due, as on SQLite: the forwarder's look at what is due then reads
// line heads, never the thousands of forwards that may wait behind one in flight.
extension PostgresSchema {
    static let forwardLines = Migration(version: 6, sql: """
        -- A forward waiting behind an older one of its line (pending or delivering) has no due
        -- time: the line's head gives it one when it leaves the line (delivered or failed).
        UPDATE forwards SET next_attempt_at = NULL
        WHERE state = 'pending' AND holds_line AND EXISTS (
            SELECT 1 FROM forwards older
            WHERE older.subscription = forwards.subscription AND older.provider = forwards.provider
              AND older.account = forwards.account AND older.conversation = forwards.conversation
              AND older.state IN ('pending', 'delivering') AND older.holds_line AND older.seq < forwards.seq);
        -- What is due: heads and operators' retries, never the forwards waiting in a line.
        DROP INDEX forwards_due;
        CREATE INDEX forwards_due ON forwards (next_attempt_at, seq) WHERE state = 'pending' AND next_attempt_at IS NOT NULL;
        """)
}
