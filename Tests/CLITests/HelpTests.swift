import CLI
import Configuration
import Testing

@Suite struct HelpTests {
    @Test func overviewNamesEveryCommandAndTheVersion() {
        let text = Help.text(for: nil)
        for needle in ["wxhook serve", "wxhook rules check", "wxhook rules test", "wxhook sim", "wxhook --version",
                       "wxhook help", wxhookVersion, "WXHOOK_LISTEN", "WXHOOK_DB", "WXHOOK_RULES",
                       "WXHOOK_ADMIN_TOKEN", "WXHOOK_CONFIG", "WXHOOK_LOG"] {
            #expect(text.contains(needle), "overview lacks \(needle)")
        }
    }

    @Test func serveListsEveryFlagWithDefaultAndVariable() throws {
        let lines = Help.text(for: .serve).split(separator: "\n").map(String.init)
        let expected = [("--config FILE", "WXHOOK_CONFIG", "./wxhook.json"),
                        ("--listen HOST:PORT", "WXHOOK_LISTEN", "127.0.0.1:8080"),
                        ("--db PATH", "WXHOOK_DB", "data/wxhook.sqlite"),
                        ("--rules DIR", "WXHOOK_RULES", "default Rules")]
        for (flag, variable, value) in expected {
            let line = try #require(lines.first { $0.hasPrefix("  \(flag)") }, "no line for \(flag)")
            #expect(line.contains(variable) && line.contains("default") && line.contains(value), "\(line)")
        }
        let text = Help.text(for: .serve)
        #expect(text.contains("WXHOOK_ADMIN_TOKEN"))
        #expect(text.contains("--help"))
    }

    @Test func rulesListsEveryFlagOfBothSubcommands() {
        let text = Help.text(for: .rules)
        for flag in ["--rules DIR", "--text TEXT", "--provider P", "--account A", "--chat private|group", "--mentioned",
                     "--sender S", "--event message|subscribe", "--json", "wxhook rules check", "wxhook rules test",
                     "default tester", "default private", "WXHOOK_RULES"] {
            #expect(text.contains(flag), "rules help lacks \(flag)")
        }
    }

    @Test func simListsEveryFlagAndTheListenDefault() throws {
        let lines = Help.text(for: .sim).split(separator: "\n").map(String.init)
        for flag in ["--config FILE", "--listen HOST:PORT", "--callback URL", "--fail-rate R", "--seed N"] {
            let line = try #require(lines.first { $0.hasPrefix("  \(flag)") }, "no line for \(flag)")
            #expect(line.contains("default"), "\(line)")
        }
        #expect(lines.contains { $0.hasPrefix("  --listen") && $0.contains("127.0.0.1:9090") })
    }

    @Test func everyPageFitsATerminal() {
        for topic in [nil] + HelpTopic.allCases.map(Optional.some) {
            for line in Help.text(for: topic).split(separator: "\n") {
                #expect(line.count <= 110, "too long: \(line)")
            }
        }
    }

    @Test func versionIsTheSharedConstant() {
        #expect(wxhookVersion == "0.1.0")
    }
}
