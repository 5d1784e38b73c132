import CSQLite3

/// What went wrong in SQLite, with the statement that failed.
struct SQLiteFailure: Error, CustomStringConvertible {
    let description: String
}

/// One SQLite connection that stores webhook bodies, one row per request. The actor is the
/// serialization a typical receiver relies on: one write at a time, each its own transaction
/// (autocommit), committed before `insert` returns.
actor EventTable {
    private let connection: OpaquePointer
    private let insertion: OpaquePointer

    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &opened, flags, nil) == SQLITE_OK, let opened else {
            throw SQLiteFailure(description: "cannot open \(path)")
        }
        // The same durability as wxhook's default: WAL, synced at checkpoints.
        for sql in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=5000",
                    "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, received_at REAL NOT NULL, "
                        + "account TEXT NOT NULL, conversation TEXT, sender TEXT, body TEXT NOT NULL)"] {
            guard sqlite3_exec(opened, sql, nil, nil, nil) == SQLITE_OK else {
                throw SQLiteFailure(description: "\(sql): \(String(cString: sqlite3_errmsg(opened)))")
            }
        }
        let sql = "INSERT INTO events (received_at, account, conversation, sender, body) VALUES (?1, ?2, ?3, ?4, ?5)"
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(opened, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw SQLiteFailure(description: "\(sql): \(String(cString: sqlite3_errmsg(opened)))")
        }
        connection = opened
        insertion = prepared
    }

    func insert(receivedAt: Double, account: String, conversation: String?, sender: String?, body: String) throws {
        defer { sqlite3_reset(insertion); sqlite3_clear_bindings(insertion) }
        // SQLITE_TRANSIENT: SQLite copies the text before the Swift strings go away.
        let copy = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_double(insertion, 1, receivedAt)
        for (index, text) in [(2, account), (3, conversation), (4, sender), (5, body)] as [(Int32, String?)] {
            if let text { sqlite3_bind_text(insertion, index, text, -1, copy) } else { sqlite3_bind_null(insertion, index) }
        }
        guard sqlite3_step(insertion) == SQLITE_DONE else {
            throw SQLiteFailure(description: "insert: \(String(cString: sqlite3_errmsg(connection)))")
        }
    }
}
