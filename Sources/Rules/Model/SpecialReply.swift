/// A reply that no keyword triggers: `default` (a message no rule matched) or `subscribe`
/// (a follow / new-friend event).
public struct SpecialReply: Sendable, Hashable {
    public let reply: Reply
    public let scope: RuleScope
    /// `cooldown_s`, per conversation, as for rules.
    public let cooldown: Double
    public let file: String
    public let line: Int

    public init(reply: Reply, scope: RuleScope = .any, cooldown: Double = 0, file: String = "", line: Int = 0) {
        self.reply = reply
        self.scope = scope
        self.cooldown = cooldown
        self.file = file
        self.line = line
    }
}
