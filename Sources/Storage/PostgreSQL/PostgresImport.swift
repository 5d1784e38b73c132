import PostgreSQL

/// An empty PostgreSQL database as the target of `wxhook migrate`: the schema is brought up to
/// date first (its own transaction: empty tables), then every copied row goes in one transaction
/// that also holds the `wxhook_schema` row, so no instance starts on the database half-filled.
/// Rows keep their `seq`; `commit` moves the identities past them. The derived counts come from
/// the triggers the rows fire on their way in.
public final class PostgresImport: StoreImport {
    public let url: PostgresURL
    private let connection: PostgresConnection

    private init(url: PostgresURL, connection: PostgresConnection) {
        self.url = url
        self.connection = connection
    }

    /// The tables that must hold no row for the database to count as empty: every one with data
    /// (`health_probe` and the pacing tables only say an instance ran).
    static let dataTables = ["events", "event_keys", "messages", "message_count_deltas", "message_summary",
                             "message_latency", "event_summary", "timeline", "correlations",
                             "idempotency_keys", "forwards", "forward_attempts", "subscription_activity_deltas"]
    /// The tables whose `seq` is an identity.
    static let identityTables: Set<String> = ["events", "messages", "forwards"]

    /// Connects, migrates and opens the copy's transaction; refuses a database that holds rows.
    public static func open(url: PostgresURL) throws(StoreCopyError) -> PostgresImport {
        let connection: PostgresConnection
        do {
            try PostgresSchema.migrate(url: url)
            connection = try PostgresConnection.connect(url)
        } catch {
            throw failure(url, error)
        }
        do {
            try connection.query("BEGIN")
            try connection.query("SELECT version FROM wxhook_schema WHERE id = 1 FOR UPDATE")
            for table in dataTables where try connection.query("SELECT EXISTS (SELECT 1 FROM \(table))").first?.bool(0) == true {
                throw StoreCopyError.targetNotEmpty(database: url.description, table: table)
            }
        } catch {
            _ = try? connection.query("ROLLBACK")
            connection.close()
            throw failure(url, error)
        }
        return PostgresImport(url: url, connection: connection)
    }

    public func write(_ rows: TableRows) throws(StoreCopyError) {
        switch rows.table {
        case .events, .eventKeys, .messages, .timeline, .correlations, .idempotencyKeys, .forwards, .forwardAttempts:
            try insert(into: rows.table.rawValue, rows.columns, rows.rows)
        case .subscriptionActivity:
            // The forwards' trigger counted them by state; what only this table knows is the
            // last success and failure, which may be older than every forward still kept.
            let kept = ["subscription", "last_success_at", "last_failure_at"]
            let indexes = kept.compactMap { rows.columns.firstIndex(of: $0) }
            guard indexes.count == kept.count else { return }
            try insert(into: "subscription_activity_deltas", kept, rows.rows.map { row in indexes.map { row[$0] } })
        case .messageCounts, .messageSummary, .messageLatency, .eventSummary, .latencyBins, .healthProbe:
            return
        }
    }

    public func commit() throws(StoreCopyError) {
        do {
            for table in Self.identityTables.sorted() {
                try connection.query("""
                    SELECT setval(pg_get_serial_sequence('\(table)', 'seq'), coalesce(max(seq), 0) + 1, false) FROM \(table)
                    """)
            }
            // What was on its way when the SQLite instance stopped carries no lease here: an
            // expired one, so the first instance's timer pass recovers it as after a crash.
            try connection.query("UPDATE messages SET lease_until = 0 WHERE state = 'sending'")
            try connection.query("UPDATE forwards SET lease_until = 0 WHERE state = 'delivering'")
            try connection.query("COMMIT")
        } catch {
            throw Self.failure(url, error)
        }
        connection.close()
    }

    public func rollback() {
        _ = try? connection.query("ROLLBACK")
        connection.close()
    }

    /// Multi-row INSERTs (fewer round trips), keeping the copied `seq`. An integer goes as text
    /// of unknown type, so the server reads it as the column's type: bigint, integer or boolean.
    private func insert(into table: String, _ columns: [String], _ rows: [[StoreValue]]) throws(StoreCopyError) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let rowsPerStatement = max(1, 30_000 / columns.count)
        let overriding = Self.identityTables.contains(table) ? " OVERRIDING SYSTEM VALUE" : ""
        let head = "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", ")))\(overriding) VALUES "
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            var parameters: [PostgresValue] = []
            parameters.reserveCapacity(chunk.count * columns.count)
            var tuples: [String] = []
            for row in chunk {
                let first = parameters.count
                parameters.append(contentsOf: row.map(Self.parameter))
                tuples.append("(" + (first + 1...first + row.count).map { "$\($0)" }.joined(separator: ", ") + ")")
            }
            do {
                try connection.query(head + tuples.joined(separator: ", "), parameters)
            } catch {
                throw Self.failure(url, error, table: table)
            }
            start += chunk.count
        }
    }

    private static func parameter(_ value: StoreValue) -> PostgresValue {
        switch value {
        case .null: .null
        case .integer(let int): .text(String(int))
        case .real(let real): .double(real)
        case .text(let text): .text(text)
        case .bytes(let bytes): .bytes(bytes)
        }
    }

    private static func failure(_ url: PostgresURL, _ error: any Error, table: String? = nil) -> StoreCopyError {
        if let error = error as? StoreCopyError { return error }
        let reason = (error as? PostgresError).map(Self.reason) ?? "\(error)"
        return .target(database: url.description, reason: table.map { "writing \($0): \(reason)" } ?? reason)
    }

    /// The error without the "database URL:" its own description starts with (the copy's line
    /// names the database once).
    private static func reason(_ error: PostgresError) -> String {
        if case .connect(_, let reason) = error { return reason }
        return error.description
    }
}
