/// A loaded, valid set of rules: what one reload of the rules folder produced.
public struct RuleSet: Sendable, Hashable {
    /// The names the limiter and the API use for the two special replies.
    public static let defaultName = "default"
    public static let subscribeName = "subscribe"

    /// In file-name order, then by position in the file: the order that breaks ties.
    public let rules: [Rule]
    public let defaultReply: SpecialReply?
    public let subscribeReply: SpecialReply?
    /// The files that made the set (rule files and `materials.json`), in name order.
    public let files: [String]

    public init(rules: [Rule], defaultReply: SpecialReply? = nil, subscribeReply: SpecialReply? = nil,
                files: [String] = []) {
        self.rules = rules
        self.defaultReply = defaultReply
        self.subscribeReply = subscribeReply
        self.files = files
    }

    public static let empty = RuleSet(rules: [])

    public func rule(named name: String) -> Rule? { rules.first { $0.name == name } }

    /// The cooldown of `name` (a rule, `default` or `subscribe`); 0 when unknown.
    public func cooldown(of name: String) -> Double {
        switch name {
        case Self.defaultName: defaultReply?.cooldown ?? 0
        case Self.subscribeName: subscribeReply?.cooldown ?? 0
        default: rule(named: name)?.cooldown ?? 0
        }
    }

    /// The longest cooldown in the set: how long a limiter must remember a reply.
    public var longestCooldown: Double {
        let special = [defaultReply?.cooldown ?? 0, subscribeReply?.cooldown ?? 0]
        return (rules.map(\.cooldown) + special).max() ?? 0
    }
}
