/// One step of the schema, applied once: databases record the last version applied in
/// `PRAGMA user_version`.
public struct Migration: Sendable {
    public let version: Int
    public let sql: String

    public init(version: Int, sql: String) {
        self.version = version
        self.sql = sql
    }
}

extension Connection {
    /// The schema version recorded in the database (0 for a new one).
    public func userVersion() throws -> Int {
        try queryOne("PRAGMA user_version")?.int(0) ?? 0
    }

    /// Applies the migrations newer than the database's version, in order, each together with its
    /// version bump in one transaction: a failing migration leaves the previous version intact.
    /// A database newer than every migration given is refused rather than misread.
    public func migrate(_ migrations: [Migration]) throws {
        var previous = 0
        for migration in migrations {
            guard migration.version > previous else {
                throw DatabaseError.invalidMigrations(
                    "version \(migration.version) follows \(previous); versions must be positive and increasing")
            }
            previous = migration.version
        }
        let current = try userVersion()
        guard current <= previous else {
            throw DatabaseError.schemaTooNew(path: path, userVersion: current, newestKnown: previous)
        }
        for migration in migrations where migration.version > current {
            do {
                try transaction(.immediate) {
                    // Another process may have migrated while we waited for the write lock.
                    guard try userVersion() < migration.version else { return }
                    try execute(migration.sql)
                    try execute("PRAGMA user_version = \(migration.version)")
                }
            } catch let error as SQLiteError {
                throw DatabaseError.migrationFailed(version: migration.version, reason: error)
            }
        }
    }
}
