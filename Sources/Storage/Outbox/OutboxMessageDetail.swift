import Delivery
import JSON

/// `GET /api/messages/{id}`: the message, its attempts and its whole timeline.
public struct OutboxMessageDetail: Sendable, Hashable {
    public let message: OutboxMessage
    /// Oldest first; consecutive rows chain.
    public let timeline: [TimelineEntry]

    public init(message: OutboxMessage, timeline: [TimelineEntry]) {
        self.message = message
        self.timeline = timeline
    }

    /// Every attempt so far, oldest first.
    public var attempts: [DeliveryAttempt] { message.record.attempts }

    /// The message's JSON plus `"timeline"` and `"attempt_history"`.
    public var json: JSONValue {
        var object = message.json.objectValue ?? JSONObject()
        object["timeline"] = .array(timeline.map(\.json))
        object["attempt_history"] = .array(attempts.map(\.json))
        return .object(object)
    }
}
