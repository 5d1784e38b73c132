import Delivery

/// Which forwards to list; nil means "any".
public struct ForwardQuery: Sendable, Hashable {
    public var subscription: String?
    public var state: ForwardState?
    public var eventID: String?
    public var messageID: String?
    /// Created at or after (Unix seconds, inclusive).
    public var since: Double?
    /// Created before (Unix seconds, exclusive).
    public var until: Double?

    public init(subscription: String? = nil, state: ForwardState? = nil, eventID: String? = nil,
                messageID: String? = nil, since: Double? = nil, until: Double? = nil) {
        self.subscription = subscription
        self.state = state
        self.eventID = eventID
        self.messageID = messageID
        self.since = since
        self.until = until
    }
}
