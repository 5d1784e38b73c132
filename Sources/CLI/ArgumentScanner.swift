/// A flag a command accepts: a switch (`--json`) or one that takes a value (`--listen HOST:PORT`).
struct Flag: Sendable {
    let name: String
    /// What the value is, for messages (`HOST:PORT`); nil for a switch.
    let valueName: String?

    init(_ name: String, _ valueName: String? = nil) {
        self.name = name
        self.valueName = valueName
    }
}

/// The flags of one command line, before their values are interpreted.
struct ScannedArguments {
    /// The last value given for each flag: a later flag overrides an earlier one, so a script can
    /// append to a command line.
    var values: [String: String] = [:]
    var switches: Set<String> = []
    /// Arguments that are not flags, in order (`wxhook backup FILE`), when the command takes them.
    var positionals: [String] = []
    /// `--help` or `-h` appeared: help wins over every other problem.
    var helpRequested = false
}

/// Splits arguments into flags and values: `--flag value` and `--flag=value`. A value may not
/// start with `--` (`--text --json` is a missing value; write `--text=--json`), which turns a
/// forgotten value into an error instead of a swallowed flag; nor may it be empty.
enum ArgumentScanner {
    static func scan(_ arguments: ArraySlice<String>, flags: [Flag], command: String,
                     topic: HelpTopic, positionals: Int = 0) throws(UsageError) -> ScannedArguments {
        var scanned = ScannedArguments()
        var firstProblem: UsageError?
        func problem(_ message: String) {
            if firstProblem == nil { firstProblem = UsageError(message, topic: topic) }
        }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let token = arguments[index]
            index += 1
            if token == "--help" || token == "-h" {
                scanned.helpRequested = true
                continue
            }
            guard token.hasPrefix("-"), token != "-" else {
                if scanned.positionals.count < positionals {
                    scanned.positionals.append(token)
                    continue
                }
                problem("unexpected argument \(quoted(token)) for wxhook \(command)")
                continue
            }
            var name = token
            var inline: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            }
            guard let flag = flags.first(where: { $0.name == name }) else {
                problem("\(name): unknown flag for wxhook \(command)")
                continue
            }
            guard let valueName = flag.valueName else {
                if inline != nil {
                    problem("\(name): takes no value")
                } else {
                    scanned.switches.insert(name)
                }
                continue
            }
            let value: String?
            if let inline {
                value = inline
            } else if index < arguments.endIndex, !arguments[index].hasPrefix("--") {
                value = arguments[index]
                index += 1
            } else {
                value = nil
            }
            // An empty value (`--db=`, `--db ""`) is as good as none: no flag means "empty".
            if let value, !value.isEmpty {
                scanned.values[name] = value
            } else {
                problem("\(name): missing value (\(name) \(valueName))")
            }
        }
        if !scanned.helpRequested, let firstProblem { throw firstProblem }
        return scanned
    }
}
