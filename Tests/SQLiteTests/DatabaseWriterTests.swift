import SQLite
import Testing

@Suite struct DatabaseWriterTests {
    let directory: TemporaryDirectory
    var path: String { directory.file("test.sqlite") }
    let schema = [
        Migration(version: 1, sql: """
            CREATE TABLE t(id INTEGER PRIMARY KEY, x INTEGER);
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(parent_id INTEGER NOT NULL REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            """)
    ]

    init() throws { directory = try TemporaryDirectory() }

    /// What another connection sees: only what was committed.
    func committed(_ sql: String) throws -> [Int] {
        try Connection(path: path, readOnly: true).query(sql).compactMap { $0.int(0) }
    }

    @Test func concurrentWritesAreCommittedInBatches() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let gate = Gate()
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            // The first job holds the writer thread, so the other 199 are certain to queue up.
            group.addTask {
                try await writer.write { db in
                    gate.enterAndWait()
                    try db.run("INSERT INTO t(x) VALUES (0)")
                    return db.lastInsertRowID
                }
            }
            try await waitUntil("the first job runs") { gate.entered }
            for i in 1..<200 {
                group.addTask {
                    try await writer.write { db in
                        try db.run("INSERT INTO t(x) VALUES (?)", [SQLValue(i)])
                        return db.lastInsertRowID
                    }
                }
            }
            try await waitUntil("199 jobs are queued") { writer.stats.queued == 199 }
            gate.open()
            var ids = Set<Int64>()
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids.count == 200)
        let stats = writer.stats
        #expect(stats.batches == 2 && stats.jobs == 200 && stats.failedBatches == 0 && stats.queued == 0)
        #expect(try committed("SELECT count(*) FROM t") == [200])
        await writer.close()
    }

    @Test func throwingJobDoesNotAffectItsNeighbours() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let gate = Gate()
        async let blocker: Void = writer.write { db in
            gate.enterAndWait()
            try db.run("INSERT INTO t(x) VALUES (0)")
        }
        try await waitUntil("the first job runs") { gate.entered }
        async let first: Void = writer.write { try $0.run("INSERT INTO t(x) VALUES (1)") }
        try await waitUntil("first is queued") { writer.stats.queued == 1 }
        async let failing = outcome {
            try await writer.write { db in
                try db.run("INSERT INTO t(x) VALUES (2)")
                throw JobFailure()
            }
        }
        try await waitUntil("failing is queued") { writer.stats.queued == 2 }
        async let uniqueViolation = outcome {
            try await writer.write { db in
                try db.run("INSERT INTO t(id, x) VALUES (1, 3)")  // id 1 is taken by the blocker's row
            }
        }
        try await waitUntil("uniqueViolation is queued") { writer.stats.queued == 3 }
        async let last: Void = writer.write { try $0.run("INSERT INTO t(x) VALUES (4)") }
        try await waitUntil("last is queued") { writer.stats.queued == 4 }
        gate.open()

        try await blocker
        try await first
        #expect(await failing.error is JobFailure)
        let violation = try #require(await uniqueViolation.error as? SQLiteError)
        #expect(violation.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        try await last
        #expect(writer.stats.batches == 2)  // the four shared one transaction
        #expect(try committed("SELECT x FROM t ORDER BY x") == [0, 1, 4])
        await writer.close()
    }

    @Test func failedCommitFailsTheWholeBatchAndLeavesNothing() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let gate = Gate()
        async let blocker: Void = writer.write { _ in gate.enterAndWait() }
        try await waitUntil("the first job runs") { gate.entered }
        async let good = outcome { try await writer.write { try $0.run("INSERT INTO parent(id) VALUES (1)") } }
        try await waitUntil("good is queued") { writer.stats.queued == 1 }
        // Accepted by its statement, refused at COMMIT: a deferred foreign key to nothing.
        async let orphan = outcome {
            try await writer.write { try $0.run("INSERT INTO child(parent_id) VALUES (99)") }
        }
        try await waitUntil("orphan is queued") { writer.stats.queued == 2 }
        gate.open()

        try await blocker
        for result in [await good, await orphan] {
            let error = try #require(result.error as? SQLiteError)
            #expect(error.extendedCode == 787 && error.sql == "COMMIT")  // SQLITE_CONSTRAINT_FOREIGNKEY
        }
        #expect(writer.stats.failedBatches == 1)
        #expect(try committed("SELECT count(*) FROM parent") == [0])
        #expect(try committed("SELECT count(*) FROM child") == [0])

        try await writer.write { try $0.run("INSERT INTO parent(id) VALUES (2)") }
        #expect(try committed("SELECT id FROM parent") == [2])
        await writer.close()
    }

    @Test func busyDatabaseFailsTheBatchThenRecovers() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema, options: .init(busyTimeoutMs: 20))
        let intruder = try Connection(path: path)
        try intruder.run("BEGIN IMMEDIATE")  // another process holding the write lock
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<5 {
                group.addTask {
                    let error = try await #require(throws: SQLiteError.self) {
                        try await writer.write { try $0.run("INSERT INTO t(x) VALUES (?)", [SQLValue(i)]) }
                    }
                    #expect(error.isBusy && error.sql == "BEGIN IMMEDIATE")
                }
            }
            try await group.waitForAll()
        }
        #expect(writer.stats.failedBatches >= 1)
        try intruder.run("ROLLBACK")

        try await writer.write { try $0.run("INSERT INTO t(x) VALUES (100)") }
        #expect(try committed("SELECT x FROM t") == [100])
        await writer.close()
    }

    @Test func fullDatabaseFailsTheWriteThenRecovers() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        // A size limit stands in for a full disk: same error (SQLITE_FULL), same code paths.
        try await writer.write { db in
            let pages = try db.queryOne("PRAGMA page_count")?.int(0) ?? 0
            try db.execute("PRAGMA max_page_count = \(pages)")
        }
        let big = SQLValue.blob(Array(repeating: 1, count: 200_000))
        let error = try await #require(throws: SQLiteError.self) {
            try await writer.write { try $0.run("INSERT INTO t(x) VALUES (?)", [big]) }
        }
        #expect(error.isFull)
        try await writer.write { try $0.execute("PRAGMA max_page_count = 1000000") }  // the disk is freed
        try await writer.write { try $0.run("INSERT INTO t(x) VALUES (?)", [big]) }
        #expect(try committed("SELECT length(x) FROM t") == [200_000])
        await writer.close()
    }

    @Test func answeredWriteIsVisibleFromAFreshConnection() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let id = try await writer.write { db in
            try db.run("INSERT INTO t(x) VALUES (?)", [42])
            return db.lastInsertRowID
        }
        let fresh = try Connection(path: path, readOnly: true)
        #expect(try fresh.queryOne("SELECT x FROM t WHERE id = ?", [.integer(id)])?.int(0) == 42)
        await writer.close()

        let reopened = try DatabaseWriter(path: path, migrations: schema)
        #expect(try await reopened.write { try $0.query("SELECT x FROM t").compactMap { $0.int(0) } } == [42])
        await reopened.close()
    }

    @Test func closeFinishesQueuedJobsThenRefusesWrites() async throws {
        let writer = try DatabaseWriter(path: path, migrations: schema)
        let gate = Gate()
        async let blocker: Void = writer.write { _ in gate.enterAndWait() }
        try await waitUntil("the first job runs") { gate.entered }
        async let queued: Void = writer.write { try $0.run("INSERT INTO t(x) VALUES (1)") }
        try await waitUntil("a job is queued") { writer.stats.queued == 1 }
        async let closing: Void = writer.close()
        try await waitUntil("close is requested") { writer.isClosed }
        let refused = try await #require(throws: DatabaseError.self) { try await writer.write { _ in } }
        guard case .closed(path) = refused else { throw TestFailure("\(refused)") }
        gate.open()

        try await blocker
        try await queued
        await closing
        await writer.close()  // closing twice is harmless
        #expect(try committed("SELECT x FROM t") == [1])
    }

    @Test func openingFailuresAreThrownByInit() throws {
        let missing = directory.file("missing/dir/db.sqlite")
        let error = try #require(throws: DatabaseError.self) { try DatabaseWriter(path: missing) }
        #expect(error.description.hasPrefix("cannot open database at \(missing): "))

        let db = try Connection(path: path)
        try db.execute("PRAGMA user_version = 9")
        let tooNew = try #require(throws: DatabaseError.self) { try DatabaseWriter(path: path, migrations: schema) }
        guard case .schemaTooNew(_, 9, 1) = tooNew else { throw TestFailure("\(tooNew)") }
    }
}
