/// What `wxhook` was asked to do: the command line parsed and its values checked, nothing run.
public enum Command: Sendable, Hashable {
    case serve(ServeOptions)
    case rulesCheck(RulesCheckOptions)
    case rulesTest(RulesTestOptions)
    case sim(SimOptions)
    /// `wxhook backup FILE`
    case backup(DatabaseFileOptions)
    /// `wxhook restore FILE`
    case restore(DatabaseFileOptions)
    /// `wxhook migrate --from SQLITE_PATH --to POSTGRES_URL`
    case migrate(MigrateOptions)
    /// `wxhook --version`: print `wxhookVersion`.
    case version
    /// `wxhook help [COMMAND]`, `wxhook [COMMAND] --help`, or no arguments at all: print
    /// `Help.text(for:)`.
    case help(HelpTopic?)
}

/// The help pages: the overview (nil) and one per command.
public enum HelpTopic: String, Sendable, Hashable, CaseIterable {
    case serve
    /// `rules check` and `rules test`.
    case rules
    case sim
    case backup
    case restore
    case migrate
}

extension Command {
    /// Parses `CommandLine.arguments`: the first element (the program's path) is skipped.
    public static func parse(_ commandLine: [String]) throws(UsageError) -> Command {
        try parse(arguments: commandLine.dropFirst())
    }

    /// Parses the arguments after the program's name.
    public static func parse(arguments: ArraySlice<String>) throws(UsageError) -> Command {
        guard let first = arguments.first else { return .help(nil) }
        let rest = arguments.dropFirst()
        switch first {
        case "serve":
            let scanned = try ArgumentScanner.scan(rest, flags: ServeOptions.flags, command: "serve", topic: .serve)
            return scanned.helpRequested ? .help(.serve) : .serve(try ServeOptions(scanned))
        case "rules":
            return try parseRules(rest)
        case "sim":
            let scanned = try ArgumentScanner.scan(rest, flags: SimOptions.flags, command: "sim", topic: .sim)
            return scanned.helpRequested ? .help(.sim) : .sim(try SimOptions(scanned))
        case "backup", "restore":
            let topic: HelpTopic = first == "backup" ? .backup : .restore
            let scanned = try ArgumentScanner.scan(rest, flags: DatabaseFileOptions.flags, command: first, topic: topic,
                                                   positionals: 1)
            if scanned.helpRequested { return .help(topic) }
            let options = try DatabaseFileOptions(scanned, command: first, topic: topic)
            return topic == .backup ? .backup(options) : .restore(options)
        case "migrate":
            let scanned = try ArgumentScanner.scan(rest, flags: MigrateOptions.flags, command: "migrate", topic: .migrate)
            return scanned.helpRequested ? .help(.migrate) : .migrate(try MigrateOptions(scanned))
        case "--version":
            try expectNothing(after: first, rest)
            return .version
        case "help", "--help", "-h":
            return .help(try helpTopic(rest))
        default:
            if first.hasPrefix("-") {
                let name = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
                throw UsageError("\(name): unknown flag (flags come after a command)")
            }
            throw UsageError("unknown command \(quoted(first)) (commands: serve, rules check, rules test, sim, backup, restore, migrate, help)")
        }
    }

    private static func parseRules(_ arguments: ArraySlice<String>) throws(UsageError) -> Command {
        let rest = arguments.dropFirst()
        switch arguments.first {
        case "check":
            let scanned = try ArgumentScanner.scan(rest, flags: RulesCheckOptions.flags, command: "rules check",
                                                   topic: .rules)
            return scanned.helpRequested
                ? .help(.rules) : .rulesCheck(RulesCheckOptions(rulesPath: scanned.values["--rules"]))
        case "test":
            let scanned = try ArgumentScanner.scan(rest, flags: RulesTestOptions.flags, command: "rules test",
                                                   topic: .rules)
            return scanned.helpRequested ? .help(.rules) : .rulesTest(try RulesTestOptions(scanned))
        case "--help", "-h":
            return .help(.rules)
        case nil:
            throw UsageError("rules: missing subcommand (wxhook rules check or wxhook rules test)", topic: .rules)
        case let other?:
            throw UsageError("unknown command \(quoted("rules \(other)")) (wxhook rules check or wxhook rules test)",
                             topic: .rules)
        }
    }

    /// `help`, `help serve`, `help rules check`…: the page to show.
    private static func helpTopic(_ arguments: ArraySlice<String>) throws(UsageError) -> HelpTopic? {
        guard let first = arguments.first, first != "--help", first != "-h" else { return nil }
        guard let topic = HelpTopic(rawValue: first) else {
            throw UsageError("help: unknown command \(quoted(first)) (topics: serve, rules, sim, backup, restore, migrate)")
        }
        let extra = arguments.dropFirst()
        if topic == .rules, let sub = extra.first, sub == "check" || sub == "test" {
            try expectNothing(after: "help rules \(sub)", extra.dropFirst())
        } else {
            try expectNothing(after: "help \(first)", extra)
        }
        return topic
    }

    private static func expectNothing(after command: String, _ arguments: ArraySlice<String>) throws(UsageError) {
        if let extra = arguments.first {
            throw UsageError("unexpected argument \(quoted(extra)) after \(command)")
        }
    }
}
