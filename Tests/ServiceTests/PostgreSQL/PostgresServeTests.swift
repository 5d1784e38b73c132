import Foundation
import PostgreSQL
import ServiceHarness
import Testing
import TestSupport

/// `wxhook serve` on a PostgreSQL database, as the real binary: it serves and stores, and each way
/// of not reaching the database is one line, exit 1, without the password.
@Suite(.postgres) struct PostgresServeTests {
    static let cleanEnvironment: [String: String?] = ["WXHOOK_CONFIG": nil, "WXHOOK_DB": nil, "WXHOOK_LISTEN": nil,
                                                      "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil]

    @Test func servesAndStoresOnPostgres() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        try await TestService.with(TestSettings { $0.host = .process; $0.accounts = [.shop]; $0.databasePath = url.connectionString }) { serve in
            let health = try await serve.client.get("/health")
            #expect(health.status == 200 && health.json["database"]?.stringValue == "ok", "\(health.text)")
            let first = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(1))
            #expect(first.status == 200)
            let again = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(1))
            #expect(again.json["duplicate"]?.boolValue == true)
            #expect(again.json["event_id"] == first.json["event_id"])
        }
        // Stored in PostgreSQL, not in a file.
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        #expect(try connection.query("SELECT count(*) FROM events").first?.int(0) == 1)
    }

    @Test func eachWayOfNotReachingTheDatabaseIsOneLine() async throws {
        let (url, drop) = try TestPostgres.database()
        defer { drop() }
        let directory = try TemporaryDirectory("wxhook-pg-serve")
        defer { directory.remove() }
        let socket = try #require(url.connectionString.split(separator: "?").last.map(String.init))
        let cases: [(database: String, expected: String)] = [
            ("postgresql://nobody:pg-Hidden-4@/\(url.database)?\(socket)", "password authentication failed for user \"nobody\""),
            ("postgresql://nobody:pg-Hidden-4@/wxhook?host=/nonexistent/wxhook-socket", "No such file or directory"),
            ("postgresql://nobody:pg-Hidden-4@127.0.0.1:1/wxhook?connect_timeout=3", "Connection refused"),
        ]
        for (database, expected) in cases {
            let result = try await runWxhook(["serve", "--listen", "127.0.0.1:0", "--db", database],
                                             directory: directory.path, environment: Self.cleanEnvironment)
            let lines = result.stderr.split(separator: "\n")
            #expect(result.status == 1)
            #expect(lines.count == 1 && lines.first?.contains(expected) == true, "\(result.stderr)")
            #expect(lines.first?.hasPrefix("wxhook: cannot open database postgresql://nobody:***@") == true, "\(result.stderr)")
            #expect(!result.stderr.contains("pg-Hidden-4") && !result.stdout.contains("pg-Hidden-4"))
        }

        // A schema from a newer wxhook: refused before anything is written.
        try await TestService.with(TestSettings { $0.host = .process; $0.databasePath = url.connectionString }) { _ in }
        let connection = try PostgresConnection.connect(url)
        defer { connection.close() }
        try connection.query("UPDATE wxhook_schema SET version = 999")
        let newer = try await runWxhook(["serve", "--listen", "127.0.0.1:0", "--db", url.connectionString],
                                        directory: directory.path, environment: Self.cleanEnvironment)
        #expect(newer.status == 1)
        #expect(newer.stderr.split(separator: "\n").count == 1, "\(newer.stderr)")
        #expect(newer.stderr.contains("has schema version 999, newer than this wxhook knows"), "\(newer.stderr)")
    }
}
