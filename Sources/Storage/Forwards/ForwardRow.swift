import Core

/// A forward as its row is first written, whatever the engine: which subscription, its id, its
/// line, and its body — or, for most events, only the reference to the event it tells of. Each
/// engine inserts these as they are, in the transaction of the event or state change, pending
/// and due at `createdAt`.
///
/// An event's forward usually stores no body (`body` empty): the body is built from the stored
/// event when the forward is read (`ForwardPlanner.body(ofEvent:…)`), which gives the same bytes
/// on every attempt because the event row does not change. A receipt or a send failure is the
/// exception: a later callback may still match it to its message and set its `message_id`, so its
/// forward keeps the body as it was when the event was stored.
struct ForwardRow: Sendable {
    var id: String
    var subscription: String
    var type: ForwardType
    var eventID: String?
    var messageID: String?
    var provider: Provider
    var account: String
    /// Empty for an event without a conversation.
    var conversation: String
    /// Created, and first due.
    var createdAt: Double
    /// The JSON it sends; empty when it is built from the event `eventID` when read.
    var body: [UInt8]
    var rule: String?
    var replyBy: Double?

    /// The forwards of a newly stored event, one per route the planner gives (a hand-off's among
    /// them), created at the event's receipt.
    static func ofEvent(_ event: StoredEvent, provider: Provider, raw: [UInt8], handoff: ForwardHandoff?,
                        planner: any ForwardPlanner) -> [ForwardRow] {
        planner.routes(ofEvent: event, handoff: handoff).map { route in
            ForwardRow(route, of: event, provider: provider, raw: raw, at: event.receivedAt, planner: planner)
        }
    }

    /// An operator's replay of a stored event to `subscription`, created `now` so it lists as the
    /// newest (its body still tells when the event came); nil when the planner knows no such
    /// subscription.
    static func replay(of event: StoredEvent, provider: Provider, raw: [UInt8], to subscription: String, at now: Double,
                       planner: any ForwardPlanner) -> ForwardRow? {
        planner.replayRoute(ofEvent: event, to: subscription).map { route in
            ForwardRow(route, of: event, provider: provider, raw: raw, at: now, planner: planner)
        }
    }

    /// The forwards of an outbox message that just reached a final state at `time`, each with
    /// its body (the message may change again later).
    static func ofMessage(_ message: OutboxMessage, at time: Double, planner: any ForwardPlanner) -> [ForwardRow] {
        planner.forwards(ofMessage: message, at: time).map { new in
            ForwardRow(id: newID(at: time), subscription: new.subscription, type: new.type, eventID: nil,
                       messageID: message.id, provider: message.provider, account: message.account,
                       conversation: message.conversation, createdAt: time, body: new.body, rule: new.rule,
                       replyBy: new.replyBy)
        }
    }

    /// `fw_…`, time-ordered: the `webhook-id` of every attempt.
    fileprivate static func newID(at time: Double) -> String {
        Identifier.make(prefix: "fw_", unixMillis: time.isFinite ? UInt64(max(0, time) * 1000) : 0)
    }
}

extension ForwardRow {
    /// The forward of `event` along `route`, created at `time`: a reference to the event, or for
    /// an event a later callback may still change, the body as it is now.
    fileprivate init(_ route: ForwardRoute, of event: StoredEvent, provider: Provider, raw: [UInt8], at time: Double,
                     planner: any ForwardPlanner) {
        let changesLater = event.kind == EventKind.receipt.rawValue || event.kind == EventKind.sendFailure.rawValue
        self.init(id: Self.newID(at: time), subscription: route.subscription, type: route.type, eventID: event.id,
                  messageID: nil, provider: provider, account: event.account, conversation: event.conversation ?? "",
                  createdAt: time,
                  body: changesLater ? planner.body(ofEvent: event, raw: raw, type: route.type, rule: route.rule) : [],
                  rule: route.rule, replyBy: route.replyBy)
    }
}

extension Forward {
    /// Whether its body is built from its event when read (the row stores none).
    var bodyIsTheEvents: Bool { body.isEmpty && eventID != nil }

    /// Fills in the body of a forward whose row stores none, from its event as stored. Without a
    /// planner, or for a forward that has its body, nothing changes.
    mutating func buildBody(from source: ForwardBodySource, planner: (any ForwardPlanner)?) {
        guard bodyIsTheEvents, let planner else { return }
        body = planner.body(ofEvent: source.event, raw: source.raw, type: type, rule: rule)
    }
}

/// What the body of a forward whose row stores none is built from: its event as stored, and the
/// provider's payload as received.
struct ForwardBodySource: Sendable {
    var event: StoredEvent
    var raw: [UInt8]
}
