import PostgreSQL

/// Where the store is, read off `database` (`--db`, `WXHOOK_DB`): a PostgreSQL URL
/// (`postgres://` or `postgresql://`) or else the path of a SQLite file.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    public init(_ value: String) {
        if PostgresURL.looksLikeURL(value), let url = try? PostgresURL(value) {
            self = .postgres(url)
        } else {
            self = .sqlite(path: value)
        }
    }

    /// The path, or the URL without its password: the only form that is printed.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }

    /// `sqlite` or `postgresql`, for the start-up line and `/health`.
    public var engine: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
