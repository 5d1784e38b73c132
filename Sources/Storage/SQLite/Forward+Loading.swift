import SQLite

// Loading a forward on the SQLite engine.
extension Forward {
    static func load(id: String, db: Connection) throws -> Forward? {
        try db.queryOne("SELECT \(columns) FROM forwards WHERE id = ?", [.text(id)]).map(Forward.init(row:))
    }
}
