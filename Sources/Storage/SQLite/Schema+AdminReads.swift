import SQLite

// What the admin API's reads stand on at a million rows (docs/storage.md, "Admin reads"):
// summaries that triggers keep as rows change, so `GET /api/stats` and the lists' totals add up
// a few hundred small rows instead of counting or sorting the tables, and an index for every
// filter of the lists. Every path that writes messages or events (ingest, sends, callbacks,
// timers, operators, retention, `wxhook migrate`) keeps the summaries right without knowing of them.
extension Schema {
    /// A row's hour, as `SummaryWindow.hour(of:)` computes it (times are positive).
    static func hour(_ time: String) -> String { "CAST(\(time) / 3600 AS INTEGER)" }

    /// The latency bin of `milliseconds` (an SQL expression), per `latency_bins`.
    static func bin(_ milliseconds: String) -> String {
        "coalesce((SELECT bin FROM latency_bins WHERE lower_ms <= \(milliseconds) ORDER BY lower_ms DESC LIMIT 1), 0)"
    }

    /// Adds `delta` to the summary rows a message row `row` (`new` or `old`) counts in.
    private static func summarize(_ row: String, _ delta: Int) -> String {
        let accept = "(\(row).accepted_at - \(row).first_started_at) * 1000.0"
        let confirm = "(\(row).delivered_at - \(row).accepted_at) * 1000.0"
        return """
            \(countState(row, delta))
            \(countLatency(row, "accept", accept, when: "\(row).accepted_at IS NOT NULL AND \(row).first_started_at IS NOT NULL", delta))
            \(countLatency(row, "confirm", confirm, when: "\(row).delivered_at IS NOT NULL AND \(row).accepted_at IS NOT NULL", delta))
            """
    }

    private static func countState(_ row: String, _ delta: Int) -> String {
        """
        INSERT INTO message_summary (hour, provider, account, state, count)
            VALUES (\(hour("\(row).created_at")), \(row).provider, \(row).account, \(row).state, \(delta))
            ON CONFLICT DO UPDATE SET count = count + excluded.count;
        """
    }

    private static func countLatency(_ row: String, _ measure: String, _ milliseconds: String, when condition: String,
                                     _ delta: Int) -> String {
        """
        INSERT INTO message_latency (hour, provider, account, measure, bin, count)
            SELECT \(hour("\(row).created_at")), \(row).provider, \(row).account, '\(measure)', \(bin(milliseconds)), \(delta)
            WHERE \(condition)
            ON CONFLICT DO UPDATE SET count = count + excluded.count;
        """
    }

