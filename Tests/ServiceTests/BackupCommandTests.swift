import Foundation
import ServiceHarness
import Testing

/// `wxhook backup` and `wxhook restore` over the real binary, beside a running `wxhook serve`
/// that reads `./wxhook.json` from the same folder.
@Suite struct BackupCommandTests {
    static let settings = TestSettings {
        $0.host = .process
        $0.accounts = [.shop]
        $0.dedupeWindowS = 600
    }
    /// The variables a developer's shell may set, which would point the commands elsewhere.
    static let cleanEnvironment: [String: String?] = ["WXHOOK_CONFIG": nil, "WXHOOK_DB": nil, "WXHOOK_LISTEN": nil,
                                                      "WXHOOK_RULES": nil, "WXHOOK_ADMIN_TOKEN": nil]

    func run(_ arguments: [String], in serve: TestService) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await runWxhook(arguments, directory: serve.directory.path, environment: Self.cleanEnvironment)
    }

    @Test func backupWhileServingThenRestoreOnceStopped() async throws {
        try await TestService.with(Self.settings) { serve in
            var acknowledged: [Int: String] = [:]
            for n in 0..<40 {
                let answer = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
                acknowledged[n] = answer.json["event_id"]?.stringValue
            }
            // More webhooks arrive while the copy is taken.
            let backup = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for n in 1000..<1100 { _ = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n)) }
                }
                let backup = try await run(["backup", "backup.sqlite"], in: serve)
                try await group.waitForAll()
                return backup
            }
            #expect(backup.status == 0, "\(backup.stderr)")
            #expect(backup.stdout.hasPrefix("backup backup.sqlite: "), "\(backup.stdout)")

            // The database is this instance's: no second serve, no restore under its feet.
            let second = try await run(["serve"], in: serve)
            #expect(second.status == 1)
            #expect(second.stderr.contains("is in use by another wxhook (pid \(serve.pid))"), "\(second.stderr)")
            let refused = try await run(["restore", "backup.sqlite"], in: serve)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is in use by another wxhook (pid \(serve.pid))"), "\(refused.stderr)")

            #expect(await serve.stopService(SIGTERM) == 0)
            let restored = try await run(["restore", "backup.sqlite"], in: serve)
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains(".before-restore"))
            #expect(FileManager.default.fileExists(atPath: serve.databasePath + ".before-restore"))

            // Every webhook acknowledged before the backup is in the restored database.
            try await serve.startService()
            for (n, id) in acknowledged {
                let again = try await serve.client.post("/hooks/botadmin/shop", body: ProcessTests.body(n))
                #expect(again.json["duplicate"]?.boolValue == true && again.json["event_id"]?.stringValue == id,
                        "webhook \(n) acknowledged before the backup is missing")
            }
        }
    }

    @Test func restoreRefusesAFileThatIsNotAWxhookDatabase() async throws {
        try await TestService.with(Self.settings) { serve in
            #expect(await serve.stopService(SIGTERM) == 0)
            try Data("not a database".utf8).write(to: URL(fileURLWithPath: serve.directory.file("junk.sqlite")))
            let before = try Data(contentsOf: URL(fileURLWithPath: serve.databasePath))
            let result = try await run(["restore", "junk.sqlite"], in: serve)
            #expect(result.status == 1)
            #expect(result.stderr == "wxhook: junk.sqlite is not a wxhook database: it is not a SQLite database\n")
            #expect(try Data(contentsOf: URL(fileURLWithPath: serve.databasePath)) == before)
            let missing = try await run(["backup"], in: serve)
            #expect(missing.status == 1 && missing.stderr.contains("missing FILE"))
        }
    }

    @Test func backupAndRestoreOfAPostgresDatabaseNameTheServerTools() async throws {
        let directory = try TemporaryDirectory("wxhook-pg-backup")
        defer { directory.remove() }
        for command in ["backup", "restore"] {
            let result = try await runWxhook([command, "x.dump", "--db", "postgres://wx:pg-Secret-3@db.internal/wxhook"],
                                             directory: directory.path, environment: Self.cleanEnvironment)
            #expect(result.status == 1)
            #expect(result.stderr.trimmingCharacters(in: .newlines) == "wxhook: database postgres://wx:***@db.internal/wxhook is PostgreSQL: "
                + "wxhook \(command) is for SQLite files; use pg_dump and pg_restore", "\(result.stderr)")
        }
    }
}
