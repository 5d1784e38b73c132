import Configuration
import Testing

/// Every problem is one line naming the file and line (or flag, or variable) and the key path.
@Suite struct ValidationTests {
    @Test func unknownKeysAreErrors() {
        let file = """
        {
          "listen": "127.0.0.1:8080",
          "databse": "x.sqlite",
          "limits": { "max_body": 10 }
        }
        """
        #expect(fileProblems(file) == [
            "wxhook.json:3: databse: unknown key (known: listen, database, rules, admin_token, limits, delivery, "
                + "pacing, dedupe_window_s, durability, timezone, retention, lease_s, accounts, forward)",
            "wxhook.json:4: limits.max_body: unknown key (known: max_body_bytes, header_timeout_ms, idle_timeout_ms)",
        ])
    }

    @Test func retentionDays() throws {
        let file = """
        {
          "retention": { "events_days": -1, "messages_days": 36501,
                         "forwards_days": 1.5 }
        }
        """
        let range = "must be a whole number of days from 0 (keep forever) to 36500"
        #expect(fileProblems(file) == [
            "wxhook.json:2: retention.events_days: \(range), got -1",
            "wxhook.json:2: retention.messages_days: \(range), got 36501",
            "wxhook.json:3: retention.forwards_days: \(range), got 1.5",
        ])
        #expect(fileProblems(#"{"retention": 30}"#) == ["wxhook.json:1: retention: must be an object, got 30"])
        let kept = try makeLoader(files: ["wxhook.json": #"{"retention": {"events_days": 0, "forwards_days": 7}}"#]).load()
        #expect(kept.retention == Configuration.Retention(eventsDays: 0, messagesDays: 90, forwardsDays: 7))
    }

    @Test func wrongTypes() {
        let file = """
        {
          "limits": { "max_body_bytes": "big", "header_timeout_ms": 0, "idle_timeout_ms": 1.5 },
          "delivery": { "max_attempts": -1, "confirm_after_s": -1 },
          "dedupe_window_s": true,
          "listen": 8080,
          "database": "",
          "pacing": [],
          "accounts": {}
        }
        """
        #expect(fileProblems(file) == [
            #"wxhook.json:2: limits.max_body_bytes: must be a positive integer, got "big""#,
            "wxhook.json:2: limits.header_timeout_ms: must be a positive integer, got 0",
            "wxhook.json:2: limits.idle_timeout_ms: must be a positive integer, got 1.5",
            "wxhook.json:3: delivery.confirm_after_s: must be a non-negative integer, got -1",
            "wxhook.json:3: delivery.max_attempts: must be a positive integer, got -1",
            "wxhook.json:4: dedupe_window_s: must be a non-negative integer, got true",
            "wxhook.json:5: listen: must be a string, got 8080",
            "wxhook.json:6: database: must not be empty",
            "wxhook.json:7: pacing: must be an object, got an array",
            "wxhook.json:8: accounts: must be an array of accounts, got an object",
        ])
    }

    @Test func theFileMustBeAnObjectOfValidJSON() {
        #expect(fileProblems("[1, 2]") == ["wxhook.json:1: the configuration must be a JSON object, got an array"])
        let broken = fileProblems("{\n  \"listen\": \"127.0.0.1:8080\"\n  \"database\": \"x\"\n}")
        #expect(broken.count == 1)
        #expect(broken.first?.hasPrefix("wxhook.json:3: not valid JSON: ") == true)
    }

    @Test func durabilityIsFullOrProcess() {
        #expect(fileProblems("{\"durability\": \"fast\"}")
            == [#"wxhook.json:1: durability: must be "full" or "process", got "fast""#])
        #expect(fileProblems("{\"durability\": true}") == ["wxhook.json:1: durability: must be a string, got true"])
        #expect(fileProblems("{\"durability\": \"process\"}").isEmpty)
    }

    @Test func aKeyGivenTwice() {
        #expect(fileProblems("{\n  \"database\": \"a\",\n  \"database\": \"b\"\n}")
            == ["wxhook.json:3: database: given twice (first on line 2)"])
    }

    @Test func badListen() {
        #expect(fileProblems("{\"listen\": \"localhost\"}") == [#"wxhook.json:1: listen: "localhost" is not HOST:PORT"#])
        #expect(problemLines(makeLoader(environment: ["WXHOOK_LISTEN": "localhost"]))
            == [#"WXHOOK_LISTEN: "localhost" is not HOST:PORT"#])
    }

    @Test func badPort() {
        #expect(fileProblems("{\"listen\": \"127.0.0.1:99999\"}")
            == [#"wxhook.json:1: listen: "127.0.0.1:99999": port "99999" is not a number from 0 to 65535"#])
        #expect(problemLines(makeLoader(environment: ["WXHOOK_LISTEN": "127.0.0.1:http"]))
            == [#"WXHOOK_LISTEN: "127.0.0.1:http": port "http" is not a number from 0 to 65535"#])
    }

    @Test func badTimezone() {
        #expect(fileProblems("{\"timezone\": \"Mars/Olympus\"}")
            == [#"wxhook.json:1: timezone: "Mars/Olympus" is not an IANA time zone name (such as "Asia/Shanghai")"#])
    }

    @Test func nonLoopbackListenNeedsAnAdminToken() throws {
        #expect(fileProblems("{\"listen\": \"0.0.0.0:8080\"}")
            == ["listen 0.0.0.0:8080 needs admin_token (or listen on 127.0.0.1)"])
        #expect(problemLines(makeLoader(), ConfigurationOverrides(listen: ListenAddress(host: "::", port: 80)))
            == ["listen [::]:80 needs admin_token (or listen on 127.0.0.1)"])
        // Only `serve` cares; a token from anywhere makes it fine; loopback needs none.
        #expect(fileProblems("{\"listen\": \"0.0.0.0:8080\"}", for: .rules).isEmpty)
        let withToken = makeLoader(environment: ["WXHOOK_LISTEN": "0.0.0.0:8080", "WXHOOK_ADMIN_TOKEN": "t-1234567"])
        #expect(try withToken.load().listen.description == "0.0.0.0:8080")
        #expect(fileProblems("{\"listen\": \"[::1]:8080\"}").isEmpty)
        #expect(fileProblems("{\"listen\": \"localhost:8080\"}").isEmpty)
    }

    @Test func emptyAdminToken() {
        #expect(fileProblems("{\"admin_token\": \"\"}") == ["wxhook.json:1: admin_token: must not be empty"])
    }

    @Test func badAccountName() {
        let file = """
        {"accounts": [
          {"provider": "wecom", "name": "my shop", "key": "k-1234567"},
          {"provider": "wecom", "name": "\(String(repeating: "a", count: 65))", "key": "k-1234567"}
        ]}
        """
        let problems = fileProblems(file)
        #expect(problems.count == 2)
        #expect(problems.first == #"wxhook.json:2: accounts[0].name: "my shop" is not a valid account name ([A-Za-z0-9_-]{1,64})"#)
        #expect(problems.last?.hasPrefix("wxhook.json:3: accounts[1].name: \"aaaa") == true)
    }

    @Test func duplicateAccount() {
        let file = """
        {"accounts": [
          {"provider": "wecom", "name": "ops", "key": "k-1234567"},
          {"provider": "wecom",
           "name": "ops", "key": "k-7654321"}
        ]}
        """
        #expect(fileProblems(file) == [#"wxhook.json:4: accounts[1].name: "ops" is already the name of the wecom account accounts[0]"#])
    }

    @Test func missingCredentials() {
        let file = """
        {"accounts": [
          {"provider": "wecom", "name": "a"},
          {"provider": "gowechat", "name": "b"},
          {"provider": "yunzhenji", "name": "c"},
          {"provider": "yunzhenji", "name": "d", "app_id": "x", "wxid": "1"},
          {"provider": "botadmin", "name": "e"},
          {"provider": "botadmin", "secret": "s-1234567"}
        ]}
        """
        #expect(fileProblems(file) == [
            "wxhook.json:2: accounts[0].key: required for a wecom account",
            "wxhook.json:3: accounts[1].token: required for a gowechat account",
            "wxhook.json:4: accounts[2].app_id: required for a yunzhenji account",
            "wxhook.json:4: accounts[2].access_token: required for a yunzhenji account",
            "wxhook.json:4: accounts[2].wxid: required for a yunzhenji account",
            "wxhook.json:5: accounts[3].access_token: required for a yunzhenji account",
            "wxhook.json:6: accounts[4].secret: required for a botadmin account",
            "wxhook.json:7: accounts[5].name: required",
        ])
    }

    @Test func badProviderAndForeignSettings() {
        let file = """
        {"accounts": [
          {"name": "a", "key": "k-1234567"},
          {"provider": "wechat", "name": "b"},
          {"provider": "wecom", "name": "c", "key": "k-1234567", "secret": "s-1234567", "colour": "red"}
        ]}
        """
        #expect(fileProblems(file) == [
            "wxhook.json:2: accounts[0].provider: required (botadmin, yunzhenji, gowechat or wecom)",
            #"wxhook.json:3: accounts[1].provider: "wechat" is not a provider (botadmin, yunzhenji, gowechat or wecom)"#,
            "wxhook.json:4: accounts[2].secret: not a wecom setting (it belongs to botadmin accounts)",
            "wxhook.json:4: accounts[2].colour: unknown key (known: provider, name, base_url, self_ids, mention_names, key)",
        ])
    }

    @Test func badAccountValues() {
        let file = """
        {"accounts": [
          {"provider": "wecom", "name": "a", "key": "k-1234567", "base_url": "ftp://example.com",
           "self_ids": "me", "mention_names": ["bot", 3]},
          "wecom"
        ]}
        """
        #expect(fileProblems(file) == [
            #"wxhook.json:2: accounts[0].base_url: must be an http:// or https:// URL, got "ftp://example.com""#,
            #"wxhook.json:3: accounts[0].self_ids: must be an array of strings, got "me""#,
            "wxhook.json:3: accounts[0].mention_names[1]: must be a non-empty string, got 3",
            #"wxhook.json:4: accounts[1]: must be an object, got "wecom""#,
        ])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let loader = makeLoader(files: ["wxhook.json": "{\"database\": 1, \"listen\": \"0.0.0.0:1\"}"],
                                environment: ["WXHOOK_LISTEN": "bad"])
        #expect(problemLines(loader, ConfigurationOverrides(rulesPath: "nope")) == [
            "wxhook.json:1: database: must be a string, got 1",
            #"WXHOOK_LISTEN: "bad" is not HOST:PORT"#,
            #"--rules: rules folder "nope" does not exist"#,
            "listen 0.0.0.0:1 needs admin_token (or listen on 127.0.0.1)",
        ])
    }

    @Test func problemsFormatThemselves() {
        #expect(ConfigurationProblem(source: "a.json", line: 7, key: "accounts[1].secret", message: "m").description
            == "a.json:7: accounts[1].secret: m")
        #expect(ConfigurationProblem(source: "a.json", key: "limits", message: "m").description == "a.json: limits: m")
        #expect(ConfigurationProblem(source: "--listen", message: "m").description == "--listen: m")
        #expect(ConfigurationProblem(source: nil, message: "m").description == "m")
        let error = ConfigurationError(problems: [ConfigurationProblem(source: nil, message: "a"),
                                                  ConfigurationProblem(source: nil, message: "b")])
        #expect(error.description == "a\nb")
    }
}
