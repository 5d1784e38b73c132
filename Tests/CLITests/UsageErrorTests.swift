import CLI
import Testing

/// Every usage error: one line that names the flag, exit status 1.
@Suite struct UsageErrorTests {
    @Test(arguments: [
        // Unknown flags and arguments.
        (["serve", "--lisen", "1"], "--lisen: unknown flag for wxhook serve"),
        (["serve", "--lisen=127.0.0.1:1"], "--lisen: unknown flag for wxhook serve"),
        (["serve", "-x"], "-x: unknown flag for wxhook serve"),
        (["serve", "extra"], #"unexpected argument "extra" for wxhook serve"#),
        (["rules", "check", "--text", "x"], "--text: unknown flag for wxhook rules check"),
        (["sim", "--db", "x"], "--db: unknown flag for wxhook sim"),
        (["--listen", "127.0.0.1:1"], "--listen: unknown flag (flags come after a command)"),
        (["--verbose=1"], "--verbose: unknown flag (flags come after a command)"),
        // Missing values.
        (["serve", "--listen"], "--listen: missing value (--listen HOST:PORT)"),
        (["serve", "--db", "--rules", "r"], "--db: missing value (--db PATH)"),
        (["serve", "--config="], "--config: missing value (--config FILE)"),
        (["serve", "--rules", ""], "--rules: missing value (--rules DIR)"),
        (["rules", "test", "--text"], "--text: missing value (--text TEXT)"),
        (["sim", "--seed"], "--seed: missing value (--seed N)"),
        // Bad values.
        (["serve", "--listen", "localhost"], #"--listen: "localhost" is not HOST:PORT"#),
        (["serve", "--listen=127.0.0.1:70000"], #"--listen: "127.0.0.1:70000": port "70000" is not a number from 0 to 65535"#),
        (["sim", "--listen", "::1:80"], #"--listen: "::1:80" is not HOST:PORT (write an IPv6 address in brackets: [::1]:8080)"#),
        (["sim", "--fail-rate", "1.5"], #"--fail-rate: "1.5" is not a number from 0 to 1"#),
        (["sim", "--fail-rate", "-0.1"], #"--fail-rate: "-0.1" is not a number from 0 to 1"#),
        (["sim", "--fail-rate", "nan"], #"--fail-rate: "nan" is not a number from 0 to 1"#),
        (["sim", "--fail-rate=half"], #"--fail-rate: "half" is not a number from 0 to 1"#),
        (["sim", "--seed", "-1"], #"--seed: "-1" is not a non-negative integer"#),
        (["sim", "--seed", "+1"], #"--seed: "+1" is not a non-negative integer"#),
        (["sim", "--seed", "99999999999999999999"], #"--seed: "99999999999999999999" is not a non-negative integer"#),
        (["sim", "--callback", "127.0.0.1:8080"], #"--callback: "127.0.0.1:8080" is not an http:// or https:// URL"#),
        (["sim", "--callback", "http://"], #"--callback: "http://" is not an http:// or https:// URL"#),
        (["rules", "test", "--text", "x", "--chat", "room"], #"--chat: "room" is not private or group"#),
        (["rules", "test", "--text", "x", "--event", "follow"], #"--event: "follow" is not message or subscribe"#),
        (["rules", "test", "--text", "x", "--provider", "wechat"],
         #"--provider: "wechat" is not botadmin, yunzhenji, gowechat or wecom"#),
        (["rules", "test", "--text", "x", "--json=yes"], "--json: takes no value"),
        (["rules", "test", "--text", "x", "--mentioned=false"], "--mentioned: takes no value"),
        // Missing required flags.
        (["rules", "test"], "--text: required (wxhook rules test --text TEXT)"),
        (["rules", "test", "--json"], "--text: required (wxhook rules test --text TEXT)"),
        // Unknown commands.
        (["srve"], #"unknown command "srve" (commands: serve, rules check, rules test, sim, backup, restore, migrate, help)"#),
        (["rules"], "rules: missing subcommand (wxhook rules check or wxhook rules test)"),
        (["rules", "lint"], #"unknown command "rules lint" (wxhook rules check or wxhook rules test)"#),
        (["help", "deploy"], #"help: unknown command "deploy" (topics: serve, rules, sim, backup, restore, migrate)"#),
        (["help", "serve", "now"], #"unexpected argument "now" after help serve"#),
        (["--version", "now"], #"unexpected argument "now" after --version"#),
    ] as [([String], String)])
    func usageError(arguments: [String], message: String) {
        #expect(throws: UsageError.self) { try Command.parse(["wxhook"] + arguments) }
        do throws(UsageError) {
            _ = try Command.parse(["wxhook"] + arguments)
        } catch {
            #expect(error.message == message)
            #expect(error.description == message)
            #expect(error.exitCode == 1)
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func theFirstProblemIsReported() {
        #expect(throws: UsageError("--a: unknown flag for wxhook serve", topic: .serve)) {
            try Command.parse(["wxhook", "serve", "--a", "--b"])
        }
    }

    @Test func exitStatuses() {
        #expect(ExitStatus.success.rawValue == 0)
        #expect(ExitStatus.failure.rawValue == 1)
        #expect(ExitStatus.nothingAnswers.rawValue == 3)
    }
}
