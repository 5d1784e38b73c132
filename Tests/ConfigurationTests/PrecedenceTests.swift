import Configuration
import Testing

/// Flag > environment > file > default, for each setting that has all four levels.
@Suite struct PrecedenceTests {
    static let file = """
    {"listen": "127.0.0.2:1000", "database": "file.sqlite", "rules": "file-rules", "admin_token": "file-token-1234"}
    """
    static let environment = ["WXHOOK_LISTEN": "127.0.0.3:2000", "WXHOOK_DB": "env.sqlite",
                              "WXHOOK_RULES": "env-rules", "WXHOOK_ADMIN_TOKEN": "env-token-1234"]
    static let flags = ConfigurationOverrides(listen: ListenAddress(host: "127.0.0.4", port: 3000),
                                              databasePath: "flag.sqlite", rulesPath: "flag-rules")
    static let directories: Set<String> = ["file-rules", "env-rules", "flag-rules"]

    @Test func flagsBeatEnvironment() throws {
        let loader = makeLoader(files: ["wxhook.json": Self.file], environment: Self.environment,
                                directories: Self.directories)
        let configuration = try loader.load(Self.flags)
        #expect(configuration.listen.description == "127.0.0.4:3000")
        #expect(configuration.databasePath == "flag.sqlite")
        #expect(configuration.rulesPath == "flag-rules")
        #expect(configuration.rulesPathIsExplicit)
        // admin_token has no flag: the environment is its highest level.
        #expect(configuration.adminToken?.revealed == "env-token-1234")
    }

    @Test func environmentBeatsFile() throws {
        let loader = makeLoader(files: ["wxhook.json": Self.file], environment: Self.environment,
                                directories: Self.directories)
        let configuration = try loader.load()
        #expect(configuration.listen.description == "127.0.0.3:2000")
        #expect(configuration.databasePath == "env.sqlite")
        #expect(configuration.rulesPath == "env-rules")
        #expect(configuration.adminToken?.revealed == "env-token-1234")
    }

    @Test func fileBeatsDefaults() throws {
        let loader = makeLoader(files: ["wxhook.json": Self.file], directories: Self.directories)
        let configuration = try loader.load()
        #expect(configuration.listen.description == "127.0.0.2:1000")
        #expect(configuration.databasePath == "file.sqlite")
        #expect(configuration.rulesPath == "file-rules")
        #expect(configuration.rulesPathIsExplicit)
        #expect(configuration.adminToken?.revealed == "file-token-1234")
    }

    @Test func eachLevelAloneBeatsTheDefault() throws {
        let fromEnvironment = try makeLoader(environment: Self.environment, directories: Self.directories).load()
        #expect(fromEnvironment.listen.port == 2000)
        #expect(fromEnvironment.databasePath == "env.sqlite")
        #expect(fromEnvironment.rulesPathIsExplicit)

        let fromFlags = try makeLoader(directories: Self.directories).load(Self.flags)
        #expect(fromFlags.listen.port == 3000)
        #expect(fromFlags.databasePath == "flag.sqlite")
        #expect(fromFlags.rulesPath == "flag-rules")
        #expect(fromFlags.adminToken == nil)
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        let loader = makeLoader(files: ["wxhook.json": Self.file],
                                environment: ["WXHOOK_LISTEN": "", "WXHOOK_DB": "", "WXHOOK_RULES": "",
                                              "WXHOOK_ADMIN_TOKEN": "", "WXHOOK_CONFIG": ""],
                                directories: Self.directories)
        let configuration = try loader.load()
        #expect(configuration.databasePath == "file.sqlite")
        #expect(configuration.adminToken?.revealed == "file-token-1234")
    }

    @Test func configFlagBeatsConfigVariableBeatsDefaultFile() throws {
        let files = ["wxhook.json": #"{"database": "default.sqlite"}"#,
                     "env.json": #"{"database": "env.sqlite"}"#,
                     "flag.json": #"{"database": "flag.sqlite"}"#]
        let environment = ["WXHOOK_CONFIG": "env.json"]
        #expect(try makeLoader(files: files).load().databasePath == "default.sqlite")
        #expect(try makeLoader(files: files, environment: environment).load().databasePath == "env.sqlite")
        let overrides = ConfigurationOverrides(configPath: "flag.json")
        #expect(try makeLoader(files: files, environment: environment).load(overrides).databasePath == "flag.sqlite")
    }

    @Test func aMissingDefaultFileIsNoProblemButANamedOneIs() {
        #expect(problemLines(makeLoader()).isEmpty)
        #expect(problemLines(makeLoader(), ConfigurationOverrides(configPath: "nope.json"))
            == [#"--config: cannot read "nope.json": No such file or directory"#])
        #expect(problemLines(makeLoader(environment: ["WXHOOK_CONFIG": "gone.json"]))
            == [#"WXHOOK_CONFIG: cannot read "gone.json": No such file or directory"#])
    }

    @Test func anUnreadableDefaultFileIsAProblem() {
        let loader = ConfigurationLoader(
            environment: [:],
            readFile: { _ throws(FileReadError) in throw FileReadError(kind: .unreadable, reason: "Permission denied") },
            directoryExists: { _ in true })
        #expect(problemLines(loader) == ["wxhook.json: cannot read: Permission denied"])
    }

    @Test func aMissingDefaultRulesFolderMeansNoRulesButANamedOneIsAnError() {
        #expect(problemLines(makeLoader()).isEmpty)
        #expect(problemLines(makeLoader(), ConfigurationOverrides(rulesPath: "my-rules"))
            == [#"--rules: rules folder "my-rules" does not exist"#])
        #expect(problemLines(makeLoader(environment: ["WXHOOK_RULES": "env-rules"]))
            == [#"WXHOOK_RULES: rules folder "env-rules" does not exist"#])
        #expect(fileProblems("{\n  \"rules\": \"file-rules\"\n}")
            == [#"wxhook.json:2: rules: rules folder "file-rules" does not exist"#])
        // rules commands check it as well; the simulator does not care.
        #expect(problemLines(makeLoader(), ConfigurationOverrides(rulesPath: "x"), for: .rules).count == 1)
        #expect(problemLines(makeLoader(), ConfigurationOverrides(rulesPath: "x"), for: .sim).isEmpty)
    }

    @Test func theSimulatorReadsOnlyItsFile() throws {
        let loader = makeLoader(files: ["sim.json": #"{"accounts": [{"provider": "wecom", "name": "ops", "key": "k-1234567"}]}"#],
                                environment: ["WXHOOK_LISTEN": "not an address", "WXHOOK_CONFIG": "missing.json"])
        let configuration = try loader.load(ConfigurationOverrides(configPath: "sim.json"), for: .sim)
        #expect(configuration.accounts.map(\.name) == ["ops"])
        #expect(configuration.listen == .serveDefault)
    }
}
