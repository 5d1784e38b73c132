import SQLite

/// The outbox tables, as migrations that follow the events schema (version 1). Released
/// migrations never change; new needs get a new version.
public enum OutboxSchema {
    public static let migrations: [Migration] = [
        Migration(version: 2, sql: """
            -- One row per message wxhook sends, committed before any provider is called.
            -- `record` is the DeliveryRecord as JSON: the one source of truth of the delivery.
            -- `state`, `next_action_at`, `error`, `attempts`, `provider_ids`, `updated_at` and the
            -- latency columns (`first_started_at`, `accepted_at`, `delivered_at`) are copies of it,
            -- written in the same UPDATE, for indexes, filters and stats.
            CREATE TABLE messages (
                seq              INTEGER PRIMARY KEY,
                id               TEXT    NOT NULL UNIQUE,
                provider         TEXT    NOT NULL,
                account          TEXT    NOT NULL,
                conversation     TEXT    NOT NULL,
                chat             TEXT    NOT NULL,
                items            TEXT    NOT NULL,
                origin           TEXT    NOT NULL CHECK (origin IN ('api', 'rule')),
                rule             TEXT,
                in_reply_to      TEXT,
                state            TEXT    NOT NULL,
                record           TEXT    NOT NULL,
                next_action_at   REAL,
                created_at       REAL    NOT NULL,
                updated_at       REAL    NOT NULL,
                error            TEXT,
                attempts         INTEGER NOT NULL,
                provider_ids     TEXT    NOT NULL,
                first_started_at REAL,
                accepted_at      REAL,
                delivered_at     REAL,
                timeline_length  INTEGER NOT NULL
            );
            -- Lists (newest first) and their filters; stats over a time window.
            CREATE INDEX messages_created ON messages(created_at);
            CREATE INDEX messages_state ON messages(state, created_at);
            CREATE INDEX messages_account ON messages(provider, account, created_at);
            CREATE INDEX messages_conversation ON messages(conversation, created_at);
            -- Per-conversation FIFO: the messages still queued or sending. Partial, so the
            -- receipts' state changes (accepted → echoed → delivered) never touch it.
            CREATE INDEX messages_in_line ON messages(conversation, provider, account)
                WHERE state IN ('queued', 'sending');
            -- What is due: the dispatcher's queue (all accounts, or one account for its pacing)
            -- and the reconciler's timers. Partial, so final messages cost these indexes nothing.
            CREATE INDEX messages_queued_due ON messages(next_action_at) WHERE state = 'queued';
            CREATE INDEX messages_queued_due_account ON messages(provider, account, next_action_at)
                WHERE state = 'queued';
            CREATE INDEX messages_awaiting_due ON messages(next_action_at) WHERE state IN ('accepted', 'echoed');

            -- Every state change of a message, and every event that changed nothing (from = to).
            -- `seq` counts 1, 2, 3 … per message; rows chain (a row's from_state is the previous to_state).
            CREATE TABLE timeline (
                message_id TEXT    NOT NULL,
                seq        INTEGER NOT NULL,
                time       REAL    NOT NULL,
                from_state TEXT,
                to_state   TEXT    NOT NULL,
                cause      TEXT    NOT NULL,
                PRIMARY KEY (message_id, seq)
            ) WITHOUT ROWID;

            -- Callback correlation: every api_send_id wxhook generated and every provider id
            -- (api_send_svrid) a provider answered with, to its message, attempt and item (0-based).
            CREATE TABLE correlations (
                kind       TEXT    NOT NULL CHECK (kind IN ('api_send_id', 'api_send_svrid')),
                id         TEXT    NOT NULL,
                message_id TEXT    NOT NULL,
                attempt    INTEGER NOT NULL,
                item       INTEGER NOT NULL,
                PRIMARY KEY (kind, id)
            ) WITHOUT ROWID;

            -- POST /api/send Idempotency-Key: the first answer, remembered 24 hours.
            CREATE TABLE idempotency_keys (
                key        TEXT PRIMARY KEY,
                body_hash  TEXT NOT NULL,
                answer     TEXT NOT NULL,
                created_at REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
            """),
    ]
}
