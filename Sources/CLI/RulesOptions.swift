import Configuration
import Core

/// `wxhook rules check [--rules DIR]`
public struct RulesCheckOptions: Sendable, Hashable {
    public var rulesPath: String?

    public init(rulesPath: String? = nil) { self.rulesPath = rulesPath }

    static let flags = [Flag("--rules", "DIR")]

    /// The configuration with the rules folder to check (flag, `WXHOOK_RULES`, file, default)
    /// and the timezone the rules render in.
    public func resolve(with loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.load(ConfigurationOverrides(rulesPath: rulesPath), for: .rules)
    }
}

/// `wxhook rules test [--rules DIR] --text TEXT [--provider P] [--account A] [--chat private|group]
/// [--mentioned] [--sender S] [--event message|subscribe] [--json]`
public struct RulesTestOptions: Sendable, Hashable {
    /// What the tested message says. Required, except for `--event subscribe` (then "").
    public var text: String
    public var provider: Provider?
    public var account: String?
    public var chat: ChatKind
    public var mentioned: Bool
    /// Fills `{{sender}}`.
    public var sender: String
    public var event: Event
    /// Print the JSON of `POST /api/rules/test` instead of text.
    public var json: Bool
    public var rulesPath: String?

    /// Which reply is asked for: the answer to a message, or the follow reply.
    public enum Event: String, Sendable, Hashable, CaseIterable {
        case message
        case subscribe
    }

    public init(text: String, provider: Provider? = nil, account: String? = nil, chat: ChatKind = .private,
                mentioned: Bool = false, sender: String = "tester", event: Event = .message, json: Bool = false,
                rulesPath: String? = nil) {
        self.text = text
        self.provider = provider
        self.account = account
        self.chat = chat
        self.mentioned = mentioned
        self.sender = sender
        self.event = event
        self.json = json
        self.rulesPath = rulesPath
    }

    static let flags = [Flag("--rules", "DIR"), Flag("--text", "TEXT"), Flag("--provider", "P"),
                        Flag("--account", "A"), Flag("--chat", "private|group"), Flag("--mentioned"),
                        Flag("--sender", "S"), Flag("--event", "message|subscribe"), Flag("--json")]

    init(_ scanned: ScannedArguments) throws(UsageError) {
        let event = try FlagValue.choice(scanned, "--event", Event.self, topic: .rules) ?? .message
        guard let text = scanned.values["--text"] ?? (event == .subscribe ? "" : nil) else {
            throw UsageError("--text: required (wxhook rules test --text TEXT)", topic: .rules)
        }
        self.init(text: text,
                  provider: try FlagValue.choice(scanned, "--provider", Provider.self, topic: .rules),
                  account: scanned.values["--account"],
                  chat: try FlagValue.choice(scanned, "--chat", ChatKind.self, topic: .rules) ?? .private,
                  mentioned: scanned.switches.contains("--mentioned"),
                  sender: scanned.values["--sender"] ?? "tester",
                  event: event,
                  json: scanned.switches.contains("--json"),
                  rulesPath: scanned.values["--rules"])
    }

    /// The configuration whose rules folder, timezone and accounts the test runs against.
    public func resolve(with loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.load(ConfigurationOverrides(rulesPath: rulesPath), for: .rules)
    }
}
