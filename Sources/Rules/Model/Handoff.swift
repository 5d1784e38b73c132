/// A reply that hands the message to an application instead of answering with fixed text:
/// `{"forward": "crm", "reply_within_s": 30}` (docs/rules.md, "Handing a message to an
/// application"). The message is forwarded to the subscription named here, and the application's
/// answer becomes the reply.
public struct Handoff: Sendable, Hashable {
    /// How long an application has by default, counted from the message's receipt.
    public static let defaultReplyWithinSeconds = 60.0

    /// A subscription of the configuration's `forward`.
    public let subscription: String
    /// An answer later than this many seconds after the message came queues no reply.
    public let replyWithinSeconds: Double

    public init(subscription: String, replyWithinSeconds: Double = Handoff.defaultReplyWithinSeconds) {
        self.subscription = subscription
        self.replyWithinSeconds = replyWithinSeconds
    }
}
