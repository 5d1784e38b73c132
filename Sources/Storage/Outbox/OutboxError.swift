import Delivery

/// Why an outbox operation did not happen. Nothing was changed when one is thrown.
public enum OutboxError: Error, Sendable, Hashable {
    /// No message has this id (`404`).
    case messageNotFound(String)
    /// The delivery state machine refused the event for this message: a cancel or retry in the
    /// wrong state (`409`), or a dispatcher call that does not fit (not due, not sending …).
    case refused(messageID: String, DeliveryRefusal)
    /// An attempt cannot start because an older message of its conversation is still in line
    /// (in flight, or due before it): one conversation's messages leave in order, whichever
    /// instance sends them.
    case lineHeld(messageID: String)
    /// An answer came for a send that another instance took over after this one's lease ran out
    /// (several instances on one database): the attempt it answers is not the current one.
    case leaseLost(messageID: String)
    /// An attempt cannot start before `until`: its account used its pacing budget (counted over
    /// every instance that shares the store).
    case paced(messageID: String, until: Double)
    /// A message to enqueue is not acceptable (1–5 items); `index` is its position in the call.
    case invalidMessage(index: Int, DeliveryRefusal)
    /// `recordAnswer` was given an event that is not a send's answer.
    case notAnAnswer(messageID: String, DeliveryEvent)
    /// A stored row could not be read back: the database was damaged or written by something else.
    case corruptRow(messageID: String, reason: String)

    /// The HTTP status of the admin API answer this error becomes.
    public var httpStatus: Int {
        switch self {
        case .messageNotFound: 404
        case .refused, .lineHeld, .leaseLost, .paced: 409
        case .invalidMessage: 422
        case .notAnAnswer, .corruptRow: 500
        }
    }
}

extension OutboxError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .messageNotFound(let id):
            "no message \(id)"
        case .refused(let id, let refusal):
            "message \(id): \(refusal)"
        case .lineHeld(let id):
            "message \(id): an older message of its conversation is still in line"
        case .leaseLost(let id):
            "message \(id): another instance took its send over after this one's lease ran out"
        case .paced(let id, let until):
            "message \(id): its account's pacing budget is used until \(until)"
        case .invalidMessage(let index, let refusal):
            "message \(index + 1) of the call: \(refusal)"
        case .notAnAnswer(let id, let event):
            "message \(id): \(event) is not a send answer (accepted, sent, rejected or retryable)"
        case .corruptRow(let id, let reason):
            "message \(id) cannot be read back from the database: \(reason)"
        }
    }
}
