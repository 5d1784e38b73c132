import Core
import JSON

/// Builds the `Configuration` from, highest first: flags (`ConfigurationOverrides`), the
/// environment (`WXHOOK_LISTEN`, `WXHOOK_DB`, `WXHOOK_RULES`, `WXHOOK_ADMIN_TOKEN`,
/// `WXHOOK_CONFIG`), the config file (`--config`, else `WXHOOK_CONFIG`, else `./wxhook.json` when it
/// exists), and the defaults. The file system and the environment come in as values, so tests
/// never touch the process's own (`ConfigurationLoader.system` uses the real ones).
public struct ConfigurationLoader: Sendable {
    public typealias ReadFile = @Sendable (String) throws(FileReadError) -> [UInt8]

    /// What the configuration is for: the checks differ.
    public enum Purpose: Sendable, Hashable {
        /// `wxhook serve`: a named rules folder must exist; a non-loopback `listen` needs `admin_token`.
        case serve
        /// `wxhook rules check|test`: a named rules folder must exist.
        case rules
        /// `wxhook sim`: only the accounts matter; the environment is not read.
        case sim
        /// `wxhook backup|restore`: only the database matters; nothing else is checked.
        case maintenance
    }

    /// The file read when neither `--config` nor `WXHOOK_CONFIG` names one, if it exists.
    public static let defaultConfigPath = "wxhook.json"

    public var environment: [String: String]
    public var readFile: ReadFile
    public var directoryExists: @Sendable (String) -> Bool

    public init(environment: [String: String], readFile: @escaping ReadFile,
                directoryExists: @escaping @Sendable (String) -> Bool) {
        self.environment = environment
        self.readFile = readFile
        self.directoryExists = directoryExists
    }

    /// Loads, validates and returns the configuration, or throws every problem found.
    public func load(_ overrides: ConfigurationOverrides = ConfigurationOverrides(),
                     for purpose: Purpose = .serve) throws(ConfigurationError) -> Configuration {
        var configuration = Configuration()
        var problems: [ConfigurationProblem] = []
        var secretsSeen: [String] = []
        var rulesSource: (source: String, line: Int?, key: String?)?
        // `sim` reads only the file it is given: the service's variables are not its business.
        let environment = purpose == .sim ? [:] : self.environment

        // The file, lowest but the defaults.
        if let (file, bytes) = configFile(overrides, environment, &problems) {
            var decoder = FileDecoder(file: file)
            do throws(JSONError) {
                decoder.decode(try JSON.parseLocated(bytes), onto: &configuration)
            } catch {
                decoder.add(error.line, nil, "not valid JSON: \(error.message) (column \(error.column))")
            }
            // In the order of the file, whatever order the keys were checked in.
            problems += decoder.problems.enumerated()
                .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
                .map(\.element)
            secretsSeen += decoder.secretsSeen
            if let line = decoder.rulesLine { rulesSource = (file, line, "rules") }
        }

        // The environment.
        if let text = variable("WXHOOK_LISTEN", environment) {
            do throws(ListenAddressError) {
                configuration.listen = try ListenAddress(parsing: text)
            } catch {
                problems.append(ConfigurationProblem(source: "WXHOOK_LISTEN", message: error.message))
            }
        }
        if let path = variable("WXHOOK_DB", environment) { configuration.databasePath = path }
        if let path = variable("WXHOOK_RULES", environment) {
            configuration.rulesPath = path
            configuration.rulesPathIsExplicit = true
            rulesSource = ("WXHOOK_RULES", nil, nil)
        }
        if let token = variable("WXHOOK_ADMIN_TOKEN", environment) {
            configuration.adminToken = Secret(token)
            secretsSeen.append(token)
        }

        // The flags.
        if let listen = overrides.listen { configuration.listen = listen }
        if let path = overrides.databasePath { configuration.databasePath = path }
        if let path = overrides.rulesPath {
            configuration.rulesPath = path
            configuration.rulesPathIsExplicit = true
            rulesSource = ("--rules", nil, nil)
        }

        // Checks across settings, on the merged result.
        if purpose == .serve || purpose == .rules, let rulesSource, !directoryExists(configuration.rulesPath) {
            problems.append(ConfigurationProblem(source: rulesSource.source, line: rulesSource.line,
                                                 key: rulesSource.key,
                                                 message: "rules folder \(quoted(configuration.rulesPath)) does not exist"))
        }
        if purpose == .serve, configuration.adminToken == nil, !configuration.listen.isLoopback {
            problems.append(ConfigurationProblem(
                source: nil, message: "listen \(configuration.listen) needs admin_token (or listen on 127.0.0.1)"))
        }

        guard problems.isEmpty else {
            throw ConfigurationError(problems: Self.scrub(problems, of: secretsSeen + configuration.secrets))
        }
        return configuration
    }

    /// The non-empty value of an environment variable; an empty one counts as unset, as shells
    /// make `VAR= wxhook serve` the usual way to unset one for a command.
    private func variable(_ name: String, _ environment: [String: String]) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The config file's name and bytes: `--config`, else `WXHOOK_CONFIG`, else `wxhook.json`
    /// when it exists. A named file that cannot be read is a problem; a missing default is not.
    private func configFile(_ overrides: ConfigurationOverrides, _ environment: [String: String],
                            _ problems: inout [ConfigurationProblem]) -> (String, [UInt8])? {
        let named: (path: String, source: String)? =
            if let path = overrides.configPath { (path, "--config") }
            else if let path = variable("WXHOOK_CONFIG", environment) { (path, "WXHOOK_CONFIG") }
            else { nil }
        let path = named?.path ?? Self.defaultConfigPath
        do throws(FileReadError) {
            return (path, try readFile(path))
        } catch {
            if let named {
                problems.append(ConfigurationProblem(source: named.source, message: "cannot read \(quoted(path)): \(error.reason)"))
            } else if error.kind != .notFound {
                problems.append(ConfigurationProblem(source: path, message: "cannot read: \(error.reason)"))
            }
            return nil
        }
    }

    /// The last guard against leaks: whatever a message quotes, no secret value survives in it.
    /// (Values shorter than 4 characters are left alone: replacing them would mangle every message
    /// and they protect nothing.)
    static func scrub(_ problems: [ConfigurationProblem], of secrets: [String]) -> [ConfigurationProblem] {
        let secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        guard !secrets.isEmpty else { return problems }
        return problems.map { problem in
            var problem = problem
            for secret in secrets {
                problem.message = problem.message.replacing(secret, with: "<redacted>")
                problem.key = problem.key?.replacing(secret, with: "<redacted>")
                problem.source = problem.source?.replacing(secret, with: "<redacted>")
            }
            return problem
        }
    }
}
