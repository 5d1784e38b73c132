import Delivery
import PostgreSQL

// Retention: old rows deleted a batch at a time, each batch one short transaction, oldest first,
// skipping what is still needed. Instances pruning at the same time take disjoint batches
// (`SKIP LOCKED`); the counts follow through the triggers.
extension PostgresStore {
    /// The states of a message still under way, and of a forward still to be sent.
    static let liveMessageStates = DeliveryState.allCases.filter { !$0.isFinal }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")
    static let liveForwardStates = "'pending', 'delivering'"

    public func prune(_ rows: RetainedRows, before cutoff: Double, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        let sql: String =
            switch rows {
            case .events: """
                WITH doomed AS (
                    SELECT seq, id FROM events e WHERE received_at < $1
                      AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.in_reply_to = e.id
                                        AND m.state IN (\(Self.liveMessageStates)))
                      AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.event_id = e.id
                                        AND f.state IN (\(Self.liveForwardStates)))
                    ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                keys AS (DELETE FROM event_keys WHERE event_id IN (SELECT id FROM doomed))
                DELETE FROM events WHERE seq IN (SELECT seq FROM doomed)
                """
            case .messages: """
                WITH doomed AS (
                    SELECT seq, id FROM messages m WHERE created_at < $1 AND state NOT IN (\(Self.liveMessageStates))
                      AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.message_id = m.id
                                        AND f.state IN (\(Self.liveForwardStates)))
                    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                timeline_rows AS (DELETE FROM timeline WHERE message_id IN (SELECT id FROM doomed)),
                correlation_rows AS (DELETE FROM correlations WHERE message_id IN (SELECT id FROM doomed))
                DELETE FROM messages WHERE seq IN (SELECT seq FROM doomed)
                """
            case .forwards: """
                WITH doomed AS (
                    SELECT seq, id FROM forwards WHERE created_at < $1 AND state NOT IN (\(Self.liveForwardStates))
                    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                attempts AS (DELETE FROM forward_attempts WHERE forward_id IN (SELECT id FROM doomed))
                DELETE FROM forwards WHERE seq IN (SELECT seq FROM doomed)
                """
            }
        return try await write { db in try db.query(sql, [.double(cutoff), .int(Int64(limit))]).affected }
    }

    public func footprint() async throws -> StoreFootprint {
        try await read { db in
            let row = try db.query("""
                SELECT pg_database_size(current_database()), (SELECT min(received_at) FROM events),
                       (SELECT min(created_at) FROM messages), (SELECT min(created_at) FROM forwards)
                """).first
            var oldest: [RetainedRows: Double] = [:]
            oldest[.events] = row?.double(1)
            oldest[.messages] = row?.double(2)
            oldest[.forwards] = row?.double(3)
            return StoreFootprint(bytes: row?.int(0) ?? 0, oldest: oldest)
        }
    }
}
