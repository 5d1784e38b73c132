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

extension PostgresStore {
    /// One forward as the forwarder and the admin API see it, its body built from its event when
    /// the row stores none.
    func loadForward(id: String, db: PostgresConnection) throws -> Forward? {
        try Forward.load(id: id, db: db).map { try withBody($0, db: db) }
    }

    /// `forward` with its body: built from its event when the row stores none. The event outlives
    /// such a forward (retention keeps its body first), so it is found.
    func withBody(_ forward: Forward, db: PostgresConnection) throws -> Forward {
        guard forward.bodyIsTheEvents, let eventID = forward.eventID, let row = try db.query(
            "SELECT \(StoredEvent.columns), raw FROM events WHERE id = $1", [.text(eventID)]
        ).first else { return forward }
        var built = forward
        built.buildBody(from: ForwardBodySource(event: StoredEvent(row: row), raw: row.bytes(11) ?? []),
                        planner: forwarding)
        return built
    }
}
