/// What a forward tells an application, as the body's `type` names it: an inbound event of
/// each kind was stored (`event.*`), or an outbox message reached a final state (`message.*`).
public enum ForwardType: String, Sendable, Hashable, CaseIterable {
    case eventMessage = "event.message"
    case eventSelfMessage = "event.self_message"
    case eventReceipt = "event.receipt"
    case eventSendFailure = "event.send_failure"
    case eventUnknown = "event.unknown"
    case messageDelivered = "message.delivered"
    case messageSent = "message.sent"
    case messageFailed = "message.failed"
    case messageExpired = "message.expired"
    case messageCancelled = "message.cancelled"

    /// The type of a stored inbound event of `kind`.
    public init(event kind: EventKind) {
        self = switch kind {
        case .message: .eventMessage
        case .selfMessage: .eventSelfMessage
        case .receipt: .eventReceipt
        case .sendFailure: .eventSendFailure
        case .unknown: .eventUnknown
        }
    }

    /// The type of an outbox message reaching the final state named `state`; nil for a state
    /// that is not final (Core does not know the delivery states, only their names).
    public init?(messageState state: String) {
        self.init(rawValue: "message." + state)
    }
}
