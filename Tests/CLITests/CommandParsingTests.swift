import CLI
import Configuration
import Testing

/// `wxhook ARGS…` parsed as `main` will parse `CommandLine.arguments`.
func parse(_ arguments: String...) throws(UsageError) -> Command {
    try Command.parse(["/usr/local/bin/wxhook"] + arguments)
}

@Suite struct ServeParsingTests {
    @Test func bareServeSetsNothing() throws {
        #expect(try parse("serve") == .serve(ServeOptions()))
    }

    @Test func everyFlagWithASeparateValue() throws {
        let command = try parse("serve", "--config", "c.json", "--listen", "[::1]:9000", "--db", "d.sqlite",
                                "--rules", "r")
        #expect(command == .serve(ServeOptions(configPath: "c.json", listen: ListenAddress(host: "::1", port: 9000),
                                               databasePath: "d.sqlite", rulesPath: "r")))
    }

    @Test func everyFlagWithAnEqualsValue() throws {
        let command = try parse("serve", "--config=c.json", "--listen=0.0.0.0:80", "--db=d=1.sqlite", "--rules=r")
        #expect(command == .serve(ServeOptions(configPath: "c.json", listen: ListenAddress(host: "0.0.0.0", port: 80),
                                               databasePath: "d=1.sqlite", rulesPath: "r")))
    }

    @Test func theLastOfARepeatedFlagWins() throws {
        #expect(try parse("serve", "--db", "a", "--db=b") == .serve(ServeOptions(databasePath: "b")))
    }

    @Test func optionsResolveThroughTheLoaderWithFlagsOnTop() throws {
        let loader = ConfigurationLoader(
            environment: ["WXHOOK_DB": "env.sqlite", "WXHOOK_LISTEN": "127.0.0.1:1"],
            readFile: { _ throws(FileReadError) in Array(#"{"database": "file.sqlite", "dedupe_window_s": 3}"#.utf8) },
            directoryExists: { _ in false })
        guard case .serve(let options) = try parse("serve", "--db", "flag.sqlite", "--config", "x.json") else {
            Issue.record("not serve")
            return
        }
        let configuration = try options.resolve(with: loader)
        #expect(configuration.databasePath == "flag.sqlite")
        #expect(configuration.listen.port == 1)
        #expect(configuration.dedupeWindowS == 3)
        #expect(options.overrides == ConfigurationOverrides(configPath: "x.json", databasePath: "flag.sqlite"))
    }

    @Test func serveRefusesAPublicListenWithoutAToken() throws {
        let loader = ConfigurationLoader(environment: [:], readFile: { _ throws(FileReadError) in
            throw FileReadError(kind: .notFound, reason: "No such file or directory")
        }, directoryExists: { _ in true })
        guard case .serve(let options) = try parse("serve", "--listen", "0.0.0.0:8080") else {
            Issue.record("not serve")
            return
        }
        #expect(throws: ConfigurationError(problems: [
            ConfigurationProblem(source: nil, message: "listen 0.0.0.0:8080 needs admin_token (or listen on 127.0.0.1)"),
        ])) { try options.resolve(with: loader) }
    }
}

@Suite struct RulesParsingTests {
    @Test func check() throws {
        #expect(try parse("rules", "check") == .rulesCheck(RulesCheckOptions()))
        #expect(try parse("rules", "check", "--rules", "x") == .rulesCheck(RulesCheckOptions(rulesPath: "x")))
        #expect(try parse("rules", "check", "--rules=y") == .rulesCheck(RulesCheckOptions(rulesPath: "y")))
    }

    @Test func testWithOnlyText() throws {
        let command = try parse("rules", "test", "--text", "价格多少")
        #expect(command == .rulesTest(RulesTestOptions(text: "价格多少")))
        guard case .rulesTest(let options) = command else { return }
        #expect(options.sender == "tester")
        #expect(options.chat == .private)
        #expect(options.event == .message)
        #expect(!options.mentioned && !options.json)
        #expect(options.provider == nil && options.account == nil && options.rulesPath == nil)
    }

