import Testing
@testable import PostgreSQL

/// The URL as it is printed (never with its password) and as it is changed; no server needed.
@Suite struct PostgresURLTests {
    @Test(arguments: [
        ("postgres://wx:s3cret@db.example.com:5432/wxhook?sslmode=require", "postgres://wx:***@db.example.com:5432/wxhook?sslmode=require"),
        ("postgresql://wx:p%40ss@db/wxhook", "postgresql://wx:***@db/wxhook"),
        ("postgres://wx@db/wxhook", "postgres://wx@db/wxhook"),
        ("postgres:///wxhook?host=/run/pg&password=s3cret&sslmode=disable", "postgres:///wxhook?host=/run/pg&password=***&sslmode=disable"),
        ("postgres://wx:s3cret@h1:5432,h2:5433/db?PASSWORD=s3cret#x", "postgres://wx:***@h1:5432,h2:5433/db?PASSWORD=***#x"),
        ("postgresql://db", "postgresql://db"),
    ])
    func thePasswordIsNeverPrinted(url: String, printed: String) throws {
        let parsed = try PostgresURL(url)
        #expect(parsed.description == printed)
        #expect("\(parsed)" == printed)
        #expect(!parsed.description.contains("s3cret"))
        #expect(parsed.connectionString == url)
    }

    @Test func somethingElseIsNotAURL() {
        #expect(PostgresURL.looksLikeURL("postgres://h/db"))
        #expect(PostgresURL.looksLikeURL("postgresql:///db"))
        #expect(!PostgresURL.looksLikeURL("data/wxhook.sqlite"))
        #expect(!PostgresURL.looksLikeURL("mysql://h/db"))
        #expect(throws: PostgresError.self) { try PostgresURL("host=db password=s3cret") }
        do {
            _ = try PostgresURL("host=db password=s3cret")
        } catch {
            #expect(!error.description.contains("s3cret"))
        }
    }

    @Test func anotherDatabaseKeepsServerAndOptions() throws {
        let url = try PostgresURL("postgresql://wx:s3cret@/postgres?host=/tmp/pg&sslmode=disable")
        let other = url.replacingDatabase("t_1")
        #expect(other.connectionString == "postgresql://wx:s3cret@/t_1?host=/tmp/pg&sslmode=disable")
        #expect(other.database == "t_1")
        #expect(try PostgresURL("postgres://h").replacingDatabase("a b").connectionString == "postgres://h/a%20b")
    }

    @Test func withoutLibpqTheErrorSaysWhatToInstall() {
        guard case .failure(let error) = Libpq.load("libpq-not-installed.so.5") else {
            Issue.record("a library that does not exist loaded")
            return
        }
        #expect(error == .libraryMissing)
        #expect(error.description == "database: PostgreSQL needs libpq (apt-get install libpq5)")
    }

    @Test func retryableAndConnectionLossErrors() {
        for state in ["40001", "40P01", "57014", "55P03"] {
            #expect(PostgresError.server(sqlState: state, message: "m", detail: nil).isRetryable, "\(state)")
        }
        for state in ["08006", "08001", "57P01", "57P02", "57P03"] {
            let error = PostgresError.server(sqlState: state, message: "m", detail: nil)
            #expect(error.isConnectionLoss && error.isRetryable, "\(state)")
        }
        let unique = PostgresError.server(sqlState: "23505", message: "duplicate key", detail: nil)
        #expect(!unique.isRetryable && !unique.isConnectionLoss && unique.isUniqueViolation)
        #expect(PostgresError.connectionLost("gone").isRetryable)
        #expect(!PostgresError.connect(url: "postgres://h/db", reason: "refused").isRetryable)
        #expect(PostgresError.oneLine("connection failed:\n  FATAL:  password\n\n") == "connection failed:; FATAL: password")
    }
}
