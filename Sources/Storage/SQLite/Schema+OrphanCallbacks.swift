import SQLite

// The events' callback ids are looked up for one reason: to find orphans, callbacks stored before
// the attempt or answer that teaches their id (`SQLiteStore.applyOrphans`). An applied callback is
// written already linked to its message, so it never enters these indexes: a receipt touches no
// index page at random for its ids (two random page writes per callback at a million messages).
extension Schema {
    static let orphanCallbacks: [Migration] = [
        Migration(version: 10, sql: """
            DROP INDEX events_api_send_id;
            DROP INDEX events_api_send_svrid;
            CREATE INDEX events_api_send_id ON events(api_send_id)
                WHERE message_id IS NULL AND api_send_id IS NOT NULL;
            CREATE INDEX events_api_send_svrid ON events(api_send_svrid)
                WHERE message_id IS NULL AND api_send_svrid IS NOT NULL;
            """),
    ]
}
