import Core
import PostgreSQL

// One event with its body, for the admin API's event view.
extension PostgresStore {
    public func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])? {
        try await read { db in
            try db.query("SELECT \(StoredEvent.columns), raw FROM events WHERE id = $1", [.text(id)])
                .first.map { row in (StoredEvent(row: row), row.bytes(11) ?? []) }
        }
    }
}
