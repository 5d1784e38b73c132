import Storage

/// Why the service could not start; each says what to fix, in one line.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case database(path: String, reason: String)
    /// The database engine's own one line (libpq missing, a schema newer than this wxhook).
    case engine(String)
    /// Another instance holds the database (or its lock could not be taken).
    case claim(MaintenanceError)
    case cannotListen(ListenFailure)
    /// The rules folder does not load: one `FILE:LINE: message` per problem.
    case rules(problems: [String])

    public var description: String {
        switch self {
        case .database(let path, let reason): "cannot open database \(path): \(reason)"
        case .engine(let line): line
        case .claim(let error): error.description
        case .cannotListen(let failure): failure.description
        case .rules(let problems): problems.joined(separator: "\n")
        }
    }
}
