import CSQLite

/// How hard SQLite syncs to disk. In WAL mode `.normal` survives process crashes; `.full` also
/// survives power loss at the cost of one fsync per commit.
public enum Synchronous: String, Sendable {
    case off = "OFF", normal = "NORMAL", full = "FULL"
}

/// One SQLite connection. Deliberately not `Sendable`: it is opened without SQLite's own mutex
/// (`SQLITE_OPEN_NOMUTEX`), so it must be used by one thread at a time — `DatabaseWriter` and
/// `DatabaseReader` give each connection its own thread.
public final class Connection {
    public let path: String
    let handle: OpaquePointer
    /// Process-wide settings, applied once before the first connection opens (SQLite ignores
    /// them once initialized): no memory statistics, which cost a global mutex per allocation.
    private static let configureLibrary: Void = {
        _ = wxhook_sqlite3_disable_memory_statistics()
    }()
    /// Prepared statements by SQL text; see `Connection+Statements.swift`.
    var statements: [String: Statement] = [:]
    /// What `reportWALSize` installed, if anything (`sqlite3_wal_hook` keeps only a pointer).
    var walHook: WALHook?
    private var isClosed = false

    /// Opens (creating it unless `readOnly`) the database at `path`. A writable connection switches
    /// the database to WAL so readers never block the writer nor the writer the readers.
    public init(
        path: String, readOnly: Bool = false, busyTimeoutMs: Int32 = 5000, synchronous: Synchronous = .normal
    ) throws {
        _ = Self.configureLibrary
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard let db else {
            let reason = SQLiteError(extendedCode: rc, message: "out of memory")
            throw DatabaseError.cannotOpen(path: path, reason: reason)
        }
        guard rc == SQLITE_OK else {
            let reason = SQLiteError(extendedCode: sqlite3_extended_errcode(db), message: Self.message(db))
            sqlite3_close_v2(db)
            throw DatabaseError.cannotOpen(path: path, reason: reason)
        }
        self.path = path
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMs)
        // The file is only read here: "not a database" and locking problems surface now.
        do {
            if !readOnly {
                _ = try queryOne("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = \(synchronous.rawValue)")
                // Savepoint journals in memory, not a temp file per batch (measured ~2.5× on
                // the callback path).
                try execute("PRAGMA temp_store = MEMORY")
            }
            try execute("PRAGMA foreign_keys = ON")
        } catch let error as SQLiteError {
            close()
            throw DatabaseError.cannotOpen(path: path, reason: error)
        }
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        statements.removeAll()  // finalizes them
        sqlite3_close_v2(handle)
    }

    /// Runs a script of any number of statements, without arguments (schema, migrations, pragmas).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard rc == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? Self.message(handle)
            throw SQLiteError(extendedCode: rc, message: message, sql: sql)
        }
    }

    /// Runs one statement with its arguments (bound to `?` in order).
    public func run(_ sql: String, _ args: [SQLValue] = []) throws {
        try withStatement(sql, args) { statement in
            while try statement.step() {}
        }
    }

    /// All rows of one statement.
    public func query(_ sql: String, _ args: [SQLValue] = []) throws -> [Row] {
        try withStatement(sql, args) { statement in
            var rows: [Row] = []
            while try statement.step() { rows.append(statement.row()) }
            return rows
        }
    }

    /// The first row of one statement, if any; the rest are not computed.
    public func queryOne(_ sql: String, _ args: [SQLValue] = []) throws -> Row? {
        try withStatement(sql, args) { statement in
            try statement.step() ? statement.row() : nil
        }
    }

    /// Visits rows one at a time, so a large result is never held in memory. Throw from `body` to stop.
    public func forEach(_ sql: String, _ args: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        try withStatement(sql, args) { statement in
            while try statement.step() { try body(statement.row()) }
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    static func message(_ db: OpaquePointer?) -> String {
        sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
    }
}

// Stated explicitly so that no extension can make it Sendable by accident.
@available(*, unavailable)
extension Connection: Sendable {}
