import PostgreSQL

// What the admin API's reads stand on at a million rows (docs/storage.md, "Admin reads"), as the
// fifth migration: the same summaries as the SQLite engine's, kept by triggers, but as rows to add
// up (like `message_count_deltas`) — every change adds a row, never waiting on another instance's
// transaction the way one counter row per hour would — which the timer pass folds now and then
// (`folded`: one row per key). And an index for every filter of the lists.
extension PostgresSchema {
    /// The tables of counts the triggers add to, and the columns that key a count in each.
    static let summaryTables: [(table: String, key: String)] = [
        ("message_summary", "hour, provider, account, state"),
        ("message_latency", "hour, provider, account, measure, bin"),
        ("event_summary", "hour, provider, account, kind"),
    ]

    static let adminReads = Migration(version: 5, sql: """
        -- The latency histograms' fixed bins (LatencyBins): bin k holds [lower_ms(k),
        -- lower_ms(k + 1)); bin 0, which has no row, everything below bin 1.
        CREATE TABLE latency_bins (lower_ms double precision PRIMARY KEY, bin integer NOT NULL);
        INSERT INTO latency_bins (bin, lower_ms) VALUES \(LatencyBins.rows);
        CREATE FUNCTION wxhook_latency_bin(ms double precision) RETURNS integer LANGUAGE sql STABLE AS $$
            SELECT coalesce((SELECT bin FROM latency_bins WHERE lower_ms <= ms ORDER BY lower_ms DESC LIMIT 1), 0)
        $$;

        -- Messages by the hour they were created in (floor(created_at / 3600)), provider, account
        -- and state; their latencies (accept: first attempt → taken; confirm: taken → delivered)
        -- by the same hour in latency bins; events by the hour they were received in and kind.
        CREATE TABLE message_summary (
            hour bigint NOT NULL, provider text NOT NULL, account text NOT NULL, state text NOT NULL,
            count bigint NOT NULL, folded boolean NOT NULL DEFAULT false
        );
        CREATE TABLE message_latency (
            hour bigint NOT NULL, provider text NOT NULL, account text NOT NULL,
            measure text NOT NULL CHECK (measure IN ('accept', 'confirm')), bin integer NOT NULL,
            count bigint NOT NULL, folded boolean NOT NULL DEFAULT false
        );
        CREATE TABLE event_summary (
            hour bigint NOT NULL, provider text NOT NULL, account text NOT NULL, kind text NOT NULL,
            count bigint NOT NULL, folded boolean NOT NULL DEFAULT false
        );
        \(summaryTables.map { table, key in """
            CREATE INDEX \(table)_hour ON \(table) (hour);
            CREATE UNIQUE INDEX \(table)_folded ON \(table) (\(key)) WHERE folded;
            CREATE INDEX \(table)_pending ON \(table) (hour) WHERE NOT folded;
            """ }.joined(separator: "\n"))

        CREATE FUNCTION wxhook_summarize_state(m messages, delta integer) RETURNS void LANGUAGE sql AS $$
            INSERT INTO message_summary (hour, provider, account, state, count)
            VALUES (floor(m.created_at / 3600)::bigint, m.provider, m.account, m.state, delta)
        $$;
        CREATE FUNCTION wxhook_summarize_accept(m messages, delta integer) RETURNS void LANGUAGE sql AS $$
            INSERT INTO message_latency (hour, provider, account, measure, bin, count)
            SELECT floor(m.created_at / 3600)::bigint, m.provider, m.account, 'accept',
                   wxhook_latency_bin((m.accepted_at - m.first_started_at) * 1000.0), delta
            WHERE m.accepted_at IS NOT NULL AND m.first_started_at IS NOT NULL
        $$;
        CREATE FUNCTION wxhook_summarize_confirm(m messages, delta integer) RETURNS void LANGUAGE sql AS $$
            INSERT INTO message_latency (hour, provider, account, measure, bin, count)
            SELECT floor(m.created_at / 3600)::bigint, m.provider, m.account, 'confirm',
                   wxhook_latency_bin((m.delivered_at - m.accepted_at) * 1000.0), delta
            WHERE m.delivered_at IS NOT NULL AND m.accepted_at IS NOT NULL
        $$;
        CREATE FUNCTION wxhook_summarize_message() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM wxhook_summarize_state(NEW, 1);
                PERFORM wxhook_summarize_accept(NEW, 1);
                PERFORM wxhook_summarize_confirm(NEW, 1);
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM wxhook_summarize_state(OLD, -1);
                PERFORM wxhook_summarize_accept(OLD, -1);
                PERFORM wxhook_summarize_confirm(OLD, -1);
            ELSE
                IF NEW.state IS DISTINCT FROM OLD.state THEN
                    PERFORM wxhook_summarize_state(OLD, -1);
                    PERFORM wxhook_summarize_state(NEW, 1);
                END IF;
                IF NEW.first_started_at IS DISTINCT FROM OLD.first_started_at
                   OR NEW.accepted_at IS DISTINCT FROM OLD.accepted_at THEN
                    PERFORM wxhook_summarize_accept(OLD, -1);
                    PERFORM wxhook_summarize_accept(NEW, 1);
                END IF;
                IF NEW.accepted_at IS DISTINCT FROM OLD.accepted_at
                   OR NEW.delivered_at IS DISTINCT FROM OLD.delivered_at THEN
                    PERFORM wxhook_summarize_confirm(OLD, -1);
                    PERFORM wxhook_summarize_confirm(NEW, 1);
                END IF;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER messages_summarized
            AFTER INSERT OR DELETE OR UPDATE OF state, first_started_at, accepted_at, delivered_at ON messages
            FOR EACH ROW EXECUTE FUNCTION wxhook_summarize_message();
        CREATE FUNCTION wxhook_summarize_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO event_summary (hour, provider, account, kind, count)
                VALUES (floor(NEW.received_at / 3600)::bigint, NEW.provider, NEW.account, NEW.kind, 1);
            ELSE
                INSERT INTO event_summary (hour, provider, account, kind, count)
                VALUES (floor(OLD.received_at / 3600)::bigint, OLD.provider, OLD.account, OLD.kind, -1);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER events_summarized AFTER INSERT OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION wxhook_summarize_event();

        -- What is there already, folded.
        INSERT INTO message_summary (hour, provider, account, state, count, folded)
            SELECT floor(created_at / 3600)::bigint, provider, account, state, count(*), true
            FROM messages GROUP BY 1, 2, 3, 4;
        INSERT INTO message_latency (hour, provider, account, measure, bin, count, folded)
            SELECT floor(created_at / 3600)::bigint, provider, account, 'accept',
                   wxhook_latency_bin((accepted_at - first_started_at) * 1000.0), count(*), true
            FROM messages WHERE accepted_at IS NOT NULL AND first_started_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO message_latency (hour, provider, account, measure, bin, count, folded)
            SELECT floor(created_at / 3600)::bigint, provider, account, 'confirm',
                   wxhook_latency_bin((delivered_at - accepted_at) * 1000.0), count(*), true
            FROM messages WHERE delivered_at IS NOT NULL AND accepted_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
        INSERT INTO event_summary (hour, provider, account, kind, count, folded)
            SELECT floor(received_at / 3600)::bigint, provider, account, kind, count(*), true
            FROM events GROUP BY 1, 2, 3, 4;

        -- An index for every filter of the lists, newest first.
        CREATE INDEX messages_state ON messages (state, created_at, seq);
        DROP INDEX messages_unhappy;
        CREATE INDEX events_kind ON events (kind, received_at, seq);
        CREATE INDEX events_account ON events (provider, account, received_at, seq);
        CREATE INDEX events_conversation ON events (conversation, received_at, seq) WHERE conversation IS NOT NULL;
        """)

    /// Folds the rows the summary triggers added since the last fold into one row per key. Two
    /// instances folding at once each fold the rows they took; the sums stay right.
    static func foldSummaries(db: PostgresConnection) throws {
        for (table, key) in summaryTables {
            let pending = try db.query("SELECT count(*) FROM \(table) WHERE NOT folded").first?.int(0) ?? 0
            guard pending > 256 else { continue }
            try db.query("""
                WITH gone AS (DELETE FROM \(table) WHERE NOT folded RETURNING \(key), count)
                INSERT INTO \(table) AS kept (\(key), count, folded)
                SELECT \(key), sum(count), true FROM gone GROUP BY \(key) ORDER BY \(key)
                ON CONFLICT (\(key)) WHERE folded DO UPDATE SET count = kept.count + excluded.count
                """)
        }
    }
}
