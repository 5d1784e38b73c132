import SQLite

/// The database schema, one migration per version (`PRAGMA user_version`). A migration, once
/// released, never changes: new needs get a new version.
enum Schema {
    /// Every migration of the database: the events (1), the outbox (2), the forwards (3), what
    /// `GET /api/subscriptions` shows of them (4), the indexes pruning uses (5), replies from
    /// applications (6), the forwarder's covering index of due lines (7), only line heads due (8), the
    /// admin reads' summaries and indexes (9), callback ids indexed for orphans only (10).
    static let migrations: [Migration] = events + outbox + forwards + forwardActivity + retention + forwardReplies
        + forwardLines + adminReads + orphanCallbacks

    static let events: [Migration] = [
        Migration(version: 1, sql: """
            -- Every webhook and callback, stored before it is answered. `raw` keeps the body as
            -- received, so nothing a provider said is lost to decoding.
            CREATE TABLE events (
                seq             INTEGER PRIMARY KEY,
                id              TEXT    NOT NULL UNIQUE,
                provider        TEXT    NOT NULL,
                account         TEXT    NOT NULL,
                kind            TEXT    NOT NULL,
                provider_type   TEXT,
                conversation    TEXT,
                sender          TEXT,
                text            TEXT,
                provider_msg_id TEXT,
                api_send_id     TEXT,
                api_send_svrid  TEXT,
                error           TEXT,
                is_self         INTEGER NOT NULL,
                is_group        INTEGER,
                mentions        TEXT,
                message_id      TEXT,
                received_at     REAL    NOT NULL,
                raw             BLOB    NOT NULL
            );
            CREATE INDEX events_received_at ON events(received_at);
            CREATE INDEX events_api_send_id ON events(api_send_id) WHERE api_send_id IS NOT NULL;
            CREATE INDEX events_api_send_svrid ON events(api_send_svrid) WHERE api_send_svrid IS NOT NULL;

            -- Redelivery detection: one row per dedupe key (docs/providers.md, "Recognising
            -- redeliveries"). The PRIMARY KEY is the UNIQUE constraint that makes two identical
            -- requests store one event, and it lives in the database, so it holds across restarts.
            -- `windowed` keys (body hashes) count only within dedupe_window_s of `first_seen`; keys
            -- built from provider ids count forever.
            CREATE TABLE event_keys (
                key        TEXT    PRIMARY KEY,
                event_id   TEXT    NOT NULL,
                first_seen REAL    NOT NULL,
                windowed   INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX event_keys_windowed ON event_keys(first_seen) WHERE windowed = 1;

            -- A row the health check rewrites to prove the database takes writes.
            CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at REAL NOT NULL);
            """),
    ]
}
