/// Why `PostgresStore.open` refused a database it could reach.
public enum PostgresStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database was migrated by a newer wxhook; this one would misread it.
    case schemaTooNew(database: String, version: Int, newestKnown: Int)

    public var description: String {
        switch self {
        case .schemaTooNew(let database, let version, let newestKnown):
            "database \(database) has schema version \(version), newer than this wxhook knows (\(newestKnown)); use a newer wxhook"
        }
    }
}
