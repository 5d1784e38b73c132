import PostgreSQL

/// `wxhook migrate --from SQLITE_PATH --to POSTGRES_URL`: both named on the command line, never
/// taken from the configuration, so the copy goes exactly where the operator says.
public struct MigrateOptions: Sendable, Hashable {
    /// The SQLite file to copy (its instance stopped).
    public var source: String
    /// The empty PostgreSQL database to fill.
    public var target: PostgresURL

    public init(source: String, target: PostgresURL) {
        self.source = source
        self.target = target
    }

    static let flags = [Flag("--from", "SQLITE_PATH"), Flag("--to", "POSTGRES_URL")]

    init(_ scanned: ScannedArguments) throws(UsageError) {
        guard let source = scanned.values["--from"] else {
            throw UsageError("migrate: missing --from SQLITE_PATH", topic: .migrate)
        }
        guard let target = scanned.values["--to"] else {
            throw UsageError("migrate: missing --to POSTGRES_URL", topic: .migrate)
        }
        guard PostgresURL.looksLikeURL(target), let url = try? PostgresURL(target) else {
            throw UsageError("--to: not a postgres:// or postgresql:// URL", topic: .migrate)
        }
        self.init(source: source, target: url)
    }
}
