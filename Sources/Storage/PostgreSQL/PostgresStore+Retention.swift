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
        let sql: String
        switch rows {
        case .events: return try await pruneEvents(before: cutoff, limit: limit)
        case .messages: sql = """
                WITH doomed AS (
                    SELECT seq, id FROM messages m WHERE created_at < $1 AND state NOT IN (\(Self.liveMessageStates))
                      AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.message_id = m.id
                                        AND f.state IN (\(Self.liveForwardStates)))
                    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                timeline_rows AS (DELETE FROM timeline WHERE message_id IN (SELECT id FROM doomed)),
                correlation_rows AS (DELETE FROM correlations WHERE message_id IN (SELECT id FROM doomed))
                DELETE FROM messages WHERE seq IN (SELECT seq FROM doomed)
                """
        case .forwards: sql = """
                WITH doomed AS (
                    SELECT seq, id FROM forwards WHERE created_at < $1 AND state NOT IN (\(Self.liveForwardStates))
                    ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
                attempts AS (DELETE FROM forward_attempts WHERE forward_id IN (SELECT id FROM doomed))
                DELETE FROM forwards WHERE seq IN (SELECT seq FROM doomed)
                """
        }
        return try await write { db in try db.query(sql, [.double(cutoff), .int(Int64(limit))]).affected }
    }

    /// Events go with their dedupe keys; the forwards that build their body from one of them get
    /// it stored in their rows first, so they still show (and send, when retried) what they sent.
    private func pruneEvents(before cutoff: Double, limit: Int) async throws -> Int {
        try await write { db in
            let doomed = try db.query("""
                SELECT id FROM events e WHERE received_at < $1
                  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.in_reply_to = e.id
                                    AND m.state IN (\(Self.liveMessageStates)))
                  AND NOT EXISTS (SELECT 1 FROM forwards f WHERE f.event_id = e.id
                                    AND f.state IN (\(Self.liveForwardStates)))
                ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [.double(cutoff), .int(Int64(limit))]).compactMap { $0.text(0) }
            guard !doomed.isEmpty else { return 0 }
            let ids = PostgresValue.text(PostgresArray.text(doomed))
            for row in try db.query("""
                SELECT id FROM forwards WHERE event_id = ANY($1::text[]) AND length(body) = 0 FOR UPDATE
                """, [ids]) {
                guard let forward = try self.loadForward(id: row.text(0) ?? "", db: db), !forward.body.isEmpty
                else { continue }
                try db.query("UPDATE forwards SET body = $1 WHERE id = $2", [.bytes(forward.body), .text(forward.id)])
            }
            try db.query("DELETE FROM event_keys WHERE event_id = ANY($1::text[])", [ids])
            return try db.query("DELETE FROM events WHERE id = ANY($1::text[])", [ids]).affected
        }
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
