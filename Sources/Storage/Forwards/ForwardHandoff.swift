/// A rule handing an inbound message to an application: its forward to `subscription` carries
/// `rule`, and the application's answer, when it comes by `replyBy`, is the rule's reply.
public struct ForwardHandoff: Sendable, Hashable {
    public var subscription: String
    /// The rule's name (`default` / `subscribe` for those replies).
    public var rule: String
    /// Unix seconds: the event's receipt plus the rule's `reply_within_s`.
    public var replyBy: Double

    public init(subscription: String, rule: String, replyBy: Double) {
        self.subscription = subscription
        self.rule = rule
        self.replyBy = replyBy
    }
}
