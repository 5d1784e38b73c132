/// One thing wrong with the configuration, printed as one line that says where to fix it:
/// `wxhook.json:7: accounts[1].secret: required for a botadmin account`,
/// `--listen: "localhost" is not HOST:PORT`, `WXHOOK_DB: must not be empty`.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file (as named), the flag (`--listen`) or the variable (`WXHOOK_LISTEN`); nil when the
    /// problem is between settings (a public `listen` without `admin_token`).
    public var source: String?
    /// The line in `source` when it is a file.
    public var line: Int?
    /// The key path in the file: `listen`, `limits.max_body_bytes`, `accounts[1].secret`.
    public var key: String?
    public var message: String

    public init(source: String?, line: Int? = nil, key: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = ""
        if let source {
            text += source
            if let line { text += ":\(line)" }
            text += ": "
        }
        if let key { text += "\(key): " }
        return text + message
    }
}

/// Every problem found while loading, in the order of the sources (file, environment, flags,
/// then checks across settings). `wxhook` prints `description` — one line per problem — and exits 1.
/// No message carries a secret's value.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) { self.problems = problems }

    /// The problems' lines.
    public var lines: [String] { problems.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }
}
