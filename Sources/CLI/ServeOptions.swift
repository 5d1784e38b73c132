import Configuration

/// `wxhook serve [--config FILE] [--listen HOST:PORT] [--db PATH] [--rules DIR]`
public struct ServeOptions: Sendable, Hashable {
    public var configPath: String?
    public var listen: ListenAddress?
    public var databasePath: String?
    public var rulesPath: String?

    public init(configPath: String? = nil, listen: ListenAddress? = nil, databasePath: String? = nil,
                rulesPath: String? = nil) {
        self.configPath = configPath
        self.listen = listen
        self.databasePath = databasePath
        self.rulesPath = rulesPath
    }

    static let flags = [Flag("--config", "FILE"), Flag("--listen", "HOST:PORT"), Flag("--db", "PATH"),
                        Flag("--rules", "DIR")]

    init(_ scanned: ScannedArguments) throws(UsageError) {
        self.init(configPath: scanned.values["--config"],
                  listen: try FlagValue.listen(scanned, topic: .serve),
                  databasePath: scanned.values["--db"],
                  rulesPath: scanned.values["--rules"])
    }

    /// The flags as the loader's highest level.
    public var overrides: ConfigurationOverrides {
        ConfigurationOverrides(configPath: configPath, listen: listen, databasePath: databasePath, rulesPath: rulesPath)
    }

    /// The configuration `serve` runs with: these flags over the environment, file and defaults,
    /// with the checks `serve` needs (a named rules folder exists, a public listen has a token).
    public func resolve(with loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.load(overrides, for: .serve)
    }
}
