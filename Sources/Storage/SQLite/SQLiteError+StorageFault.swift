import SQLite

extension SQLiteError: StorageFault {
    public var summary: String {
        if isBusy { return "database is locked" }
        if isFull { return "disk is full" }
        if isReadOnly { return "database is read-only" }
        if isIOError { return "database I/O error" }
        return "database error \(extendedCode)"
    }

    public var isTransient: Bool { isStorageFault }
}
