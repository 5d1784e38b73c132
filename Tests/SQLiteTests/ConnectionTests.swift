import Glibc
import SQLite
import Testing

@Suite struct ConnectionTests {
    let directory: TemporaryDirectory
    let db: Connection

    init() throws {
        directory = try TemporaryDirectory()
        db = try Connection(path: directory.file("test.sqlite"))
        try db.execute("CREATE TABLE v(id INTEGER PRIMARY KEY, value); CREATE TABLE t(x TEXT UNIQUE)")
    }

    @Test func everyValueTypeRoundTrips() throws {
        let values: [SQLValue] = [
            .null, .integer(0), .integer(.max), .integer(.min), .real(3.25), .real(-1e300),
            .text(""), .text("héllo 你好 👋🏽 — a text longer than the small-string limit"), .text("a\u{0}b"),
            .blob([]), .blob([0, 255, 1, 0]), .blob(Array(repeating: 7, count: 100_000)),
        ]
        for value in values { try db.run("INSERT INTO v(value) VALUES (?)", [value]) }
        let rows = try db.query("SELECT value, typeof(value) FROM v ORDER BY id")
        #expect(rows.map { $0[0] } == values)
        // What SQLite itself stored: an empty text or blob is not NULL.
        #expect(rows.map { $0.string(1) } == [
            "null", "integer", "integer", "integer", "real", "real",
            "text", "text", "text", "blob", "blob", "blob",
        ])
    }

    @Test func manyTextArgumentsBeyondTheZeroCopyLimit() throws {
        let texts = (0..<40).map { SQLValue.text("value number \($0) with some length") }
        let sql = "SELECT " + Array(repeating: "?", count: texts.count).joined(separator: ", ")
        #expect(try db.queryOne(sql, texts)?.values == texts)
        let blobs = (0..<40).map { SQLValue.blob([UInt8($0), 1, 2]) }
        #expect(try db.queryOne(sql, blobs)?.values == blobs)
    }

    @Test func literalsAndConveniences() throws {
        let args: [SQLValue] = [nil, 42, 2.5, "x", true, false]
        #expect(args == [.null, .integer(42), .real(2.5), .text("x"), .integer(1), .integer(0)])
        #expect(SQLValue(String?.none) == .null)
        #expect(SQLValue("a" as String?) == .text("a"))
        #expect(SQLValue(7 as Int) == .integer(7))
        #expect(SQLValue(Bool?.some(true)) == .integer(1))
        #expect(SQLValue([1, 2] as [UInt8]) == .blob([1, 2]))

        let row = try #require(try db.queryOne("SELECT ?, ?, ?, ?, ?, ?", [7, 2.0, "s", nil, .blob([9]), 0.5]))
        #expect(row.int64(0) == 7 && row.int(0) == 7 && row.double(0) == 7 && row.bool(0) == true)
        #expect(row.int(1) == 2)  // a whole real reads as an integer
        #expect(row.int(5) == nil)  // 0.5 does not
        #expect(row.string(2) == "s" && row.int(2) == nil && row.bytes(2) == nil)
        #expect(row[3] == SQLValue.null && row.string(3) == nil && row.bool(3) == nil)
        #expect(row.bytes(4) == [9] && row.string(4) == nil)
    }

    @Test func statementCacheReusesStatementsWithNewArguments() throws {
        let insert = "INSERT INTO t(x) VALUES (?)"
        try db.run(insert, ["one"])
        let cached = db.cachedStatements
        try db.run(insert, ["two"])
        try db.run(insert, [nil])
        #expect(db.cachedStatements == cached)  // the same SQL did not prepare a new statement
        let select = "SELECT x FROM t WHERE x = ?"
        #expect(try db.queryOne(select, ["one"])?.string(0) == "one")
        #expect(try db.queryOne(select, ["two"])?.string(0) == "two")
        #expect(try db.queryOne(select, ["three"]) == nil)
        #expect(try db.query("SELECT count(*) FROM t").first?.int(0) == 3)
    }

    @Test func sameSQLNestedInsideForEach() throws {
        for x in ["a", "b", "c"] { try db.run("INSERT INTO t(x) VALUES (?)", [.text(x)]) }
        let sql = "SELECT x FROM t ORDER BY x"
        var pairs: [String] = []
        try db.forEach(sql) { outer in
            // The outer statement is still stepping: the inner use must not reset it.
            let inner = try db.query(sql).compactMap { $0.string(0) }
            pairs.append(outer.string(0)! + inner.joined())
        }
        #expect(pairs == ["aabc", "babc", "cabc"])
    }

    @Test func forEachStreamsAndStopsWhenTheBodyThrows() throws {
        try db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
            + "INSERT INTO v(value) SELECT i FROM n")
        var seen = 0
        #expect(throws: JobFailure.self) {
            try db.forEach("SELECT value FROM v ORDER BY id") { row in
                seen += 1
                if row.int(0) == 10 { throw JobFailure() }
            }
        }
        #expect(seen == 10)
        var sum = 0
        try db.forEach("SELECT value FROM v WHERE value > ?", [990]) { sum += $0.int(0)! }
        #expect(sum == (991...1000).reduce(0, +))
    }

    @Test func changesAndLastInsertRowID() throws {
        try db.run("INSERT INTO v(value) VALUES (1), (2), (3)")
        #expect(db.changes == 3)
        #expect(db.lastInsertRowID == 3)
        try db.run("UPDATE v SET value = 0 WHERE value > ?", [1])
        #expect(db.changes == 2)
    }

    @Test func uniqueViolationCarriesCodesMessageAndSQL() throws {
        let sql = "INSERT INTO t(x) VALUES (?)"
        try db.run(sql, ["dup"])
        let error = try #require(throws: SQLiteError.self) { try db.run(sql, ["dup"]) }
        #expect(error.code == SQLITE_CONSTRAINT_CODE)
        #expect(error.extendedCode == 2067)
        #expect(error.message == "UNIQUE constraint failed: t.x")
        #expect(error.sql == sql)
        #expect(error.isConstraint && !error.isBusy && !error.isFull)
        #expect(error.description
            == "SQLite error 19 (SQLITE_CONSTRAINT_UNIQUE 2067): UNIQUE constraint failed: t.x — in: \(sql)")
        // The failed statement was reset: the cached one still works.
        try db.run(sql, ["other"])
    }

    @Test func syntaxErrorCarriesCodeMessageAndSQL() throws {
        let error = try #require(throws: SQLiteError.self) { try db.query("SELEC 1") }
        #expect(error.code == 1 && error.extendedCode == 1)
        #expect(error.message.contains("syntax error"))
        #expect(error.sql == "SELEC 1")
        #expect(error.description.hasPrefix("SQLite error 1 (SQLITE_ERROR): "))

        let script = "CREATE TABLE a(x); INSERT INTO nowhere VALUES (1)"
        let scriptError = try #require(throws: SQLiteError.self) { try db.execute(script) }
        #expect(scriptError.message == "no such table: nowhere")
        #expect(scriptError.sql == script)
    }

    @Test func oneStatementAndTheRightNumberOfArguments() throws {
        let several = try #require(throws: SQLiteError.self) { try db.run("DELETE FROM t; DELETE FROM v") }
        #expect(several.code == 21)  // SQLITE_MISUSE
        try db.run("DELETE FROM t; -- a trailing comment is fine\n")
        let arity = try #require(throws: SQLiteError.self) { try db.run("INSERT INTO t(x) VALUES (?)") }
        #expect(arity.message.contains("takes 1 arguments, 0 were given"))
    }

    @Test func openingFailuresNameThePath() throws {
        let missing = directory.file("no/such/dir/db.sqlite")
        let error = try #require(throws: DatabaseError.self) { try Connection(path: missing) }
        guard case .cannotOpen(let path, let reason) = error else { throw TestFailure("\(error)") }
        #expect(path == missing && reason.code == 14)  // SQLITE_CANTOPEN
        #expect(error.description.hasPrefix("cannot open database at \(missing): SQLite error 14"))

        let garbage = directory.file("garbage.sqlite")
        let file = fopen(garbage, "w")
        fputs(String(repeating: "not a database ", count: 100), file)
        fclose(file)
        let notADatabase = try #require(throws: DatabaseError.self) { try Connection(path: garbage) }
        guard case .cannotOpen(_, let why) = notADatabase else { throw TestFailure("\(notADatabase)") }
        #expect(why.code == 26)  // SQLITE_NOTADB
    }

    @Test func writableConnectionsUseWAL() throws {
        #expect(try db.queryOne("PRAGMA journal_mode")?.string(0) == "wal")
        #expect(try db.queryOne("PRAGMA foreign_keys")?.int(0) == 1)
        #expect(try db.queryOne("PRAGMA synchronous")?.int(0) == 1)  // NORMAL
        let full = try Connection(path: directory.file("full.sqlite"), synchronous: .full)
        #expect(try full.queryOne("PRAGMA synchronous")?.int(0) == 2)
    }
}

private let SQLITE_CONSTRAINT_CODE: Int32 = 19
