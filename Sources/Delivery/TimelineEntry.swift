/// One row of a message's timeline: every state change, and every event that changed nothing
/// (then `from == to` and `cause` says what came). Rows chain: a row's `from` is the previous
/// row's `to`; only the first row (the message's creation) has `from == nil`.
public struct TimelineEntry: Sendable, Hashable, Codable {
    /// Unix seconds.
    public var time: Double
    public var from: DeliveryState?
    public var to: DeliveryState
    /// Human-readable: the attempt, HTTP status, provider error, callback event id or timer.
    public var cause: String

    public init(time: Double, from: DeliveryState?, to: DeliveryState, cause: String) {
        self.time = time
        self.from = from
        self.to = to
        self.cause = cause
    }

    /// Whether the row records an event that left the state as it was.
    public var isNoChange: Bool { from == to }
}
