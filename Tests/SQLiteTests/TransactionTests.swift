import SQLite
import Testing

@Suite struct TransactionTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.file("test.sqlite"))
        try db.execute("CREATE TABLE t(x INTEGER)")
    }

    func values(_ connection: Connection? = nil) throws -> [Int] {
        try (connection ?? db).query("SELECT x FROM t ORDER BY x").compactMap { $0.int(0) }
    }

    @Test func committedTransactionIsVisibleElsewhere() throws {
        let result = try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            #expect(db.isInTransaction)
            return "done"
        }
        #expect(result == "done" && !db.isInTransaction)
        let other = try Connection(path: directory.file("test.sqlite"), readOnly: true)
        #expect(try values(other) == [1])
    }

    @Test func throwingBodyRollsBackAndRethrows() throws {
        #expect(throws: JobFailure.self) {
            try db.transaction(.deferred) {
                try db.run("INSERT INTO t VALUES (1)")
                throw JobFailure()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try values() == [])
    }

    @Test func savepointRollbackKeepsTheOuterTransaction() throws {
        try db.transaction {
            try db.run("INSERT INTO t VALUES (1)")
            #expect(throws: JobFailure.self) {
                try db.savepoint {
                    try db.run("INSERT INTO t VALUES (2)")
                    throw JobFailure()
                }
            }
            #expect(db.isInTransaction)
            try db.savepoint { try db.run("INSERT INTO t VALUES (3)") }
        }
        #expect(try values() == [1, 3])
    }

    @Test func savepointOutsideATransactionCommitsOrRollsBack() throws {
        try db.savepoint { try db.run("INSERT INTO t VALUES (1)") }
        #expect(!db.isInTransaction)
        #expect(throws: JobFailure.self) {
            try db.savepoint {
                try db.run("INSERT INTO t VALUES (2)")
                throw JobFailure()
            }
        }
        #expect(try values() == [1])
    }

    @Test func failedCommitRollsBack() throws {
        try db.execute("""
            CREATE TABLE parent(id INTEGER PRIMARY KEY);
            CREATE TABLE child(parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
            """)
        let error = try #require(throws: SQLiteError.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (1)")
                try db.run("INSERT INTO child VALUES (42)")  // checked only at COMMIT
            }
        }
        #expect(error.extendedCode == 787 && error.sql == "COMMIT")  // SQLITE_CONSTRAINT_FOREIGNKEY
        #expect(!db.isInTransaction)
        #expect(try values() == [])
    }
}
