import SQLite
import Storage
import Testing

/// How the SQLite engine's errors reach the service: words without SQL or paths, and whether
/// waiting may cure them.
@Suite struct SQLiteStorageFaultTests {
    static func error(_ code: Int32) -> SQLiteError {
        SQLiteError(extendedCode: code, message: "at /secret/path", sql: "INSERT INTO events")
    }

    @Test func faultsAreWordedWithoutSQLOrPaths() {
        #expect(StoreFailure.describe(Self.error(5)) == "database is locked")  // SQLITE_BUSY
        #expect(StoreFailure.describe(Self.error(6)) == "database is locked")  // SQLITE_LOCKED
        #expect(StoreFailure.describe(Self.error(13)) == "disk is full")
        #expect(StoreFailure.describe(Self.error(8)) == "database is read-only")
        #expect(StoreFailure.describe(Self.error(10)) == "database I/O error")
        #expect(StoreFailure.describe(Self.error(2067)) == "database error 2067")  // SQLITE_CONSTRAINT_UNIQUE
        #expect(StoreFailure.describe(DatabaseError.closed(path: "/secret/path")) == "database unavailable")
    }

    @Test func onlyFaultsOfTheStorageAreWorthWaitingFor() {
        #expect([5, 6, 8, 10, 13, 14].allSatisfy { Self.error($0).isTransient })
        #expect(!Self.error(2067).isTransient)
        #expect(!Self.error(1).isTransient)
    }
}
