import Core
import SQLite

// One event with its body, for the admin API's event view.
extension SQLiteStore {
    public func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])? {
        try await reader.read { db in
            try db.queryOne("SELECT \(StoredEvent.columns), raw FROM events WHERE id = ?", [.text(id)])
                .map { row in (StoredEvent(row: row), row.bytes(11) ?? []) }
        }
    }
}
