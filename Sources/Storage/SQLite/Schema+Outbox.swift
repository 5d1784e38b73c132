import SQLite

// The outbox tables, as migrations that follow the events schema (version 1). Released
// migrations never change; new needs get a new version.
extension Schema {
    static let outbox: [Migration] = [
        Migration(version: 2, sql: """
            -- One row per message wxhook sends, committed before any provider is called.
            -- `record` is the DeliveryRecord as JSON: the one source of truth of the delivery.
            -- The other delivery columns are copies of it, written in the same UPDATE, for indexes,
            -- filters and stats: `state`, `next_action_at`, `error`, `attempts`, `provider_ids`,
            -- `updated_at`; `first_started_at`, `accepted_at`, `delivered_at` (latencies);
            -- `awaiting_since` (acceptance, while accepted/echoed) and `confirm_at` (while echoed:
            -- the record's next timer), which the reconciler's indexes use.
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
                awaiting_since   REAL,
                confirm_at       REAL,
                timeline_length  INTEGER NOT NULL
            );
            -- Lists (newest first) and their filters; stats over a time window. These keys never
            -- change after the INSERT. There is deliberately no index on every `state`: a receipt
            -- would move its entry at each step, and receipts are the hot path. Lists filtered by
            -- state walk `messages_created`, except for the rare unhappy states an operator looks
            -- for, which have their own; counts come from `message_counts`.
            CREATE INDEX messages_created ON messages(created_at);
            CREATE INDEX messages_account ON messages(provider, account, created_at);
            CREATE INDEX messages_conversation ON messages(conversation, created_at);
            CREATE INDEX messages_unhappy ON messages(created_at) WHERE state IN ('failed', 'expired', 'cancelled');
            -- The dispatcher: what is due (all accounts, or one account for its pacing; covering,
            -- `state` included, so the scan reads no rows), a conversation's messages still in
            -- line (FIFO), and the start-up recovery. Partial, so a message leaves them once it is
            -- on its way.
            CREATE INDEX messages_queued_due ON messages(next_action_at, provider, account, conversation, state)
                WHERE state = 'queued';
            CREATE INDEX messages_queued_due_account
                ON messages(provider, account, next_action_at, conversation, state) WHERE state = 'queued';
            CREATE INDEX messages_in_line ON messages(conversation, provider, account)
                WHERE state IN ('queued', 'sending');
            CREATE INDEX messages_sending ON messages(created_at) WHERE state = 'sending';
            -- The reconciler's timers: expiry counts from acceptance, confirmation from the last
            -- echo. An echo leaves `awaiting_since` alone and adds a `confirm_at` near the end of
            -- its index, so a receipt touches no index page at random.
            CREATE INDEX messages_awaiting ON messages(awaiting_since) WHERE awaiting_since IS NOT NULL;
            CREATE INDEX messages_confirm ON messages(confirm_at) WHERE confirm_at IS NOT NULL;

            -- How many messages are in each state, kept with every change (/health, /metrics).
            CREATE TABLE message_counts (state TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO message_counts (state, count) VALUES ('queued', 0), ('sending', 0), ('accepted', 0),
                ('echoed', 0), ('delivered', 0), ('sent', 0), ('failed', 0), ('expired', 0), ('cancelled', 0);

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
