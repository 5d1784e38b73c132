import SQLite

// The forwards to the user's applications, as a migration after the outbox's. Released
// migrations never change; new needs get a new version.
extension Schema {
    static let forwards: [Migration] = [
        Migration(version: 3, sql: """
            -- One row per forward of an event or a message state to one subscription, written in
            -- the transaction of what it tells of. `body` is the JSON it sends, the same on every
            -- attempt. Its line (subscription, provider, account, conversation) keeps order:
            -- `conversation` is '' for an event without one. `budget_start` is `attempts` when the
            -- current budget began; `holds_line` is 0 for a forward that must not hold younger
            -- ones back (an operator's retry of a failed one).
            CREATE TABLE forwards (
                seq             INTEGER PRIMARY KEY,
                id              TEXT    NOT NULL UNIQUE,
                subscription    TEXT    NOT NULL,
                type            TEXT    NOT NULL,
                event_id        TEXT,
                message_id      TEXT,
                provider        TEXT    NOT NULL,
                account         TEXT    NOT NULL,
                conversation    TEXT    NOT NULL,
                state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
                attempts        INTEGER NOT NULL,
                budget_start    INTEGER NOT NULL,
                holds_line      INTEGER NOT NULL,
                next_attempt_at REAL,
                created_at      REAL    NOT NULL,
                updated_at      REAL    NOT NULL,
                last_status     INTEGER,
                last_error      TEXT,
                reply_error     TEXT,
                body            BLOB    NOT NULL
            );
            -- The forwarder: what is due, and each line's forwards still in line (FIFO).
            CREATE INDEX forwards_due ON forwards(next_attempt_at) WHERE state = 'pending';
            CREATE INDEX forwards_in_line ON forwards(subscription, provider, account, conversation, seq)
                WHERE state IN ('pending', 'delivering') AND holds_line = 1;
            CREATE INDEX forwards_delivering ON forwards(seq) WHERE state = 'delivering';
            -- Lists, newest first, and their filters.
            CREATE INDEX forwards_created ON forwards(created_at);
            CREATE INDEX forwards_subscription ON forwards(subscription, created_at);
            CREATE INDEX forwards_event ON forwards(event_id) WHERE event_id IS NOT NULL;
            CREATE INDEX forwards_message ON forwards(message_id) WHERE message_id IS NOT NULL;

            -- Every attempt of a forward: `status` NULL when no answer came; `answer` the first
            -- 1 KiB of the answer's text.
            CREATE TABLE forward_attempts (
                forward_id  TEXT    NOT NULL,
                attempt     INTEGER NOT NULL,
                started_at  REAL    NOT NULL,
                duration_ms REAL,
                status      INTEGER,
                error       TEXT,
                answer      TEXT,
                PRIMARY KEY (forward_id, attempt)
            ) WITHOUT ROWID;
            """),
    ]

    /// A rule may hand an inbound message to an application, whose answer is the reply.
    static let forwardReplies: [Migration] = [
        Migration(version: 6, sql: """
            -- `rule`: the rule that handed the event to this subscription (NULL for a plain
            -- forward); `reply_by`: when an answer stops counting as the reply (the event's
            -- receipt plus the rule's reply_within_s).
            ALTER TABLE forwards ADD COLUMN rule TEXT;
            ALTER TABLE forwards ADD COLUMN reply_by REAL;
            """),
        Migration(version: 7, sql: """
            -- The forwarder's look at the lines of the oldest due forwards, from the index alone:
            -- read from the table, every row would bring its body along, thousands of times a
            -- second under a flood.
            -- (`state` and `holds_line` are in it so that SQLite reads no table row at all.)
            CREATE INDEX forwards_due_lines
                ON forwards(next_attempt_at, seq, subscription, provider, account, conversation, state, holds_line)
                WHERE state = 'pending' AND holds_line = 1;
            """),
    ]

    /// Only the head of each line is due; the forwards waiting behind it are not.
    static let forwardLines: [Migration] = [
        Migration(version: 8, sql: """
            -- A forward waiting behind an older one of its line (pending or delivering) has no due
            -- time: the line's head gets one when it leaves the line (delivered or failed). So
            -- the forwarder's look at what is due reads line heads only, never the thousands
            -- that may wait behind one forward in flight.
            UPDATE forwards SET next_attempt_at = NULL
            WHERE state = 'pending' AND holds_line = 1 AND EXISTS (
                SELECT 1 FROM forwards older
                WHERE older.subscription = forwards.subscription AND older.provider = forwards.provider
                  AND older.account = forwards.account AND older.conversation = forwards.conversation
                  AND older.state IN ('pending', 'delivering') AND older.holds_line = 1 AND older.seq < forwards.seq);
            DROP INDEX forwards_due_lines;
            CREATE INDEX forwards_due_heads ON forwards(next_attempt_at, seq)
                WHERE state = 'pending' AND holds_line = 1 AND next_attempt_at IS NOT NULL;
            -- The other due forwards: an operator's retries, outside any line.
            DROP INDEX forwards_due;
            CREATE INDEX forwards_due_retries ON forwards(next_attempt_at) WHERE state = 'pending' AND holds_line = 0;
            """),
    ]
}
