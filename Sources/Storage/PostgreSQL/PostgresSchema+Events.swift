// The events, as the first migration. Times are Unix seconds in double precision, as in the
// SQLite engine; `seq` is arrival order.
extension PostgresSchema {
    static let events = Migration(version: 1, sql: """
        -- Every webhook and callback, stored before it is answered. `raw` keeps the body as
        -- received, so nothing a provider said is lost to decoding.
        CREATE TABLE events (
            seq             bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id              text    NOT NULL UNIQUE,
            provider        text    NOT NULL,
            account         text    NOT NULL,
            kind            text    NOT NULL,
            provider_type   text,
            conversation    text,
            sender          text,
            text            text,
            provider_msg_id text,
            api_send_id     text,
            api_send_svrid  text,
            error           text,
            is_self         boolean NOT NULL,
            is_group        boolean,
            mentions        text,
            message_id      text,
            received_at     double precision NOT NULL,
            raw             bytea   NOT NULL
        );
        CREATE INDEX events_received_at ON events (received_at, seq);
        CREATE INDEX events_api_send_id ON events (api_send_id) WHERE api_send_id IS NOT NULL;
        CREATE INDEX events_api_send_svrid ON events (api_send_svrid) WHERE api_send_svrid IS NOT NULL;

        -- Redelivery detection: one row per dedupe key. The PRIMARY KEY is what makes two
        -- identical requests store one event, whichever instances took them: the second INSERT
        -- waits for the first's transaction and then finds its key. `windowed` keys (body
        -- hashes) count only within dedupe_window_s of `first_seen`.
        CREATE TABLE event_keys (
            key        text    PRIMARY KEY,
            event_id   text    NOT NULL,
            first_seen double precision NOT NULL,
            windowed   boolean NOT NULL
        );
        CREATE INDEX event_keys_windowed ON event_keys (first_seen) WHERE windowed;
        -- Retention deletes an event's keys with it.
        CREATE INDEX event_keys_event ON event_keys (event_id);

        -- A row per instance that the health check rewrites to prove the database takes writes
        -- (one per instance, so health checks of several instances never wait on each other).
        CREATE TABLE health_probe (instance text PRIMARY KEY, checked_at double precision NOT NULL);
        """)
}
