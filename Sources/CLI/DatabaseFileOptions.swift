import Configuration

/// `wxhook backup FILE [--config FILE] [--db PATH]` and `wxhook restore FILE [--config FILE] [--db PATH]`:
/// the database (flag, `WXHOOK_DB`, config file, default) and the backup file.
public struct DatabaseFileOptions: Sendable, Hashable {
    /// The backup: written by `backup`, read by `restore`.
    public var file: String
    public var configPath: String?
    public var databasePath: String?

    public init(file: String, configPath: String? = nil, databasePath: String? = nil) {
        self.file = file
        self.configPath = configPath
        self.databasePath = databasePath
    }

    static let flags = [Flag("--config", "FILE"), Flag("--db", "PATH")]

    init(_ scanned: ScannedArguments, command: String, topic: HelpTopic) throws(UsageError) {
        guard let file = scanned.positionals.first else {
            throw UsageError("\(command): missing FILE (wxhook \(command) FILE)", topic: topic)
        }
        self.init(file: file, configPath: scanned.values["--config"], databasePath: scanned.values["--db"])
    }

    /// The configuration whose `database` is backed up or replaced.
    public func resolve(with loader: ConfigurationLoader) throws(ConfigurationError) -> Configuration {
        try loader.load(ConfigurationOverrides(configPath: configPath, databasePath: databasePath), for: .maintenance)
    }
}
