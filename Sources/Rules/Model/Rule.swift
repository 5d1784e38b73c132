/// One keyword rule as loaded from a rule file.
public struct Rule: Sendable, Hashable {
    public let name: String
    public let keywords: [Keyword]
    /// The rule's `match`: how its plain-string keywords compare (default `contains`).
    public let match: MatchKind
    public let priority: Int
    public let scope: RuleScope
    public let reply: Reply
    /// `cooldown_s`: the least time between two replies of this rule in one conversation.
    public let cooldown: Double
    public let enabled: Bool
    /// The file the rule came from, as the loader was given its name.
    public let file: String
    /// The rule's index in its file (0-based).
    public let position: Int
    /// The line of the rule's object in its file.
    public let line: Int

    public init(name: String, keywords: [Keyword], match: MatchKind = .contains, priority: Int = 0,
                scope: RuleScope = .any, reply: Reply, cooldown: Double = 0, enabled: Bool = true,
                file: String = "", position: Int = 0, line: Int = 0) {
        self.name = name
        self.keywords = keywords
        self.match = match
        self.priority = priority
        self.scope = scope
        self.reply = reply
        self.cooldown = cooldown
        self.enabled = enabled
        self.file = file
        self.position = position
        self.line = line
    }
}
