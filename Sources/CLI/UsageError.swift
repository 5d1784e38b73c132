/// A command line wxhook cannot run: an unknown command or flag, a missing or bad value.
/// `message` is one line that names the flag (`--listen: "localhost" is not HOST:PORT`).
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The help page for the command that was being parsed, for a "see wxhook help …" hint.
    public var topic: HelpTopic?

    public init(_ message: String, topic: HelpTopic? = nil) {
        self.message = message
        self.topic = topic
    }

    /// 1, as the contract fixes for every start-up failure (rather than sysexits' 64).
    public var exitCode: Int32 { ExitStatus.failure.rawValue }

    public var description: String { message }
}

/// The exit statuses of `wxhook` (docs/configuration.md, "Validation and error messages").
public enum ExitStatus: Int32, Sendable, Hashable {
    case success = 0
    /// Bad usage or configuration, invalid rules, a failed start.
    case failure = 1
    /// `wxhook rules test`: no rule and no default reply would answer.
    case nothingAnswers = 3
}

/// `"text"` with quotes and backslashes escaped, for messages that quote what the user typed.
func quoted(_ text: String) -> String {
    var out = "\""
    for character in text {
        switch character {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.append(character)
        }
    }
    return out + "\""
}
