import Core

/// The filters of `GET /api/events`; nil means "any".
public struct EventFilter: Sendable, Hashable {
    public var provider: Provider?
    public var account: String?
    public var kind: EventKind?
    public var conversation: String?
    /// `q`: events whose text contains this, as typed (`%` and `_` match themselves).
    public var text: String?
    /// Received at or after (Unix seconds, inclusive).
    public var since: Double?
    /// Received before (exclusive).
    public var until: Double?

    public init(
        provider: Provider? = nil, account: String? = nil, kind: EventKind? = nil, conversation: String? = nil,
        text: String? = nil, since: Double? = nil, until: Double? = nil
    ) {
        self.provider = provider
        self.account = account
        self.kind = kind
        self.conversation = conversation
        self.text = text
        self.since = since
        self.until = until
    }
}
