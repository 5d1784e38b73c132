import CSQLite

// The statement cache: every `run`/`query` of the same SQL text reuses one prepared statement,
// so the hot path (the same few INSERTs, over and over) never parses SQL again.
extension Connection {
    /// Beyond this many distinct SQL texts the cache is emptied: SQL built at run time must not
    /// grow it without bound.
    static let statementCacheLimit = 256

    /// How many prepared statements are cached (for metrics and tests).
    public var cachedStatements: Int { statements.count }

    /// Prepares (or reuses) the statement for `sql`, binds `args`, runs `body`, then resets the
    /// statement and clears its bindings so no argument outlives the call.
    func withStatement<R>(_ sql: String, _ args: [SQLValue], _ body: (Statement) throws -> R) throws -> R {
        let statement = try statement(for: sql)
        statement.inUse = true
        defer {
            sqlite3_reset(statement.handle)
            sqlite3_clear_bindings(statement.handle)
            statement.inUse = false
        }
        let expected = Int(sqlite3_bind_parameter_count(statement.handle))
        guard args.count == expected else {
            throw SQLiteError.misuse("the statement takes \(expected) arguments, \(args.count) were given", sql: sql)
        }
        return try statement.withBindings(args) { try body(statement) }
    }

    private func statement(for sql: String) throws -> Statement {
        if let cached = statements[sql] {
            // Busy: this SQL is already being stepped further up the stack; use a private copy.
            return cached.inUse ? try prepare(sql, persistent: false) : cached
        }
        let statement = try prepare(sql, persistent: true)
        if statements.count >= Self.statementCacheLimit {
            statements = statements.filter { $0.value.inUse }
        }
        statements[sql] = statement
        return statement
    }

    private func prepare(_ sql: String, persistent: Bool) throws -> Statement {
        var handle: OpaquePointer?
        var trailing = false
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(self.handle, text, -1, flags, &handle, &tail)
            if rc == SQLITE_OK, let tail { trailing = containsStatement(tail) }
            return rc
        }
        guard rc == SQLITE_OK else {
            throw SQLiteError(extendedCode: rc, message: Self.message(self.handle), sql: sql)
        }
        guard let handle else { throw SQLiteError.misuse("no SQL statement found", sql: sql) }
        let statement = Statement(handle: handle, sql: sql)
        guard !trailing else {
            throw SQLiteError.misuse("several statements given where one is expected (use execute for scripts)", sql: sql)
        }
        return statement
    }

    /// True when `text` holds another statement, not just blanks, semicolons or comments.
    private func containsStatement(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee == 0x20 || cursor.pointee == 0x3B || (0x09...0x0D).contains(cursor.pointee) {
            cursor += 1
        }
        if cursor.pointee == 0 { return false }
        var extra: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, cursor, -1, &extra, nil)
        sqlite3_finalize(extra)
        return rc != SQLITE_OK || extra != nil
    }
}
