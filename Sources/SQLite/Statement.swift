import CSQLite

/// A prepared statement. Internal: callers pass SQL text and `Connection` caches these by it.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    /// Set while a call is stepping it, so a nested use of the same SQL (a query inside a
    /// `forEach` body) gets its own statement instead of resetting this one under its feet.
    var inUse = false

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc:
            let db = sqlite3_db_handle(handle)
            throw SQLiteError(extendedCode: rc, message: Connection.message(db), sql: sql)
        }
    }

    func row() -> Row {
        let count = sqlite3_column_count(handle)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for index in 0..<count { values.append(column(index)) }
        return Row(values)
    }

    private func column(_ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // Pointer first, then length (the documented order); the length keeps embedded NULs.
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let bytes = sqlite3_column_blob(handle, index)
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes, count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// Binds `args` and runs `body` while they are bound. Text and blobs are bound without a copy
    /// (`SQLITE_STATIC`) by nesting `body` inside their buffers' lifetimes; past a few of them,
    /// SQLite copies instead, which bounds the nesting (and the stack).
    func withBindings<R>(_ args: [SQLValue], from start: Int = 0, nested: Int = 0, _ body: () throws -> R) throws -> R {
        var next = start
        while next < args.count {
            let index = Int32(next + 1)
            let zeroCopy = nested < 16
            switch args[next] {
            case .null:
                try check(sqlite3_bind_null(handle, index))
            case .integer(let value):
                try check(sqlite3_bind_int64(handle, index, value))
            case .real(let value):
                try check(sqlite3_bind_double(handle, index, value))
            case .text(var text) where zeroCopy && !text.isEmpty:
                let rest = next + 1
                return try text.withUTF8 { utf8 in
                    try check(bindText(utf8, at: index, destructor: nil))
                    return try withBindings(args, from: rest, nested: nested + 1, body)
                }
            case .text(var text):
                try text.withUTF8 { try check(bindText($0, at: index, destructor: transientDestructor)) }
            case .blob(let bytes) where bytes.isEmpty:
                try check(sqlite3_bind_zeroblob(handle, index, 0))  // an empty blob, not NULL
            case .blob(let bytes) where zeroCopy:
                let rest = next + 1
                return try bytes.withUnsafeBytes { raw in
                    try check(sqlite3_bind_blob64(handle, index, raw.baseAddress, UInt64(raw.count), nil))
                    return try withBindings(args, from: rest, nested: nested + 1, body)
                }
            case .blob(let bytes):
                try bytes.withUnsafeBytes { raw in
                    try check(
                        sqlite3_bind_blob64(handle, index, raw.baseAddress, UInt64(raw.count), transientDestructor))
                }
            }
            next += 1
        }
        return try body()
    }

    private func bindText(
        _ utf8: UnsafeBufferPointer<UInt8>, at index: Int32, destructor: sqlite3_destructor_type?
    ) -> Int32 {
        // A nil pointer would bind NULL; an empty string gets a static, never-freed one.
        let bytes = utf8.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(emptyText.utf8Start)
        return sqlite3_bind_text64(
            handle, index, bytes.assumingMemoryBound(to: CChar.self), UInt64(utf8.count), destructor,
            UInt8(SQLITE_UTF8))
    }

    private func check(_ rc: Int32) throws {
        guard rc != SQLITE_OK else { return }
        throw SQLiteError(extendedCode: rc, message: Connection.message(sqlite3_db_handle(handle)), sql: sql)
    }
}

private let emptyText: StaticString = ""

/// `SQLITE_TRANSIENT` (a macro Swift cannot import): SQLite copies the value before the call returns.
private var transientDestructor: sqlite3_destructor_type {
    unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}
