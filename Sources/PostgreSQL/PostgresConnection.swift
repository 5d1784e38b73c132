import Platform

/// One libpq connection. Used by one thread at a time (not Sendable): `PostgresClient` gives each
/// of its worker threads one. Statements go through `PQexecParams` in the text format, with every
/// value a parameter.
public final class PostgresConnection {
    let libpq: Libpq
    private var handle: Libpq.Connection?
    /// Redacted, for error messages.
    let url: String

    private init(libpq: Libpq, handle: Libpq.Connection, url: String) {
        self.libpq = libpq
        self.handle = handle
        self.url = url
    }

    deinit { close() }

    /// Opens a connection, waiting at most `timeoutS` seconds for the server (libpq's
    /// `connect_timeout`; a `connect_timeout` in the URL wins). Talks UTF-8.
    public static func connect(_ url: PostgresURL, timeoutS: Int = 10) throws(PostgresError) -> PostgresConnection {
        let libpq = try Libpq.get()
        // Later keywords win over earlier ones, and `dbname` expands into the URL's own settings.
        let settings = [("connect_timeout", String(max(1, timeoutS))), ("fallback_application_name", "wxhook"),
                        ("client_encoding", "UTF8"), ("dbname", url.connectionString)]
        let handle = withCStrings(settings.map(\.0)) { keywords in
            withCStrings(settings.map(\.1)) { values in libpq.connectdbParams(keywords, values, 1) }
        }
        guard let handle else { throw .connect(url: url.description, reason: "out of memory") }
        guard libpq.status(handle) == Libpq.connectionOK else {
            let reason = PostgresError.oneLine(libpq.errorMessage(handle).map { String(cString: $0) } ?? "")
            libpq.finish(handle)
            throw .connect(url: url.description, reason: reason.isEmpty ? "cannot connect" : reason)
        }
        // libpq prints the server's NOTICEs (`relation … already exists, skipping`) on stderr by
        // default: wxhook's output is its own log lines only.
        _ = libpq.setNoticeProcessor(handle, { _, _ in }, nil)
        return PostgresConnection(libpq: libpq, handle: handle, url: url.description)
    }

    /// Runs one statement with `parameters` bound to `$1`, `$2` …, and copies out what it answered.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) throws(PostgresError) -> PostgresRows {
        let handle = try open()
        let types = parameters.map(\.typeOID)
        let result = withOptionalCStrings(parameters.map(\.textFormat)) { values in
            types.withUnsafeBufferPointer { types in
                libpq.execParams(handle, sql, Int32(parameters.count), types.baseAddress, values, nil, nil, 0)
            }
        }
        return try rows(of: result)
    }

    /// Runs `script`: several statements separated by `;`, without parameters (migrations).
    public func execute(script: String) throws(PostgresError) {
        let handle = try open()
        _ = try rows(of: libpq.exec(handle, script))
    }

    /// The connection is closed or broken and cannot be used again.
    public var isBroken: Bool {
        guard let handle else { return true }
        return libpq.status(handle) != Libpq.connectionOK
    }

    /// Whether a transaction is open (or failed and not rolled back yet) on this connection.
    public var isInTransaction: Bool {
        guard let handle else { return false }
        return libpq.transactionStatus(handle) != Libpq.transactionIdle
    }

    /// A statement of the open transaction failed: everything up to ROLLBACK is refused.
    public var isInFailedTransaction: Bool {
        guard let handle else { return false }
        return libpq.transactionStatus(handle) == Libpq.transactionFailed
    }

    /// Reads what the server sent while the connection sat idle — a termination notice
    /// (`pg_terminate_backend`, a restart) is noticed here, before a statement is sent on a dead
    /// connection. Returns whether the connection can still be used.
    public func checkAlive() -> Bool {
        guard let handle, !isBroken else { return false }
        let fd = libpq.socket(handle)
        guard fd >= 0 else { return false }
        // A killed backend sends its FATAL message, then closes: the close shows on a later read.
        for _ in 0..<4 {
            guard (try? Syscall.poll(fd, for: .readable, timeoutMs: 0)) == .ready else { return true }
            guard libpq.consumeInput(handle) == 1, !isBroken else { return false }
        }
        return true
    }

    /// Closes the connection (again is harmless).
    public func close() {
        guard let handle else { return }
        libpq.finish(handle)
        self.handle = nil
    }

    func open() throws(PostgresError) -> Libpq.Connection {
        guard let handle else { throw .connectionLost("the connection was closed") }
        return handle
    }

    /// libpq's current error text for the connection, one line.
    func connectionMessage() -> String {
        guard let handle, let text = libpq.errorMessage(handle) else { return "no connection" }
        let line = PostgresError.oneLine(String(cString: text))
        return line.isEmpty ? "no connection" : line
    }

    /// Copies a result out and frees it; a failed statement becomes its error.
    private func rows(of result: Libpq.Result?) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw isBroken ? .connectionLost(connectionMessage()) : .server(sqlState: "XX000", message: connectionMessage(), detail: nil)
        }
        defer { libpq.clear(result) }
        let status = libpq.resultStatus(result)
        guard status == Libpq.commandOK || status == Libpq.tuplesOK || status == Libpq.emptyQuery else {
            throw error(of: result)
        }
        let rowCount = Int(libpq.ntuples(result)), columnCount = Int(libpq.nfields(result))
        let columns = (0..<columnCount).map { column in
            libpq.fname(result, Int32(column)).map { String(cString: $0) } ?? ""
        }
        var values: [[String?]] = []
        values.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            values.append((0..<Int32(columnCount)).map { column in
                guard libpq.getisnull(result, row, column) == 0, let text = libpq.getvalue(result, row, column) else { return nil }
                return String(cString: text)
            })
        }
        let affected = libpq.cmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
        return PostgresRows(columns: columns, values: values, affected: affected)
    }

    private func error(of result: Libpq.Result) -> PostgresError {
        func field(_ code: Int32) -> String? {
            libpq.resultErrorField(result, code).map { String(cString: $0) }
        }
        guard let sqlState = field(Libpq.fieldSQLState) else {
            // No SQLSTATE: libpq itself failed the statement, almost always because the connection broke.
            let message = PostgresError.oneLine(libpq.resultErrorMessage(result).map { String(cString: $0) } ?? "")
            let text = message.isEmpty ? connectionMessage() : message
            return isBroken ? .connectionLost(text) : .server(sqlState: "XX000", message: text, detail: nil)
        }
        let message = PostgresError.oneLine(field(Libpq.fieldMessage) ?? "error")
        return .server(sqlState: sqlState, message: message, detail: field(Libpq.fieldDetail).map(PostgresError.oneLine))
    }
}

/// C strings for `strings`, alive while `body` runs, as the `const char *const *` libpq takes
/// (with a terminating NULL, which the keyword/value arrays need).
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStrings(strings.map(Optional.some)) { body($0!) }
}

/// As `withCStrings`, with nil for a NULL entry (a NULL parameter).
func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { string in
        string.map { string in
            let utf8 = Array(string.utf8)
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
            for (index, byte) in utf8.enumerated() { copy[index] = CChar(bitPattern: byte) }
            copy[utf8.count] = 0
            return copy
        }
    }
    defer { copies.forEach { $0?.deallocate() } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
