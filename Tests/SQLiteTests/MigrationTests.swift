import SQLite
import Testing

@Suite struct MigrationTests {
    let directory: TemporaryDirectory
    var path: String { directory.file("test.sqlite") }

    init() throws { directory = try TemporaryDirectory() }

    let migrations = [
        Migration(version: 1, sql: "CREATE TABLE a(x); CREATE TABLE applied(version)"),
        Migration(version: 2, sql: "CREATE TABLE b(y); INSERT INTO applied VALUES (2)"),
    ]

    @Test func freshDatabaseGetsEveryMigration() throws {
        let db = try Connection(path: path)
        try db.migrate(migrations)
        #expect(try db.userVersion() == 2)
        #expect(try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .compactMap { $0.string(0) } == ["a", "applied", "b"])
    }

    @Test func reopeningAppliesNothingTwiceAndOnlyWhatIsNew() throws {
        try Connection(path: path).migrate(Array(migrations.prefix(1)))
        let db = try Connection(path: path)
        try db.migrate(migrations)
        try db.migrate(migrations)
        try Connection(path: path).migrate(migrations)  // a fresh connection, same answer
        #expect(try db.queryOne("SELECT count(*) FROM applied")?.int(0) == 1)
        #expect(try db.userVersion() == 2)
    }

    @Test func newerDatabaseIsRefused() throws {
        let db = try Connection(path: path)
        try db.execute("PRAGMA user_version = 7")
        let error = try #require(throws: DatabaseError.self) { try db.migrate(migrations) }
        guard case .schemaTooNew(let errorPath, 7, 2) = error else { throw TestFailure("\(error)") }
        #expect(errorPath == path)
        #expect(try db.userVersion() == 7)
    }

    @Test func failingMigrationLeavesTheVersionUnchanged() throws {
        let db = try Connection(path: path)
        let broken = migrations + [Migration(version: 3, sql: "CREATE TABLE c(z); INSERT INTO nowhere VALUES (1)")]
        let error = try #require(throws: DatabaseError.self) { try db.migrate(broken) }
        guard case .migrationFailed(3, let reason) = error else { throw TestFailure("\(error)") }
        #expect(reason.message == "no such table: nowhere")
        #expect(try db.userVersion() == 2)
        #expect(try db.queryOne("SELECT count(*) FROM sqlite_schema WHERE name = 'c'")?.int(0) == 0)
    }

    @Test func migrationsMustBeOrdered() throws {
        let db = try Connection(path: path)
        let error = try #require(throws: DatabaseError.self) {
            try db.migrate([Migration(version: 2, sql: ""), Migration(version: 1, sql: "")])
        }
        guard case .invalidMigrations = error else { throw TestFailure("\(error)") }
        #expect(try db.userVersion() == 0)
    }
}
