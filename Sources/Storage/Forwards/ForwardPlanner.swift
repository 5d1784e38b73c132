import Core

/// Decides which forwards a new event, or a message reaching a final state, gets — one per
/// subscription that takes it — and what each one sends. The store asks it inside its serial
/// writer and writes what it returns in the same transaction as the event or the state change,
/// so neither can be stored without its forwards. Pure: no I/O, no clock.
public protocol ForwardPlanner: Sendable {
    /// For a newly stored inbound event (never for a redelivery): `event` as `GET /api/events`
    /// shows it, `raw` the provider's payload as received. With a `handoff`, the forward to its
    /// subscription — whatever that subscription's filters say, and the one it would get anyway —
    /// carries the rule and its reply deadline.
    func forwards(ofEvent event: StoredEvent, raw: [UInt8], handoff: ForwardHandoff?) -> [NewForward]
    /// For an outbox message that just reached a final state, at `time`.
    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward]
    /// For an operator's replay of a stored event to `subscription`, whatever its filters say;
    /// nil when there is no such subscription.
    func replay(ofEvent event: StoredEvent, raw: [UInt8], to subscription: String) -> NewForward?
}

extension ForwardPlanner {
    /// For an event no rule handed to an application.
    public func forwards(ofEvent event: StoredEvent, raw: [UInt8]) -> [NewForward] {
        forwards(ofEvent: event, raw: raw, handoff: nil)
    }

    /// Without a planner of its own: the forward the event got (or would get) when it was stored,
    /// so a subscription whose filters refuse the event cannot replay it.
    public func replay(ofEvent event: StoredEvent, raw: [UInt8], to subscription: String) -> NewForward? {
        forwards(ofEvent: event, raw: raw).first { $0.subscription == subscription }
    }
}

/// A forward to create: to which subscription, of which type, and the exact body it sends on
/// every attempt.
public struct NewForward: Sendable, Hashable {
    public var subscription: String
    public var type: ForwardType
    public var body: [UInt8]
    /// A hand-off's rule: the application's answer may be the reply (`ForwardHandoff`).
    public var rule: String?
    /// When a reply from the application is too late (Unix seconds); nil without a rule.
    public var replyBy: Double?

    public init(subscription: String, type: ForwardType, body: [UInt8], rule: String? = nil, replyBy: Double? = nil) {
        self.subscription = subscription
        self.type = type
        self.body = body
        self.rule = rule
        self.replyBy = replyBy
    }
}
