import CSQLite

/// An error reported by SQLite: its result codes, its message and the SQL that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_CONSTRAINT` = 19).
    public let code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` = 2067); equals `code` when there is none.
    public let extendedCode: Int32
    /// SQLite's own explanation (`sqlite3_errmsg`).
    public let message: String
    /// The statement or script that failed, when there is one.
    public let sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.code = extendedCode & 0xFF
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The database is locked by another connection (past the busy timeout) or by this one.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    /// The disk (or the size limit of the database) is full.
    public var isFull: Bool { code == SQLITE_FULL }
    /// The database, its directory or the connection is read-only.
    public var isReadOnly: Bool { code == SQLITE_READONLY }
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    public var isIOError: Bool { code == SQLITE_IOERR }
    /// The file is not a SQLite database (or is encrypted).
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    /// The database file is damaged.
    public var isCorrupt: Bool { code == SQLITE_CORRUPT }
    /// A fault of the storage rather than of the statement (locked, full, read-only, I/O): the
    /// same work can succeed once the fault is gone.
    public var isStorageFault: Bool { isBusy || isFull || isReadOnly || isIOError || code == SQLITE_CANTOPEN }

    public var description: String {
        let primary = Self.name(of: code)
        let names = extendedCode == code
            ? primary
            : "\(Self.name(of: extendedCode) ?? primary ?? "extended") \(extendedCode)"
        var text = "SQLite error \(code)"
        if let names { text += " (\(names))" }
        text += ": \(message)"
        if let sql {
            // Long scripts would drown the message; the start of the SQL is enough to find it.
            text += " — in: " + (sql.count > 200 ? sql.prefix(200) + "…" : sql)
        }
        return text
    }

    /// An error raised by this layer rather than by SQLite (wrong argument count, several statements
    /// where one was expected, …), reported as `SQLITE_MISUSE` so callers need one error type only.
    static func misuse(_ message: String, sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}
