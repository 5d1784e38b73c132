import SQLite

// What pruning needs to find everything that belongs to a row without a scan: an event's dedupe
// keys, the messages replying to an event, a message's callback correlations.
extension Schema {
    static let retention: [Migration] = [
        Migration(version: 5, sql: """
            CREATE INDEX event_keys_event ON event_keys(event_id);
            CREATE INDEX messages_reply_to ON messages(in_reply_to) WHERE in_reply_to IS NOT NULL;
            CREATE INDEX correlations_message ON correlations(message_id);
            """),
    ]
}
