import SQLite

// Loading a forward on the SQLite engine.
extension Forward {
    static func load(id: String, db: Connection) throws -> Forward? {
        try db.queryOne("SELECT \(columns) FROM forwards WHERE id = ?", [.text(id)]).map(Forward.init(row:))
    }
}

extension SQLiteStore {
    /// One forward as the forwarder and the admin API see it, its body built from its event when
    /// the row stores none.
    func loadForward(id: String, db: Connection) throws -> Forward? {
        try Forward.load(id: id, db: db).map { try withBody($0, db: db) }
    }

    /// `forward` with its body: built from its event when the row stores none. The event outlives
    /// such a forward (retention keeps it), so it is found.
    func withBody(_ forward: Forward, db: Connection) throws -> Forward {
        var built = forward
        if let source = try bodySource(of: forward, db: db) { built.buildBody(from: source, planner: forwarding) }
        return built
    }

    /// The stored event a forward's body is built from, when its row stores none; nil otherwise.
    /// Reading it is cheap and belongs in the transaction; building the JSON is not, and can wait
    /// until the writer is free (`claimDueForwards`).
    func bodySource(of forward: Forward, db: Connection) throws -> ForwardBodySource? {
        guard forward.bodyIsTheEvents, let eventID = forward.eventID,
              let row = try db.queryOne("SELECT \(StoredEvent.columns), raw FROM events WHERE id = ?", [.text(eventID)])
        else { return nil }
        return ForwardBodySource(event: StoredEvent(row: row), raw: row.bytes(11) ?? [])
    }
}
