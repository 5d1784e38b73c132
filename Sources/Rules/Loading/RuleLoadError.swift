/// One problem in a rule set, where a person fixes it.
public struct RuleLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`
    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem of a rule set that was refused as a whole, in file order, then line order.
public struct RuleLoadErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public let problems: [RuleLoadError]

    public init(_ problems: [RuleLoadError]) { self.problems = problems }

    /// `FILE:LINE: message` per problem, as `wxhook rules check` prints them and the API lists them.
    public var lines: [String] { problems.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }
}
