import Configuration

/// `wxhook sim [--config FILE] [--listen HOST:PORT] [--callback URL] [--fail-rate R] [--seed N]`
public struct SimOptions: Sendable, Hashable {
    /// The accounts to accept (their credentials are checked) and the `/sim/app` secret; nil:
    /// accept any credentials, refuse every forward.
    public var configPath: String?
    public var listen: ListenAddress
    /// Where yunzhenji callbacks go (`{callback}/hooks/yunzhenji/{account}`), without a trailing
    /// `/`; nil: no callbacks.
    public var callback: String?
    /// The probability, 0…1, that an accepted yunzhenji send is followed by `chatMsgSendFail`.
    public var failRate: Double
    /// Makes the simulator's random choices repeatable; nil: a fresh seed.
    public var seed: UInt64?

    public init(configPath: String? = nil, listen: ListenAddress = .simDefault, callback: String? = nil,
                failRate: Double = 0, seed: UInt64? = nil) {
        self.configPath = configPath
        self.listen = listen
        self.callback = callback
        self.failRate = failRate
        self.seed = seed
    }

    static let flags = [Flag("--config", "FILE"), Flag("--listen", "HOST:PORT"), Flag("--callback", "URL"),
                        Flag("--fail-rate", "R"), Flag("--seed", "N")]

    init(_ scanned: ScannedArguments) throws(UsageError) {
        self.init(configPath: scanned.values["--config"],
                  listen: try FlagValue.listen(scanned, topic: .sim) ?? .simDefault,
                  callback: try FlagValue.url(scanned, "--callback", topic: .sim),
                  failRate: try FlagValue.fraction(scanned, "--fail-rate", topic: .sim) ?? 0,
                  seed: try FlagValue.seed(scanned, "--seed", topic: .sim))
    }

    /// The configuration named by `--config` (only its accounts and the secret of a subscription
    /// whose `url` ends in `/sim/app` matter; the environment is not read), or nil without
    /// `--config`.
    public func resolve(with loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration? {
        guard let configPath else { return nil }
        return try loader.load(ConfigurationOverrides(configPath: configPath), for: .sim)
    }
}
