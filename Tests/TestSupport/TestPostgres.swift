import Foundation
import PostgreSQL
import Testing

/// The PostgreSQL server the tests use, named by `WXHOOK_TEST_POSTGRES` (a URL; `.ci/postgres
/// start DIR` starts a throwaway cluster and prints it). Each test gets a fresh database of its own
/// on it. Without the variable the PostgreSQL tests are skipped and say how to run them; with
/// `WXHOOK_TEST_POSTGRES_REQUIRED=1` (CI) they run anyway, and one that cannot reach a server fails.
public enum TestPostgres {
    /// Whether a server is named: the PostgreSQL tests run.
    public static var isAvailable: Bool { serverString != nil }
    /// CI: a PostgreSQL test that cannot reach its server fails instead of being skipped.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["WXHOOK_TEST_POSTGRES_REQUIRED"] == "1" }

    /// Why the PostgreSQL tests were skipped, and how to run them.
    public static let skipReason = """
        PostgreSQL tests skipped: WXHOOK_TEST_POSTGRES is not set. To run them: \
        export WXHOOK_TEST_POSTGRES="$(.ci/postgres start /tmp/wxhook-pg)" (see docs/storage.md)
        """

    /// The server's URL, as the environment names it.
    public static func server() throws -> PostgresURL {
        guard let serverString else {
            throw Unavailable(reason: "WXHOOK_TEST_POSTGRES_REQUIRED=1 but WXHOOK_TEST_POSTGRES is not set")
        }
        return try PostgresURL(serverString)
    }

    /// A new, empty database `t_<random>` on the server, and how to drop it (call it once the test
    /// has closed its connections; it also closes any left over).
    public static func database() throws -> (url: PostgresURL, drop: @Sendable () -> Void) {
        let server = try server()
        let name = "t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let connection = try PostgresConnection.connect(server)
        defer { connection.close() }
        try connection.query("CREATE DATABASE \(name)")
        let drop: @Sendable () -> Void = {
            guard let connection = try? PostgresConnection.connect(server) else { return }
            defer { connection.close() }
            _ = try? connection.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        return (server.replacingDatabase(name), drop)
    }

    /// A connection to the server's own database, for what a test does as the superuser (kill a
    /// backend, create a role).
    public static func administrator() throws -> PostgresConnection {
        try PostgresConnection.connect(try server())
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    private static var serverString: String? {
        ProcessInfo.processInfo.environment["WXHOOK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Trait where Self == ConditionTrait {
    /// On a test or suite that needs a PostgreSQL server: runs it when `WXHOOK_TEST_POSTGRES` names
    /// one or `WXHOOK_TEST_POSTGRES_REQUIRED=1`; skips it with how-to-run otherwise.
    public static var postgres: Self {
        .enabled(if: TestPostgres.isAvailable || TestPostgres.isRequired, Comment(rawValue: TestPostgres.skipReason))
    }
}