    static let adminReads: [Migration] = [
        Migration(version: 9, sql: """
            -- The latency histograms' fixed bins (LatencyBins): bin k holds [lower_ms(k),
            -- lower_ms(k + 1)); bin 0, which has no row, everything below bin 1.
            CREATE TABLE latency_bins (lower_ms REAL PRIMARY KEY, bin INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO latency_bins (bin, lower_ms) VALUES \(LatencyBins.rows);

            -- Messages by the hour they were created in (`created_at / 3600`), provider, account
            -- and state; and their latencies (accept: first attempt → taken; confirm: taken →
            -- delivered) by the same hour, in latency bins. A message counts where its row says,
            -- so a state change moves one count and a deleted row takes its counts along.
            CREATE TABLE message_summary (
                hour     INTEGER NOT NULL,
                provider TEXT    NOT NULL,
                account  TEXT    NOT NULL,
                state    TEXT    NOT NULL,
                count    INTEGER NOT NULL,
                PRIMARY KEY (hour, provider, account, state)
            ) WITHOUT ROWID;
            CREATE TABLE message_latency (
                hour     INTEGER NOT NULL,
                provider TEXT    NOT NULL,
                account  TEXT    NOT NULL,
                measure  TEXT    NOT NULL CHECK (measure IN ('accept', 'confirm')),
                bin      INTEGER NOT NULL,
                count    INTEGER NOT NULL,
                PRIMARY KEY (hour, provider, account, measure, bin)
            ) WITHOUT ROWID;
            -- Events by the hour they were received in, provider, account and kind.
            CREATE TABLE event_summary (
                hour     INTEGER NOT NULL,
                provider TEXT    NOT NULL,
                account  TEXT    NOT NULL,
                kind     TEXT    NOT NULL,
                count    INTEGER NOT NULL,
                PRIMARY KEY (hour, provider, account, kind)
            ) WITHOUT ROWID;

            CREATE TRIGGER message_summary_insert AFTER INSERT ON messages BEGIN
            \(summarize("new", 1))
            END;
            CREATE TRIGGER message_summary_delete AFTER DELETE ON messages BEGIN
            \(summarize("old", -1))
            END;
            CREATE TRIGGER message_summary_state AFTER UPDATE OF state ON messages
                WHEN old.state IS NOT new.state BEGIN
            \(countState("old", -1))
            \(countState("new", 1))
            END;
            CREATE TRIGGER message_summary_accept AFTER UPDATE OF first_started_at, accepted_at ON messages
                WHEN old.first_started_at IS NOT new.first_started_at OR old.accepted_at IS NOT new.accepted_at BEGIN
            \(countLatency("old", "accept", "(old.accepted_at - old.first_started_at) * 1000.0",
                           when: "old.accepted_at IS NOT NULL AND old.first_started_at IS NOT NULL", -1))
            \(countLatency("new", "accept", "(new.accepted_at - new.first_started_at) * 1000.0",
                           when: "new.accepted_at IS NOT NULL AND new.first_started_at IS NOT NULL", 1))
            END;
            CREATE TRIGGER message_summary_confirm AFTER UPDATE OF accepted_at, delivered_at ON messages
                WHEN old.accepted_at IS NOT new.accepted_at OR old.delivered_at IS NOT new.delivered_at BEGIN
            \(countLatency("old", "confirm", "(old.delivered_at - old.accepted_at) * 1000.0",
                           when: "old.delivered_at IS NOT NULL AND old.accepted_at IS NOT NULL", -1))
            \(countLatency("new", "confirm", "(new.delivered_at - new.accepted_at) * 1000.0",
                           when: "new.delivered_at IS NOT NULL AND new.accepted_at IS NOT NULL", 1))
            END;
            CREATE TRIGGER event_summary_insert AFTER INSERT ON events BEGIN
                INSERT INTO event_summary (hour, provider, account, kind, count)
                    VALUES (\(hour("new.received_at")), new.provider, new.account, new.kind, 1)
                    ON CONFLICT DO UPDATE SET count = count + 1;
            END;
            CREATE TRIGGER event_summary_delete AFTER DELETE ON events BEGIN
                UPDATE event_summary SET count = count - 1
                WHERE hour = \(hour("old.received_at")) AND provider = old.provider AND account = old.account
                  AND kind = old.kind;
            END;

            -- What is there already.
            INSERT INTO message_summary (hour, provider, account, state, count)
                SELECT \(hour("created_at")), provider, account, state, count(*) FROM messages GROUP BY 1, 2, 3, 4;
            INSERT INTO message_latency (hour, provider, account, measure, bin, count)
                SELECT \(hour("created_at")), provider, account, 'accept',
                       \(bin("(accepted_at - first_started_at) * 1000.0")), count(*)
                FROM messages WHERE accepted_at IS NOT NULL AND first_started_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
            INSERT INTO message_latency (hour, provider, account, measure, bin, count)
                SELECT \(hour("created_at")), provider, account, 'confirm',
                       \(bin("(delivered_at - accepted_at) * 1000.0")), count(*)
                FROM messages WHERE delivered_at IS NOT NULL AND accepted_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
            INSERT INTO event_summary (hour, provider, account, kind, count)
                SELECT \(hour("received_at")), provider, account, kind, count(*) FROM events GROUP BY 1, 2, 3, 4;

            -- An index for every filter of the lists, newest first. Filtering messages by state
            -- was a walk of `messages_created`; now each state has its range of `messages_state`
            -- (an entry moves when the state changes, near the end of both ranges: recent pages).
            CREATE INDEX messages_state ON messages(state, created_at);
            DROP INDEX messages_unhappy;
            CREATE INDEX events_kind ON events(kind, received_at);
            CREATE INDEX events_account ON events(provider, account, received_at);
            CREATE INDEX events_conversation ON events(conversation, received_at) WHERE conversation IS NOT NULL;
            """),
    ]
}
