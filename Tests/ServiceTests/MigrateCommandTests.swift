import Foundation
import PostgreSQL
import ServiceHarness
import Storage
import Testing
import TestSupport

/// `wxhook migrate` over the real binary: a SQLite database filled by a running `wxhook serve`,
/// refused while that instance runs, copied once it stopped, and never twice.
@Suite struct MigrateCommandTests {
    static let settings = TestSettings {
        $0.host = .process
        $0.accounts = [.shop]
    }

    func run(_ arguments: [String], in directory: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await runWxhook(arguments, directory: directory, environment: BackupCommandTests.cleanEnvironment)
    }

    @Test(.postgres) func copiesAStoppedDatabaseOnceAndRefusesWhileItRuns() async throws {
        let database = try TestPostgres.database()
        defer { database.drop() }
        try await TestService.with(Self.settings) { serve in
            let directory = serve.directory.path
            for n in 0..<20 {
                _ = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
            }
            let arguments = ["migrate", "--from", serve.databasePath, "--to", database.url.connectionString]
            let busy = try await run(arguments, in: directory)
            #expect(busy.status == 1)
            #expect(busy.stderr == "wxhook: \(serve.databasePath) is in use by a running wxhook (pid \(serve.pid)); "
                + "stop it first, migrate copies a stopped database\n", "\(busy.stderr)")

            #expect(await serve.stopService(SIGTERM) == 0)
            let copied = try await run(arguments, in: directory)
            #expect(copied.status == 0, "\(copied.stderr)")
            let lines = copied.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(lines.contains(["events", "20"]), "\(copied.stdout)")
            #expect(lines.contains(["event_keys", "20"]) || lines.contains { $0.first == "event_keys" }, "\(copied.stdout)")
            #expect(copied.stdout.contains("in one transaction"))

            let before = try SQLiteStore.open(path: serve.databasePath, dedupeWindow: 600)
            let events = try await before.events(matching: EventFilter(), limit: 100, offset: 0).items
            await before.close()
            let after = try PostgresStore.open(url: database.url, dedupeWindow: 600, connections: 1)
            let copiedEvents = try await after.events(matching: EventFilter(), limit: 100, offset: 0).items
            await after.close()
            #expect(events.count == 20 && copiedEvents == events)

            // A wrong password: one line, the password not in it, nothing written.
            let admin = try TestPostgres.administrator()
            defer { admin.close() }
            let role = "r_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            try admin.query("CREATE ROLE \(role) LOGIN PASSWORD 'right-Secret-1'")
            defer { _ = try? admin.query("DROP ROLE IF EXISTS \(role)") }
            let host = try #require(database.url.connectionString.split(separator: "?").last.map(String.init))
            let wrong = "postgresql://\(role):wrong-Secret-9@/\(database.url.database)?\(host)"
            let refused = try await run(["migrate", "--from", serve.databasePath, "--to", wrong], in: directory)
            #expect(refused.status == 1)
            #expect(refused.stderr.hasPrefix("wxhook: postgresql://\(role):***@/"), "\(refused.stderr)")
            #expect(refused.stderr.contains("password authentication failed"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("wrong-Secret-9") && refused.stderr.split(separator: "\n").count == 1)

            let again = try await run(arguments, in: directory)
            #expect(again.status == 1)
            #expect(again.stderr == "wxhook: \(database.url.description) is not empty (events has rows); "
                + "migrate only fills an empty database\n", "\(again.stderr)")
        }
    }

    @Test func refusesAMissingFileAndAnUnreachableServerWithoutItsPassword() async throws {
        let directory = try TemporaryDirectory("wxhook-migrate")
        defer { directory.remove() }
        let target = "postgres://wx:pg-Secret-3@127.0.0.1:1/wxhook"
        let missing = try await run(["migrate", "--from", "nothing.sqlite", "--to", target], in: directory.path)
        #expect(missing.status == 1)
        #expect(missing.stderr == "wxhook: no SQLite database at nothing.sqlite\n")

        let settings = TestSettings { $0.host = .process }
        try await TestService.with(settings) { serve in
            #expect(await serve.stopService(SIGTERM) == 0)
            let unreachable = try await run(["migrate", "--from", serve.databasePath, "--to", target], in: directory.path)
            #expect(unreachable.status == 1)
            #expect(unreachable.stderr.hasPrefix("wxhook: postgres://wx:***@127.0.0.1:1/wxhook: "), "\(unreachable.stderr)")
            #expect(unreachable.stderr.hasSuffix("; nothing was written\n"), "\(unreachable.stderr)")
            #expect(!unreachable.stderr.contains("pg-Secret-3"))
            #expect(unreachable.stderr.split(separator: "\n").count == 1)
        }
        let usage = try await run(["migrate", "--from", "x.sqlite", "--to", "x.sqlite"], in: directory.path)
        #expect(usage.status == 1 && usage.stderr.contains("--to: not a postgres:// or postgresql:// URL"))
    }
}
