import SQLite

// What `GET /api/subscriptions` shows per subscription — forwards by state, the last success and
// failure — kept up to date by triggers, so reading it is one small table, never a count over
// every forward, and every path that writes forwards (created, attempted, retried, pruned) keeps
// it right without knowing of it.
extension Schema {
    static let forwardActivity: [Migration] = [
        Migration(version: 4, sql: """
            CREATE TABLE subscription_activity (
                subscription    TEXT    PRIMARY KEY,
                pending         INTEGER NOT NULL DEFAULT 0,
                delivering      INTEGER NOT NULL DEFAULT 0,
                delivered       INTEGER NOT NULL DEFAULT 0,
                failed          INTEGER NOT NULL DEFAULT 0,
                last_success_at REAL,
                last_failure_at REAL
            ) WITHOUT ROWID;

            INSERT INTO subscription_activity (subscription, pending, delivering, delivered, failed)
                SELECT subscription, sum(state = 'pending'), sum(state = 'delivering'), sum(state = 'delivered'),
                       sum(state = 'failed')
                FROM forwards GROUP BY subscription;
            UPDATE subscription_activity SET
                last_success_at = (SELECT max(a.started_at + a.duration_ms / 1000.0)
                                   FROM forward_attempts a JOIN forwards f ON f.id = a.forward_id
                                   WHERE f.subscription = subscription_activity.subscription
                                     AND a.duration_ms IS NOT NULL AND a.status BETWEEN 200 AND 299),
                last_failure_at = (SELECT max(a.started_at + a.duration_ms / 1000.0)
                                   FROM forward_attempts a JOIN forwards f ON f.id = a.forward_id
                                   WHERE f.subscription = subscription_activity.subscription
                                     AND a.duration_ms IS NOT NULL AND NOT (coalesce(a.status, 0) BETWEEN 200 AND 299));

            CREATE TRIGGER forward_counted AFTER INSERT ON forwards BEGIN
                INSERT INTO subscription_activity (subscription, pending, delivering, delivered, failed)
                VALUES (NEW.subscription, NEW.state = 'pending', NEW.state = 'delivering', NEW.state = 'delivered',
                        NEW.state = 'failed')
                ON CONFLICT (subscription) DO UPDATE SET
                    pending = pending + excluded.pending, delivering = delivering + excluded.delivering,
                    delivered = delivered + excluded.delivered, failed = failed + excluded.failed;
            END;
            CREATE TRIGGER forward_recounted AFTER UPDATE OF state ON forwards WHEN OLD.state <> NEW.state BEGIN
                UPDATE subscription_activity SET
                    pending = pending + (NEW.state = 'pending') - (OLD.state = 'pending'),
                    delivering = delivering + (NEW.state = 'delivering') - (OLD.state = 'delivering'),
                    delivered = delivered + (NEW.state = 'delivered') - (OLD.state = 'delivered'),
                    failed = failed + (NEW.state = 'failed') - (OLD.state = 'failed')
                WHERE subscription = NEW.subscription;
            END;
            CREATE TRIGGER forward_uncounted AFTER DELETE ON forwards BEGIN
                UPDATE subscription_activity SET
                    pending = pending - (OLD.state = 'pending'), delivering = delivering - (OLD.state = 'delivering'),
                    delivered = delivered - (OLD.state = 'delivered'), failed = failed - (OLD.state = 'failed')
                WHERE subscription = OLD.subscription;
            END;
            -- An attempt ends when its duration is written: 2xx is a success, anything else
            -- (another status, no answer) a failure, at the time the attempt ended.
            CREATE TRIGGER forward_attempt_ended AFTER UPDATE OF duration_ms ON forward_attempts
            WHEN OLD.duration_ms IS NULL AND NEW.duration_ms IS NOT NULL BEGIN
                UPDATE subscription_activity SET
                    last_success_at = CASE WHEN NEW.status BETWEEN 200 AND 299
                        THEN max(coalesce(last_success_at, 0), NEW.started_at + NEW.duration_ms / 1000.0)
                        ELSE last_success_at END,
                    last_failure_at = CASE WHEN NEW.status BETWEEN 200 AND 299 THEN last_failure_at
                        ELSE max(coalesce(last_failure_at, 0), NEW.started_at + NEW.duration_ms / 1000.0) END
                WHERE subscription = (SELECT subscription FROM forwards WHERE id = NEW.forward_id);
            END;
            """),
    ]
}
