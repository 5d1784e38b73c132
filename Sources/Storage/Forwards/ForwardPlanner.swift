import Core

/// Decides which forwards a new event, or a message reaching a final state, gets — one per
/// subscription that takes it — and what each one sends. The store asks it for the routes inside
/// its serial writer and writes them in the same transaction as the event or the state change,
/// so neither can be stored without its forwards. An event's body is not built there: it is
/// built from the stored event whenever the forward is read (`body(ofEvent:…)`), so ingest pays
/// for a row, not for a JSON document. Pure: no I/O, no clock.
public protocol ForwardPlanner: Sendable {
    /// For a newly stored inbound event (never for a redelivery), as `GET /api/events` shows it:
    /// the subscriptions that take it. With a `handoff`, the route to its subscription — whatever
    /// that subscription's filters say, and the one it would get anyway — carries the rule and
    /// its reply deadline.
    func routes(ofEvent event: StoredEvent, handoff: ForwardHandoff?) -> [ForwardRoute]
    /// The body a forward of `event` sends: the same bytes for the same event, type and rule, so
    /// every attempt (and every restart) sends what the first one did. `raw` is the provider's
    /// payload as received.
    func body(ofEvent event: StoredEvent, raw: [UInt8], type: ForwardType, rule: String?) -> [UInt8]
    /// For an outbox message that just reached a final state, at `time`: the message changes
    /// later, so these carry their body.
    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward]
    /// For an operator's replay of a stored event to `subscription`, whatever its filters say;
    /// nil when there is no such subscription.
    func replayRoute(ofEvent event: StoredEvent, to subscription: String) -> ForwardRoute?
}

extension ForwardPlanner {
    /// Without a planner of its own: the route the event got (or would get) when it was stored,
    /// so a subscription whose filters refuse the event cannot replay it.
    public func replayRoute(ofEvent event: StoredEvent, to subscription: String) -> ForwardRoute? {
        routes(ofEvent: event, handoff: nil).first { $0.subscription == subscription }
            .map { ForwardRoute(subscription: $0.subscription, type: $0.type) }
    }

    /// The forwards of an event with their bodies, as the store reads them back.
    public func forwards(ofEvent event: StoredEvent, raw: [UInt8], handoff: ForwardHandoff? = nil) -> [NewForward] {
        routes(ofEvent: event, handoff: handoff).map { route in
            NewForward(route, body: body(ofEvent: event, raw: raw, type: route.type, rule: route.rule))
        }
    }

    /// An operator's replay with its body, as the store reads it back.
    public func replay(ofEvent event: StoredEvent, raw: [UInt8], to subscription: String) -> NewForward? {
        replayRoute(ofEvent: event, to: subscription).map { route in
            NewForward(route, body: body(ofEvent: event, raw: raw, type: route.type, rule: route.rule))
        }
    }
}

/// Where one forward goes and as what: the subscription, the type, and a hand-off's rule.
public struct ForwardRoute: Sendable, Hashable {
    public var subscription: String
    public var type: ForwardType
    /// A hand-off's rule: the application's answer may be the reply (`ForwardHandoff`).
    public var rule: String?
    /// When a reply from the application is too late (Unix seconds); nil without a rule.
    public var replyBy: Double?

    public init(subscription: String, type: ForwardType, rule: String? = nil, replyBy: Double? = nil) {
        self.subscription = subscription
        self.type = type
        self.rule = rule
        self.replyBy = replyBy
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

    public init(_ route: ForwardRoute, body: [UInt8]) {
        self.init(subscription: route.subscription, type: route.type, body: body, rule: route.rule,
                  replyBy: route.replyBy)
    }
}