    @Test func testWithEveryFlag() throws {
        let command = try parse("rules", "test", "--rules", "R", "--text=hi there", "--provider", "yunzhenji",
                                "--account=sales", "--chat", "group", "--mentioned", "--sender", "Ann",
                                "--event=message", "--json")
        #expect(command == .rulesTest(RulesTestOptions(text: "hi there", provider: .yunzhenji, account: "sales",
                                                       chat: .group, mentioned: true, sender: "Ann", event: .message,
                                                       json: true, rulesPath: "R")))
    }

    @Test func aTextMayStartWithOneDash() throws {
        #expect(try parse("rules", "test", "--text", "-5") == .rulesTest(RulesTestOptions(text: "-5")))
        #expect(try parse("rules", "test", "--text=--json") == .rulesTest(RulesTestOptions(text: "--json")))
    }

    @Test func subscribeNeedsNoText() throws {
        #expect(try parse("rules", "test", "--event", "subscribe")
            == .rulesTest(RulesTestOptions(text: "", event: .subscribe)))
    }

    @Test func resolvesTheRulesFolderThroughTheLoader() throws {
        let loader = ConfigurationLoader(
            environment: ["WXHOOK_RULES": "env-rules", "WXHOOK_LISTEN": "0.0.0.0:80"],
            readFile: { _ throws(FileReadError) in throw FileReadError(kind: .notFound, reason: "none") },
            directoryExists: { $0 == "env-rules" || $0 == "flag-rules" })
        // A public listen without a token is serve's problem only.
        #expect(try RulesCheckOptions().resolve(with: loader).rulesPath == "env-rules")
        #expect(try RulesCheckOptions(rulesPath: "flag-rules").resolve(with: loader).rulesPath == "flag-rules")
        #expect(try RulesTestOptions(text: "x", rulesPath: "flag-rules").resolve(with: loader).rulesPath == "flag-rules")
        #expect(throws: ConfigurationError.self) { try RulesCheckOptions(rulesPath: "missing").resolve(with: loader) }
    }
}

@Suite struct SimParsingTests {
    @Test func defaults() throws {
        #expect(try parse("sim") == .sim(SimOptions()))
        let options = SimOptions()
        #expect(options.listen.description == "127.0.0.1:9090")
        #expect(options.failRate == 0)
        #expect(options.seed == nil && options.callback == nil && options.configPath == nil)
    }

    @Test func everyFlag() throws {
        let command = try parse("sim", "--config", "c.json", "--listen=127.0.0.1:0", "--callback",
                                "http://127.0.0.1:8080/", "--fail-rate", "0.25", "--seed=42")
        #expect(command == .sim(SimOptions(configPath: "c.json", listen: ListenAddress(host: "127.0.0.1", port: 0),
                                           callback: "http://127.0.0.1:8080", failRate: 0.25, seed: 42)))
    }

    @Test(arguments: ["0", "1", "0.5", "1.0", "1e-3"])
    func failRatesInRange(text: String) throws {
        guard case .sim(let options) = try parse("sim", "--fail-rate", text) else {
            Issue.record("not sim")
            return
        }
        #expect(options.failRate == Double(text))
    }

    @Test func withoutConfigTheSimulatorAcceptsAnyAccount() throws {
        let loader = ConfigurationLoader(
            environment: [:],
            readFile: { _ throws(FileReadError) in
                Array(#"{"accounts": [{"provider": "gowechat", "name": "home", "token": "t-1234567"}]}"#.utf8)
            },
            directoryExists: { _ in false })
        #expect(try SimOptions().resolve(with: loader) == nil)
        let configuration = try SimOptions(configPath: "sim.json").resolve(with: loader)
        #expect(configuration?.account(provider: .gowechat, name: "home")?.token?.revealed == "t-1234567")
    }
}

@Suite struct HelpAndVersionParsingTests {
    @Test func version() throws {
        #expect(try parse("--version") == .version)
    }

    @Test(arguments: [
        ([], nil), (["help"], nil), (["--help"], nil), (["-h"], nil), (["help", "--help"], nil),
        (["help", "serve"], HelpTopic.serve), (["help", "rules"], .rules), (["help", "rules", "check"], .rules),
        (["help", "rules", "test"], .rules), (["help", "sim"], .sim), (["--help", "sim"], .sim),
        (["serve", "--help"], .serve), (["serve", "-h"], .serve), (["rules", "--help"], .rules),
        (["rules", "check", "--help"], .rules), (["rules", "test", "-h"], .rules), (["sim", "--help"], .sim),
    ] as [([String], HelpTopic?)])
    func help(arguments: [String], topic: HelpTopic?) throws {
        #expect(try Command.parse(["wxhook"] + arguments) == .help(topic))
    }

    @Test func helpWinsOverOtherProblems() throws {
        #expect(try parse("serve", "--bogus", "--listen", "nope", "--help") == .help(.serve))
        #expect(try parse("rules", "test", "--help") == .help(.rules))
    }
}
