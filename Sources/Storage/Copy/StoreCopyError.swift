/// Why `wxhook migrate` refused or stopped, in one line that never carries a password. Every case
/// leaves the target as it was: the copy is one transaction.
public enum StoreCopyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No database file where the source should be.
    case sourceMissing(String)
    /// A running instance (or a backup/restore) holds the source.
    case sourceInUse(path: String, pid: Int32?)
    /// The source has a table `StoreTable` does not list: this wxhook does not know how to copy it.
    case unknownTable(path: String, table: String)
    /// Reading the source failed.
    case source(path: String, reason: String)
    /// The target already holds rows (`table` is the first found).
    case targetNotEmpty(database: String, table: String)
    /// Connecting to or writing the target failed; `database` is the redacted URL.
    case target(database: String, reason: String)

    public var description: String {
        switch self {
        case .sourceMissing(let path):
            "no SQLite database at \(path)"
        case .sourceInUse(let path, let pid):
            "\(path) is in use by a running wxhook" + (pid.map { " (pid \($0))" } ?? "")
                + "; stop it first, migrate copies a stopped database"
        case .unknownTable(let path, let table):
            "\(path) has a table \(table) this wxhook cannot copy; use the wxhook that wrote it"
        case .source(let path, let reason):
            "cannot read \(path): \(reason)"
        case .targetNotEmpty(let database, let table):
            "\(database) is not empty (\(table) has rows); migrate only fills an empty database"
        case .target(let database, let reason):
            "\(database): \(reason); nothing was written"
        }
    }
}
