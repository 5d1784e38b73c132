import CSQLite

/// How a transaction takes its locks. Writers want `.immediate`: the write lock is taken at BEGIN,
/// so a busy database fails (or waits) there and never half-way through the work.
public enum TransactionKind: Sendable {
    case deferred, immediate, exclusive

    var begin: String {
        switch self {
        case .deferred: "BEGIN DEFERRED"
        case .immediate: "BEGIN IMMEDIATE"
        case .exclusive: "BEGIN EXCLUSIVE"
        }
    }
}

extension Connection {
    /// False in autocommit mode. SQLite itself ends a transaction on some errors (disk full, I/O
    /// errors, busy, out of memory): check this after a failure inside one.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it (or COMMIT) throws.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try run(kind.begin)
        let value: T
        do {
            value = try body()
            try run("COMMIT")
        } catch {
            rollback()
            throw error
        }
        return value
    }

    /// Runs `body` so that, if it throws, only its own changes are undone and the enclosing
    /// transaction goes on. Outside a transaction it opens an immediate one.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try transaction(.immediate, body) }
        try run("SAVEPOINT nested")
        let value: T
        do {
            value = try body()
            try run("RELEASE nested")
        } catch {
            do {
                try run("ROLLBACK TO nested")
                try run("RELEASE nested")
            } catch {
                // The savepoint cannot be undone alone (SQLite may already have ended the
                // transaction): undo everything rather than risk committing half of `body`.
                rollback()
            }
            throw error
        }
        return value
    }

    /// Rolls back the current transaction, if any. Its own failure is not reported: callers are
    /// already handling the error that made them roll back, and SQLite ends the transaction anyway.
    func rollback() {
        guard isInTransaction else { return }
        _ = try? run("ROLLBACK")
    }
}
