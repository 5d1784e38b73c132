// Pacing shared by the instances, as the fourth migration.
extension PostgresSchema {
    static let pacing = Migration(version: 4, sql: """
        -- One row per account that sends, locked by every attempt start of that account, so two
        -- instances check and take the account's budget one after the other.
        CREATE TABLE pacing_accounts (
            provider text NOT NULL,
            account  text NOT NULL,
            PRIMARY KEY (provider, account)
        );
        -- The items each attempt sent, by account and time: the last minute of it is the
        -- account's used budget. The timer pass forgets what is older.
        CREATE TABLE pacing_sends (
            provider   text    NOT NULL,
            account    text    NOT NULL,
            started_at double precision NOT NULL,
            items      integer NOT NULL
        );
        CREATE INDEX pacing_sends_account ON pacing_sends (provider, account, started_at);
        CREATE INDEX pacing_sends_started ON pacing_sends (started_at);
        """)
}
