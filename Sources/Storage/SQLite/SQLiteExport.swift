import Platform
import SQLite

/// A stopped SQLite database as the source of `wxhook migrate`. It is claimed with the lock
/// `serve`, `backup` and `restore` take, so no instance writes it during the copy (and none can
/// start), brought up to this wxhook's schema as `serve` would, and read in one read transaction.
public final class SQLiteExport: StoreExport {
    public let path: String
    private let connection: Connection
    private let lock: FileLock

    private init(path: String, connection: Connection, lock: FileLock) {
        self.path = path
        self.connection = connection
        self.lock = lock
    }

    /// Refuses a missing file, one in use, one that is not wxhook's or has a table `StoreTable`
    /// does not know.
    public static func open(path: String) throws(StoreCopyError) -> SQLiteExport {
        guard FileSystem.exists(path) else { throw .sourceMissing(path) }
        let lock: FileLock
        do throws(MaintenanceError) {
            lock = try SQLiteMaintenance(databasePath: path).claim()
        } catch {
            if case .inUse(_, let pid) = error { throw .sourceInUse(path: path, pid: pid) }
            throw .source(path: path, reason: error.description)
        }
        do {
            let connection = try Connection(path: path)
            let tables = try tableNames(connection)
            guard try connection.userVersion() > 0, tables.contains("events") else {
                throw StoreCopyError.source(path: path, reason: "it is not a wxhook database")
            }
            try connection.migrate(Schema.migrations)
            if let unknown = try tableNames(connection).first(where: { StoreTable(rawValue: $0) == nil }) {
                throw StoreCopyError.unknownTable(path: path, table: unknown)
            }
            try connection.execute("BEGIN DEFERRED")
            return SQLiteExport(path: path, connection: connection, lock: lock)
        } catch let error as StoreCopyError {
            lock.release()
            throw error
        } catch {
            lock.release()
            throw .source(path: path, reason: Self.reason(error))
        }
    }

    /// Ends the read and lets other instances have the database again.
    public func close() {
        _ = try? connection.execute("COMMIT")
        lock.release()
    }

    public func read(_ table: StoreTable, batchSize: Int,
                     _ body: (TableRows) throws(StoreCopyError) -> Void) throws(StoreCopyError) {
        do {
            let columns = try connection.query("SELECT name FROM pragma_table_info(?) ORDER BY cid",
                                               [.text(table.rawValue)]).compactMap { $0.string(0) }
            guard !columns.isEmpty else { return }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            var batch: [[StoreValue]] = []
            batch.reserveCapacity(batchSize)
            try connection.forEach("SELECT \(list) FROM \(table.rawValue)") { row in
                batch.append(row.values.map(Self.value))
                if batch.count == batchSize {
                    try body(TableRows(table: table, columns: columns, rows: batch))
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(TableRows(table: table, columns: columns, rows: batch)) }
        } catch let error as StoreCopyError {
            throw error
        } catch {
            throw .source(path: path, reason: Self.reason(error))
        }
    }

    /// The tables of the schema, without SQLite's own (`sqlite_stat1` after `ANALYZE`) and the
    /// text index's (derived from `events` where the target has one).
    private static func tableNames(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0.string(0) }.filter { !$0.hasPrefix("sqlite_") && !EventTextIndex.isIndexTable($0) }
    }

    private static func value(_ value: SQLValue) -> StoreValue {
        switch value {
        case .null: .null
        case .integer(let int): .integer(int)
        case .real(let real): .real(real)
        case .text(let text): .text(text)
        case .blob(let bytes): .bytes(bytes)
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let failure = error as? SQLiteError { return failure.message }
        return "\(error)"
    }
}
