import Delivery
import SQLite

// Retention: old rows deleted a batch at a time, each batch one writer job (a short transaction,
// so ingest waits at most for one batch), oldest first, skipping what is still needed.
extension SQLiteStore {
    /// The states of a message that is still under way, and of a forward still to be sent.
    static let liveMessageStates = DeliveryState.allCases.filter { !$0.isFinal }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")
    static let liveForwardStates = "'pending', 'delivering'"

    public func prune(_ rows: RetainedRows, before cutoff: Double, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await writer.write { db in
            switch rows {
            case .events: try self.pruneEvents(before: cutoff, limit: limit, db: db)
            case .messages: try Self.pruneMessages(before: cutoff, limit: limit, db: db)
            case .forwards: try Self.pruneForwards(before: cutoff, limit: limit, db: db)
            }
        }
    }

    private func pruneEvents(before cutoff: Double, limit: Int, db: Connection) throws -> Int {
        let doomed = try db.query("""
            SELECT seq, id FROM events e WHERE received_at < ?
              AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.in_reply_to = e.id AND m.state IN (\(Self.liveMessageStates)))
              AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.event_id = e.id AND f.state IN (\(Self.liveForwardStates)))
            ORDER BY received_at LIMIT ?
            """, [.real(cutoff), .integer(Int64(limit))])
        for row in doomed {
            guard let seq = row.int64(0), let id = row.string(1) else { continue }
            try keepBodies(ofForwardsOf: id, db: db)
            try db.run("DELETE FROM event_keys WHERE event_id = ?", [.text(id)])
            try db.run("DELETE FROM events WHERE seq = ?", [.integer(seq)])
        }
        // The triggers took the events' counts out of `event_summary`; hours left empty go.
        try db.run("DELETE FROM event_summary WHERE hour <= ? AND count = 0", [.integer(Int64(SummaryWindow.hour(of: cutoff)))])
        return doomed.count
    }

    /// Forwards of an event that goes keep the body they sent: built from it one last time and
    /// stored in their rows.
    private func keepBodies(ofForwardsOf eventID: String, db: Connection) throws {
        for row in try db.query("SELECT id FROM forwards WHERE event_id = ? AND length(body) = 0", [.text(eventID)]) {
            guard let forward = try loadForward(id: row.string(0) ?? "", db: db), !forward.body.isEmpty else { continue }
            try db.run("UPDATE forwards SET body = ? WHERE id = ?", [.blob(forward.body), .text(forward.id)])
        }
    }

    private static func pruneMessages(before cutoff: Double, limit: Int, db: Connection) throws -> Int {
        let doomed = try db.query("""
            SELECT seq, id, state FROM messages m WHERE created_at < ? AND state NOT IN (\(liveMessageStates))
              AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.message_id = m.id AND f.state IN (\(liveForwardStates)))
            ORDER BY created_at LIMIT ?
            """, [.real(cutoff), .integer(Int64(limit))])
        var byState: [String: Int] = [:]
        for row in doomed {
            guard let seq = row.int64(0), let id = row.string(1), let state = row.string(2) else { continue }
            try db.run("DELETE FROM timeline WHERE message_id = ?", [.text(id)])
            try db.run("DELETE FROM correlations WHERE message_id = ?", [.text(id)])
            try db.run("DELETE FROM messages WHERE seq = ?", [.integer(seq)])
            byState[state, default: 0] += 1
        }
        for (state, count) in byState {
            try db.run("UPDATE message_counts SET count = count - ? WHERE state = ?", [.integer(Int64(count)), .text(state)])
        }
        // The triggers took the messages' counts out of the summaries; rows left at 0 go.
        let hour: [SQLValue] = [.integer(Int64(SummaryWindow.hour(of: cutoff)))]
        try db.run("DELETE FROM message_summary WHERE hour <= ? AND count = 0", hour)
        try db.run("DELETE FROM message_latency WHERE hour <= ? AND count = 0", hour)
        return doomed.count
    }

    private static func pruneForwards(before cutoff: Double, limit: Int, db: Connection) throws -> Int {
        let doomed = try db.query("""
            SELECT seq, id FROM forwards WHERE created_at < ? AND state NOT IN (\(liveForwardStates))
            ORDER BY created_at LIMIT ?
            """, [.real(cutoff), .integer(Int64(limit))])
        for row in doomed {
            guard let seq = row.int64(0), let id = row.string(1) else { continue }
            try db.run("DELETE FROM forward_attempts WHERE forward_id = ?", [.text(id)])
            try db.run("DELETE FROM forwards WHERE seq = ?", [.integer(seq)])
        }
        return doomed.count
    }

    public func footprint() async throws -> StoreFootprint {
        try await reader.read { db in
            try db.transaction(.deferred) {
                let pages = try db.queryOne("PRAGMA page_count")?.int(0) ?? 0
                let pageSize = try db.queryOne("PRAGMA page_size")?.int(0) ?? 0
                var oldest: [RetainedRows: Double] = [:]
                oldest[.events] = try db.queryOne("SELECT min(received_at) FROM events")?.double(0)
                oldest[.messages] = try db.queryOne("SELECT min(created_at) FROM messages")?.double(0)
                oldest[.forwards] = try db.queryOne("SELECT min(created_at) FROM forwards")?.double(0)
                return StoreFootprint(bytes: pages * pageSize, oldest: oldest)
            }
        }
    }
}
