import CLI
import PostgreSQL
import Testing

/// `wxhook migrate --from SQLITE_PATH --to POSTGRES_URL`: both flags required, the target a URL,
/// and a message about the URL that never repeats its password.
@Suite struct MigrateOptionsTests {
    func parse(_ arguments: String...) throws(UsageError) -> Command {
        try Command.parse(arguments: ArraySlice(arguments))
    }

    @Test func bothFlagsInAnyOrder() throws {
        let url = try PostgresURL("postgres://wx:pw-Secret-1@db/wxhook")
        #expect(try parse("migrate", "--from", "data/wxhook.sqlite", "--to", "postgres://wx:pw-Secret-1@db/wxhook")
            == .migrate(MigrateOptions(source: "data/wxhook.sqlite", target: url)))
        #expect(try parse("migrate", "--to=postgres://wx:pw-Secret-1@db/wxhook", "--from=data/wxhook.sqlite")
            == .migrate(MigrateOptions(source: "data/wxhook.sqlite", target: url)))
        #expect(try parse("migrate", "--help") == .help(.migrate))
        #expect(try parse("help", "migrate") == .help(.migrate))
    }

    @Test func eachProblemInOneLine() {
        #expect(throws: UsageError("migrate: missing --from SQLITE_PATH", topic: .migrate)) {
            try parse("migrate", "--to", "postgres://db/wxhook")
        }
        #expect(throws: UsageError("migrate: missing --to POSTGRES_URL", topic: .migrate)) {
            try parse("migrate", "--from", "x.sqlite")
        }
        #expect(throws: UsageError("--to: not a postgres:// or postgresql:// URL", topic: .migrate)) {
            try parse("migrate", "--from", "x.sqlite", "--to", "mysql://u:pw-Secret-1@db/x")
        }
        #expect(throws: UsageError("unexpected argument \"extra\" for wxhook migrate", topic: .migrate)) {
            try parse("migrate", "--from", "x.sqlite", "--to", "postgres://db/wxhook", "extra")
        }
    }
}
