// The forwards to the user's applications and what `GET /api/subscriptions` shows of them, as
// the third migration.
extension PostgresSchema {
    static let forwards = Migration(version: 3, sql: """
        -- One row per forward of an event or a message state to one subscription, written in the
        -- transaction of what it tells of. Its line (subscription, provider, account,
        -- conversation) keeps order; `holds_line` is false for an operator's retry of a failed
        -- one. `rule` is the rule that handed the event to this subscription (the answer may be
        -- its reply, until `reply_by`). While `delivering` it carries a lease like a message in
        -- flight.
        CREATE TABLE forwards (
            seq             bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id              text    NOT NULL UNIQUE,
            subscription    text    NOT NULL,
            type            text    NOT NULL,
            event_id        text,
            message_id      text,
            provider        text    NOT NULL,
            account         text    NOT NULL,
            conversation    text    NOT NULL,
            state           text    NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
            attempts        integer NOT NULL,
            budget_start    integer NOT NULL,
            holds_line      boolean NOT NULL,
            next_attempt_at double precision,
            created_at      double precision NOT NULL,
            updated_at      double precision NOT NULL,
            last_status     integer,
            last_error      text,
            reply_error     text,
            rule            text,
            reply_by        double precision,
            body            bytea   NOT NULL,
            lease_owner     text,
            lease_until     double precision
        );
        CREATE INDEX forwards_due ON forwards (next_attempt_at, seq) WHERE state = 'pending';
        CREATE INDEX forwards_in_line ON forwards (subscription, provider, account, conversation, seq)
            WHERE state IN ('pending', 'delivering') AND holds_line;
        CREATE INDEX forwards_leases ON forwards (lease_owner, lease_until) WHERE state = 'delivering';
        CREATE INDEX forwards_created ON forwards (created_at, seq);
        CREATE INDEX forwards_subscription ON forwards (subscription, created_at);
        CREATE INDEX forwards_event ON forwards (event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX forwards_message ON forwards (message_id) WHERE message_id IS NOT NULL;

        -- Every attempt of a forward: `status` NULL when no answer came; `answer` the first 1 KiB.
        CREATE TABLE forward_attempts (
            forward_id  text    NOT NULL,
            attempt     integer NOT NULL,
            started_at  double precision NOT NULL,
            duration_ms double precision,
            status      integer,
            error       text,
            answer      text,
            PRIMARY KEY (forward_id, attempt)
        );

        -- Per subscription: forwards by state and the last success and failure, as rows added by
        -- triggers (never one row updated by every writer) and summed when read; the timer pass
        -- folds them now and then. A subscription appears with its first forward.
        CREATE TABLE subscription_activity_deltas (
            subscription    text   NOT NULL,
            pending         bigint NOT NULL DEFAULT 0,
            delivering      bigint NOT NULL DEFAULT 0,
            delivered       bigint NOT NULL DEFAULT 0,
            failed          bigint NOT NULL DEFAULT 0,
            last_success_at double precision,
            last_failure_at double precision
        );
        CREATE INDEX subscription_activity_deltas_subscription ON subscription_activity_deltas (subscription);

        CREATE FUNCTION wxhook_count_forward() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO subscription_activity_deltas (subscription, pending, delivering, delivered, failed)
                VALUES (NEW.subscription, (NEW.state = 'pending')::int, (NEW.state = 'delivering')::int,
                        (NEW.state = 'delivered')::int, (NEW.state = 'failed')::int);
            ELSIF TG_OP = 'DELETE' THEN
                INSERT INTO subscription_activity_deltas (subscription, pending, delivering, delivered, failed)
                VALUES (OLD.subscription, -(OLD.state = 'pending')::int, -(OLD.state = 'delivering')::int,
                        -(OLD.state = 'delivered')::int, -(OLD.state = 'failed')::int);
            ELSIF NEW.state <> OLD.state THEN
                INSERT INTO subscription_activity_deltas (subscription, pending, delivering, delivered, failed)
                VALUES (NEW.subscription,
                        (NEW.state = 'pending')::int - (OLD.state = 'pending')::int,
                        (NEW.state = 'delivering')::int - (OLD.state = 'delivering')::int,
                        (NEW.state = 'delivered')::int - (OLD.state = 'delivered')::int,
                        (NEW.state = 'failed')::int - (OLD.state = 'failed')::int);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER forwards_counted AFTER INSERT OR DELETE OR UPDATE OF state ON forwards
            FOR EACH ROW EXECUTE FUNCTION wxhook_count_forward();

        -- An attempt ends when its duration is written: 2xx is a success, anything else (another
        -- status, no answer) a failure, at the time the attempt ended.
        CREATE FUNCTION wxhook_forward_attempt_ended() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO subscription_activity_deltas (subscription, last_success_at, last_failure_at)
            SELECT subscription,
                   CASE WHEN NEW.status BETWEEN 200 AND 299 THEN NEW.started_at + NEW.duration_ms / 1000.0 END,
                   CASE WHEN NEW.status BETWEEN 200 AND 299 THEN NULL
                        ELSE NEW.started_at + NEW.duration_ms / 1000.0 END
            FROM forwards WHERE id = NEW.forward_id;
            RETURN NULL;
        END $$;
        CREATE TRIGGER forward_attempt_ended AFTER UPDATE OF duration_ms ON forward_attempts
            FOR EACH ROW WHEN (OLD.duration_ms IS NULL AND NEW.duration_ms IS NOT NULL)
            EXECUTE FUNCTION wxhook_forward_attempt_ended();
        """)
}
