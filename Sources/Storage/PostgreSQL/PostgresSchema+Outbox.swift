// The outbox, as the second migration: the same tables as the SQLite engine's, plus the lease
// of a message in flight, and counts kept as rows to add up rather than one row to update.
extension PostgresSchema {
    static let outbox = Migration(version: 2, sql: """
        -- One row per message wxhook sends, committed before any provider is called. `record` is
        -- the DeliveryRecord as JSON, the one source of truth of the delivery; the other delivery
        -- columns are copies of it for indexes, filters and stats. While `sending`, the message
        -- belongs to `lease_owner` (an instance) until `lease_until`, which that instance renews;
        -- once it runs out, any instance may recover the message.
        CREATE TABLE messages (
            seq              bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id               text    NOT NULL UNIQUE,
            provider         text    NOT NULL,
            account          text    NOT NULL,
            conversation     text    NOT NULL,
            chat             text    NOT NULL,
            items            text    NOT NULL,
            origin           text    NOT NULL CHECK (origin IN ('api', 'rule')),
            rule             text,
            in_reply_to      text,
            state            text    NOT NULL,
            record           text    NOT NULL,
            next_action_at   double precision,
            created_at       double precision NOT NULL,
            updated_at       double precision NOT NULL,
            error            text,
            attempts         integer NOT NULL,
            provider_ids     text    NOT NULL,
            first_started_at double precision,
            accepted_at      double precision,
            delivered_at     double precision,
            awaiting_since   double precision,
            confirm_at       double precision,
            timeline_length  integer NOT NULL,
            lease_owner      text,
            lease_until      double precision
        );
        CREATE INDEX messages_created ON messages (created_at, seq);
        CREATE INDEX messages_account ON messages (provider, account, created_at);
        CREATE INDEX messages_conversation ON messages (conversation, created_at);
        CREATE INDEX messages_unhappy ON messages (created_at) WHERE state IN ('failed', 'expired', 'cancelled');
        CREATE INDEX messages_rules ON messages (created_at) WHERE origin = 'rule';
        -- Retention keeps an event while a reply to it is under way.
        CREATE INDEX messages_reply_to ON messages (in_reply_to) WHERE in_reply_to IS NOT NULL;
        -- The dispatcher: what is due, a conversation's messages still in line (FIFO), and the
        -- leases of messages in flight.
        CREATE INDEX messages_queued_due ON messages (next_action_at) WHERE state = 'queued';
        CREATE INDEX messages_queued_due_account ON messages (provider, account, next_action_at)
            WHERE state = 'queued';
        CREATE INDEX messages_in_line ON messages (conversation, provider, account, seq)
            WHERE state IN ('queued', 'sending');
        CREATE INDEX messages_leases ON messages (lease_owner, lease_until) WHERE state = 'sending';
        -- The reconciler's timers.
        CREATE INDEX messages_awaiting ON messages (awaiting_since) WHERE awaiting_since IS NOT NULL;
        CREATE INDEX messages_confirm ON messages (confirm_at) WHERE confirm_at IS NOT NULL;

        -- How many messages are in each state: every change adds rows (+1 to the new state, -1 to
        -- the old), which never wait on each other the way one counter row per state would under
        -- many writers; the timer pass folds them into one row per state now and then.
        CREATE TABLE message_count_deltas (state text NOT NULL, delta bigint NOT NULL);
        CREATE FUNCTION wxhook_count_message() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO message_count_deltas (state, delta) VALUES (NEW.state, 1);
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO message_count_deltas (state, delta) VALUES (OLD.state, -1);
            ELSIF NEW.state <> OLD.state THEN
                INSERT INTO message_count_deltas (state, delta) VALUES (NEW.state, 1), (OLD.state, -1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER messages_counted AFTER INSERT OR DELETE OR UPDATE OF state ON messages
            FOR EACH ROW EXECUTE FUNCTION wxhook_count_message();

        -- Every state change of a message, and every event that changed nothing (from = to).
        -- `seq` counts 1, 2, 3 … per message.
        CREATE TABLE timeline (
            message_id text    NOT NULL,
            seq        integer NOT NULL,
            time       double precision NOT NULL,
            from_state text,
            to_state   text    NOT NULL,
            cause      text    NOT NULL,
            PRIMARY KEY (message_id, seq)
        );

        -- Callback correlation: every api_send_id wxhook generated and every provider id
        -- (api_send_svrid) a provider answered with, to its message, attempt and item (0-based).
        CREATE TABLE correlations (
            kind       text    NOT NULL CHECK (kind IN ('api_send_id', 'api_send_svrid')),
            id         text    NOT NULL,
            message_id text    NOT NULL,
            attempt    integer NOT NULL,
            item       integer NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX correlations_message ON correlations (message_id);

        -- POST /api/send Idempotency-Key: the first answer, remembered 24 hours.
        CREATE TABLE idempotency_keys (
            key        text PRIMARY KEY,
            body_hash  text NOT NULL,
            answer     text NOT NULL,
            created_at double precision NOT NULL
        );
        CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
        """)
}
