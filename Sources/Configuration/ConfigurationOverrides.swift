/// What the command line says, the highest level of configuration. Nil: not given.
/// (`admin_token` has no flag on purpose: a secret in `argv` is visible to every user of the machine.)
public struct ConfigurationOverrides: Sendable, Hashable {
    /// `--config FILE`
    public var configPath: String?
    /// `--listen HOST:PORT`
    public var listen: ListenAddress?
    /// `--db PATH`
    public var databasePath: String?
    /// `--rules DIR`
    public var rulesPath: String?

    public init(configPath: String? = nil, listen: ListenAddress? = nil, databasePath: String? = nil,
                rulesPath: String? = nil) {
        self.configPath = configPath
        self.listen = listen
        self.databasePath = databasePath
        self.rulesPath = rulesPath
    }
}
