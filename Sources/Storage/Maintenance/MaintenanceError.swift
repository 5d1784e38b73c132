/// Why a maintenance command refused or failed; each says what to do, in one line.
public enum MaintenanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another instance holds the store (its pid when known).
    case inUse(database: String, pid: Int32?)
    /// The database to copy or replace does not exist.
    case databaseMissing(String)
    /// A backup's target exists already: a backup never overwrites.
    case targetExists(String)
    /// The folder a file should go into does not exist.
    case folderMissing(String)
    /// The file is not a SQLite database, or not one of wxhook's.
    case notWxhookDatabase(path: String, reason: String)
    /// The file was written by a newer wxhook.
    case schemaTooNew(path: String, version: Int, newestKnown: Int)
    /// `PRAGMA integrity_check` found a problem (the first it reported).
    case integrity(path: String, problem: String)
    /// A step failed for a reason of the system or the engine.
    case failed(step: String, reason: String)
    /// `backup` or `restore` on a PostgreSQL database: the server's own tools do that.
    case postgresTools(database: String, command: String)

    public var description: String {
        switch self {
        case .inUse(let database, let pid):
            "database \(database) is in use by another wxhook" + (pid.map { " (pid \($0))" } ?? "")
        case .databaseMissing(let path):
            "no database at \(path)"
        case .targetExists(let path):
            "\(path) exists already; a backup never overwrites a file, choose a new name"
        case .folderMissing(let path):
            "folder \(path) does not exist"
        case .notWxhookDatabase(let path, let reason):
            "\(path) is not a wxhook database: \(reason)"
        case .schemaTooNew(let path, let version, let newestKnown):
            "\(path) has schema version \(version), newer than this wxhook knows (\(newestKnown)); use a newer wxhook"
        case .integrity(let path, let problem):
            "\(path) failed the integrity check: \(problem)"
        case .failed(let step, let reason):
            "\(step): \(reason)"
        case .postgresTools(let database, let command):
            "database \(database) is PostgreSQL: wxhook \(command) is for SQLite files; use pg_dump and pg_restore"
        }
    }
}
