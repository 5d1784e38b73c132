import Configuration
import Testing

/// `database` names a SQLite file or a PostgreSQL URL, from the file, `WXHOOK_DB` or `--db`; a URL
/// is printed without its password. `lease_s` is read and checked.
@Suite struct DatabaseSettingTests {
    static let url = "postgres://wx:db-Secret-5@db.internal:5432/wxhook?sslmode=require"

    @Test func aURLIsPostgresAndPrintedRedacted() throws {
        for loader in [makeLoader(files: ["wxhook.json": #"{"database": "\#(Self.url)"}"#]),
                       makeLoader(environment: ["WXHOOK_DB": Self.url])] {
            let configuration = try loader.load()
            guard case .postgres(let url) = configuration.database else {
                Issue.record("\(configuration.database) is not PostgreSQL")
                continue
            }
            #expect(url.connectionString == Self.url)
            #expect(configuration.database.engine == "postgresql")
            #expect(configuration.database.description == "postgres://wx:***@db.internal:5432/wxhook?sslmode=require")
            #expect(configuration.description.contains("database: postgres://wx:***@db.internal"))
            #expect(!configuration.description.contains("db-Secret-5"))
            #expect(!"\(configuration)".contains("db-Secret-5") && !String(reflecting: configuration).contains("db-Secret-5"))
            // The log redactor is handed the password too.
            #expect(configuration.secrets.contains("db-Secret-5"))
        }
        let flag = try makeLoader().load(ConfigurationOverrides(databasePath: "postgresql:///wxhook?host=/run/pg&password=p-9"))
        #expect(flag.database.description == "postgresql:///wxhook?host=/run/pg&password=***")
        #expect(flag.secrets == ["p-9"])
    }

    @Test func aPathIsSQLite() throws {
        let configuration = try makeLoader(files: ["wxhook.json": #"{"database": "/var/lib/wxhook/db.sqlite"}"#]).load()
        #expect(configuration.database == .sqlite(path: "/var/lib/wxhook/db.sqlite"))
        #expect(configuration.database.engine == "sqlite")
        #expect(Configuration().database == .sqlite(path: "data/wxhook.sqlite"))
        // Not one of the two schemes: a file of that name.
        #expect(Configuration(databasePath: "mysql://h/db").database == .sqlite(path: "mysql://h/db"))
    }

    @Test func leaseSeconds() throws {
        #expect(try makeLoader().load().leaseS == 30)
        #expect(try makeLoader(files: ["wxhook.json": #"{"lease_s": 12}"#]).load().leaseS == 12)
        #expect(try makeLoader(files: ["wxhook.json": #"{"lease_s": 12}"#]).load().description.contains("lease_s: 12"))
        for bad in ["0", "1", "3601", "\"30\"", "2.5"] {
            let problems = fileProblems(#"{"lease_s": \#(bad)}"#)
            #expect(problems.count == 1 && problems.first?.hasPrefix("wxhook.json:1: lease_s: must be") == true, "\(problems)")
        }
    }
}
