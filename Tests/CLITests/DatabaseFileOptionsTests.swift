import CLI
import Testing

/// `wxhook backup FILE` and `wxhook restore FILE`: one file, `--config` and `--db`.
@Suite struct DatabaseFileOptionsTests {
    func parse(_ arguments: String...) throws(UsageError) -> Command {
        try Command.parse(arguments: ArraySlice(arguments))
    }

    @Test func theFileAndTheFlagsInAnyOrder() throws {
        #expect(try parse("backup", "b.sqlite") == .backup(DatabaseFileOptions(file: "b.sqlite")))
        #expect(try parse("backup", "--db", "x.sqlite", "b.sqlite", "--config", "c.json")
            == .backup(DatabaseFileOptions(file: "b.sqlite", configPath: "c.json", databasePath: "x.sqlite")))
        #expect(try parse("restore", "--db=x.sqlite", "b.sqlite")
            == .restore(DatabaseFileOptions(file: "b.sqlite", databasePath: "x.sqlite")))
        #expect(try parse("restore", "--help") == .help(.restore))
        #expect(try parse("help", "backup") == .help(.backup))
    }

    @Test func exactlyOneFile() {
        #expect(throws: UsageError("backup: missing FILE (wxhook backup FILE)", topic: .backup)) {
            try parse("backup", "--db", "x.sqlite")
        }
        #expect(throws: UsageError("unexpected argument \"two\" for wxhook restore", topic: .restore)) {
            try parse("restore", "one", "two")
        }
        #expect(throws: UsageError("--listen: unknown flag for wxhook backup", topic: .backup)) {
            try parse("backup", "b.sqlite", "--listen", "127.0.0.1:1")
        }
    }

    @Test func helpNamesBothCommandsAndTheirFlags() {
        #expect(Help.text(for: nil).contains("wxhook backup FILE"))
        #expect(Help.text(for: nil).contains("wxhook restore FILE"))
        for topic in [HelpTopic.backup, .restore] {
            let text = Help.text(for: topic)
            #expect(text.contains("--config FILE") && text.contains("--db PATH") && text.contains("WXHOOK_DB"))
        }
        #expect(Help.text(for: .restore).contains(".before-restore"))
    }
}
