import Core
import SQLite

// One event with its body, and events counted per time window, for the admin API's event view
// and charts. The windows' whole hours come from `event_summary`, read once; the parts of an hour
// at their edges from the rows.
extension SQLiteStore {
    public func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])? {
        try await reader.read { db in
            try db.queryOne("SELECT \(StoredEvent.columns), raw FROM events WHERE id = ?", [.text(id)])
                .map { row in (StoredEvent(row: row), row.bytes(11) ?? []) }
        }
    }

    public func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int] {
        guard let first = starts.first else { return [] }
        return try await reader.read { db in
            try db.transaction(.deferred) {
                let hours = try Self.hourlyEventCounts(from: SummaryWindow.hour(of: first), provider: provider,
                                                       account: account, db: db)
                return try starts.indices.map { index in
                    // The last window has no end, like the stats' window.
                    let window = SummaryWindow(start: starts[index], end: index == starts.count - 1 ? nil : starts[index + 1])
                    return window.sum(hours)
                        + (try Self.eventCount(in: SummaryWindow(edgesOf: window), provider: provider, account: account,
                                               kind: nil, db: db))
                }
            }
        }
    }
}
