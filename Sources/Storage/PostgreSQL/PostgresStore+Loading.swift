import PostgreSQL

// Loading messages and forwards on the PostgreSQL engine; reading them from a row is the
// engine-neutral `init(row:)`.
extension OutboxMessage {
    static func load(id: String, db: PostgresConnection) throws -> OutboxMessage? {
        try db.query("SELECT \(columns) FROM messages WHERE id = $1", [.text(id)]).first.map(OutboxMessage.init(row:))
    }
}

extension Forward {
    /// Loads one forward; `locked` holds its row until the transaction ends.
    static func load(id: String, locked: Bool = false, db: PostgresConnection) throws -> Forward? {
        try db.query("SELECT \(columns) FROM forwards WHERE id = $1\(locked ? " FOR UPDATE" : "")",
                     [.text(id)]).first.map(Forward.init(row:))
    }
}
