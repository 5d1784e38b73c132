import SQLite
import Testing

@Suite struct DatabaseReaderTests {
    let directory: TemporaryDirectory
    var path: String { directory.file("test.sqlite") }
    let schema = [Migration(version: 1, sql: "CREATE TABLE t(x INTEGER)")]

    init() throws { directory = try TemporaryDirectory() }

    @Sendable static func count(_ db: Connection) throws -> Int {
        try db.queryOne("SELECT count(*) FROM t")?.int(0) ?? -1
    }

    @Test func readsProceedWhileAWriteIsInProgress() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let reader = try DatabaseReader(path: path)
        let gate = Gate()
        // The writer is inside its transaction, a row inserted but not committed…
        async let write: Void = writer.write { db in
            try db.run("INSERT INTO t VALUES (1)")
            gate.enterAndWait()
        }
        try await waitUntil("the write is in progress") { gate.entered }
        // …and readers neither wait for it nor see its row.
        #expect(try await reader.read(Self.count) == 0)
        #expect(try await reader.read { try $0.queryOne("PRAGMA journal_mode")?.string(0) } == "wal")
        gate.open()
        try await write
        #expect(try await reader.read(Self.count) == 1)
        await writer.close()
    }

    @Test func writerCommitsWhileAReaderHoldsASnapshot() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let reader = try DatabaseReader(path: path, connections: 2)
        let gate = Gate()
        async let snapshot = reader.read { db in
            try db.transaction(.deferred) {
                let before = try Self.count(db)
                gate.enterAndWait()
                return [before, try Self.count(db)]
            }
        }
        try await waitUntil("the reader holds its snapshot") { gate.entered }
        // Without WAL this COMMIT would wait for the reader's lock and fail as busy.
        try await writer.write { try $0.run("INSERT INTO t VALUES (1)") }
        // The other connection of the pool is free, and sees the commit at once.
        #expect(try await reader.read(Self.count) == 1)
        gate.open()
        #expect(try await snapshot == [0, 0])  // one transaction, one snapshot
        await writer.close()
    }

    @Test func readOnlyConnectionsRefuseWrites() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let reader = try DatabaseReader(path: path, connections: 1)
        let result = await outcome { try await reader.read { try $0.run("INSERT INTO t VALUES (1)") } }
        let error = try #require(result.error as? SQLiteError)
        #expect(error.isReadOnly)
        await writer.close()
    }

    @Test func missingDatabaseIsNotCreatedByReaders() throws {
        let error = try #require(throws: DatabaseError.self) { try DatabaseReader(path: path) }
        guard case .cannotOpen(path, let reason) = error else { throw TestFailure("\(error)") }
        #expect(reason.code == 14)  // SQLITE_CANTOPEN
    }
}
