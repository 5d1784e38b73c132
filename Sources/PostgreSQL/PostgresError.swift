/// What went wrong talking to PostgreSQL, in one line that never carries a password.
public enum PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libpq is not installed (or lacks a function we need).
    case libraryMissing
    /// A connection could not be opened: wrong password, unreachable host, no such database, a
    /// malformed URL. `url` is the redacted form.
    case connect(url: String, reason: String)
    /// An ERROR the server answered a statement with.
    case server(sqlState: String, message: String, detail: String?)
    /// The connection broke (server restarted, network gone) or the client was closed.
    case connectionLost(String)

    public var description: String {
        switch self {
        case .libraryMissing:
            "database: PostgreSQL needs libpq (apt-get install libpq5)"
        case .connect(let url, let reason):
            "database \(url): \(reason)"
        case .server(let sqlState, let message, let detail):
            "database: \(message) (SQLSTATE \(sqlState))" + (detail.map { ": \($0)" } ?? "")
        case .connectionLost(let reason):
            "database connection lost: \(reason)"
        }
    }

    /// The SQLSTATE of a server error; nil for the other cases.
    public var sqlState: String? {
        if case .server(let sqlState, _, _) = self { return sqlState }
        return nil
    }

    /// Running the same transaction again may succeed: serialization failure (40001), deadlock
    /// (40P01), statement timeout or cancel (57014), lock not available (55P03), or a lost
    /// connection.
    public var isRetryable: Bool {
        if isConnectionLoss { return true }
        guard let sqlState else { return false }
        return ["40001", "40P01", "57014", "55P03"].contains(sqlState)
    }

    /// The connection is gone and must be reopened: SQLSTATE class 08 (connection exception),
    /// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, or a lost connection.
    public var isConnectionLoss: Bool {
        switch self {
        case .connectionLost: return true
        case .server(let sqlState, _, _):
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        case .libraryMissing, .connect: return false
        }
    }

    /// A unique constraint refused the row (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
}

extension PostgresError {
    /// libpq's messages end in a newline and sometimes span lines (`connection to server … failed:
    /// FATAL:  password authentication failed …`): one line, single spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
