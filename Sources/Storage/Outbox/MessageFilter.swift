import Core
import Delivery

/// The filters of `GET /api/messages`; nil means "any".
public struct MessageFilter: Sendable, Hashable {
    public var state: DeliveryState?
    public var provider: Provider?
    public var account: String?
    public var conversation: String?
    /// Created at or after (Unix seconds, inclusive).
    public var since: Double?
    /// Created before (exclusive).
    public var until: Double?

    public init(
        state: DeliveryState? = nil, provider: Provider? = nil, account: String? = nil,
        conversation: String? = nil, since: Double? = nil, until: Double? = nil
    ) {
        self.state = state
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.since = since
        self.until = until
    }
}
