import Core

/// A reply a rule queued, as the reply limits count it after a restart.
public struct RuleReply: Sendable, Hashable {
    public var rule: String
    public var provider: Provider
    public var account: String
    public var conversation: String
    public var createdAt: Double

    public init(rule: String, provider: Provider, account: String, conversation: String, createdAt: Double) {
        self.rule = rule
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.createdAt = createdAt
    }
}
