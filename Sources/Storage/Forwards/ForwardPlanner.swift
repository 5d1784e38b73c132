import Core

/// Decides which forwards a new event, or a message reaching a final state, gets — one per
/// subscription that takes it — and what each one sends. The store asks it inside its serial
/// writer and writes what it returns in the same transaction as the event or the state change,
/// so neither can be stored without its forwards. Pure: no I/O, no clock.
public protocol ForwardPlanner: Sendable {
    /// For a newly stored inbound event (never for a redelivery): `event` as `GET /api/events`
    /// shows it, `raw` the provider's payload as received.
    func forwards(ofEvent event: StoredEvent, raw: [UInt8]) -> [NewForward]
    /// For an outbox message that just reached a final state, at `time`.
    func forwards(ofMessage message: OutboxMessage, at time: Double) -> [NewForward]
}

/// A forward to create: to which subscription, of which type, and the exact body it sends on
/// every attempt.
public struct NewForward: Sendable, Hashable {
    public var subscription: String
    public var type: ForwardType
    public var body: [UInt8]

    public init(subscription: String, type: ForwardType, body: [UInt8]) {
        self.subscription = subscription
        self.type = type
        self.body = body
    }
}
