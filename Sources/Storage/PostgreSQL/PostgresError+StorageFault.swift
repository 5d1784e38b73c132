import PostgreSQL

extension PostgresError: StorageFault {
    public var summary: String {
        switch self {
        case .libraryMissing: return description
        case .connect: return "database unreachable"
        case .connectionLost: return "database connection lost"
        case .server(let state, _, _):
            if isConnectionLoss { return "database connection lost" }
            if state == "53100" { return "database disk is full" }
            if state.hasPrefix("53") { return "database out of resources" }
            if state == "25006" { return "database is read-only" }
            if state == "57014" { return "database statement timed out" }
            return "database error \(state)"
        }
    }

    /// Unreachable, lost, out of resources, read-only (a standby during failover), timed out or
    /// in conflict: a later try may pass.
    public var isTransient: Bool {
        switch self {
        case .libraryMissing: return false
        case .connect, .connectionLost: return true
        case .server(let state, _, _):
            return isRetryable || isConnectionLoss || state.hasPrefix("53") || state == "25006"
        }
    }
}
