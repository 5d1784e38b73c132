/// Errors about a database as a whole — opening it, its schema version, its writer — as opposed to
/// one failed statement (`SQLiteError`).
public enum DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The file could not be opened or configured (missing directory, permissions, not a database…).
    case cannotOpen(path: String, reason: SQLiteError)
    /// The database was written by a newer wxhook: its schema version is past every migration we know.
    case schemaTooNew(path: String, userVersion: Int, newestKnown: Int)
    /// A migration failed; it was rolled back and the schema version is unchanged.
    case migrationFailed(version: Int, reason: SQLiteError)
    /// The migration list itself is wrong (versions must be positive and strictly increasing).
    case invalidMigrations(String)
    /// The writer was closed; nothing more can be written through it.
    case closed(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open database at \(path): \(reason)"
        case .schemaTooNew(let path, let userVersion, let newestKnown):
            return "database at \(path) has schema version \(userVersion), newer than the newest this "
                + "program knows (\(newestKnown)); use a newer wxhook or another database file"
        case .migrationFailed(let version, let reason):
            return "migration \(version) failed and was rolled back: \(reason)"
        case .invalidMigrations(let why):
            return "invalid migration list: \(why)"
        case .closed(let path):
            return "database writer for \(path) is closed"
        }
    }
}
