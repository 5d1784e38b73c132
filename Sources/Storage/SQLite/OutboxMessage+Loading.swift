import SQLite

// Loading a whole message on the SQLite engine.
extension OutboxMessage {
    /// Loads one message on `db`, or nil.
    static func load(id: String, db: Connection) throws -> OutboxMessage? {
        try db.queryOne("SELECT \(columns) FROM messages WHERE id = ?", [.text(id)]).map(OutboxMessage.init(row:))
    }
}
