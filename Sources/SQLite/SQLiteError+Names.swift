// The symbolic names of SQLite result codes, so that an error reads `SQLITE_CONSTRAINT_UNIQUE 2067`
// instead of a bare number. Taken from sqlite3.h (3.40); unknown codes simply print without a name.
extension SQLiteError {
    static func name(of code: Int32) -> String? {
        let primary = Int(code & 0xFF)
        guard primary < primaryNames.count else { return nil }
        let base = "SQLITE_" + primaryNames[primary]
        let extended = Int(code >> 8)
        if extended == 0 { return base }
        guard let suffixes = extendedSuffixes[primary], extended <= suffixes.count,
              !suffixes[extended - 1].isEmpty
        else { return nil }
        return base + "_" + suffixes[extended - 1]
    }

    private static let primaryNames = [
        "OK", "ERROR", "INTERNAL", "PERM", "ABORT", "BUSY", "LOCKED", "NOMEM", "READONLY", "INTERRUPT",
        "IOERR", "CORRUPT", "NOTFOUND", "FULL", "CANTOPEN", "PROTOCOL", "EMPTY", "SCHEMA", "TOOBIG",
        "CONSTRAINT", "MISMATCH", "MISUSE", "NOLFS", "AUTH", "FORMAT", "RANGE", "NOTADB", "NOTICE",
        "WARNING",
    ]

    /// Keyed by primary code; element k-1 names the extended code `primary | (k << 8)`.
    private static let extendedSuffixes: [Int: [String]] = [
        1: ["MISSING_COLLSEQ", "RETRY", "SNAPSHOT"],
        4: ["", "ROLLBACK"],
        5: ["RECOVERY", "SNAPSHOT", "TIMEOUT"],
        6: ["SHAREDCACHE", "VTAB"],
        8: ["RECOVERY", "CANTLOCK", "ROLLBACK", "DBMOVED", "CANTINIT", "DIRECTORY"],
        10: [
            "READ", "SHORT_READ", "WRITE", "FSYNC", "DIR_FSYNC", "TRUNCATE", "FSTAT", "UNLOCK", "RDLOCK",
            "DELETE", "BLOCKED", "NOMEM", "ACCESS", "CHECKRESERVEDLOCK", "LOCK", "CLOSE", "DIR_CLOSE",
            "SHMOPEN", "SHMSIZE", "SHMLOCK", "SHMMAP", "SEEK", "DELETE_NOENT", "MMAP", "GETTEMPPATH",
            "CONVPATH", "VNODE", "AUTH", "BEGIN_ATOMIC", "COMMIT_ATOMIC", "ROLLBACK_ATOMIC", "DATA",
            "CORRUPTFS",
        ],
        11: ["VTAB", "SEQUENCE", "INDEX"],
        14: ["NOTEMPDIR", "ISDIR", "FULLPATH", "CONVPATH", "DIRTYWAL", "SYMLINK"],
        19: [
            "CHECK", "COMMITHOOK", "FOREIGNKEY", "FUNCTION", "NOTNULL", "PRIMARYKEY", "TRIGGER", "UNIQUE",
            "VTAB", "ROWID", "PINNED", "DATATYPE",
        ],
        23: ["USER"],
        27: ["RECOVER_WAL", "RECOVER_ROLLBACK"],
        28: ["AUTOINDEX"],
    ]
}
