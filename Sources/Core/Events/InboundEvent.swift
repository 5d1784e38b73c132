/// One webhook or callback as wxhook stores it: the fields later stages act on, decoded once at
/// the edge, plus the raw body so nothing the provider said is lost.
public struct InboundEvent: Sendable, Hashable {
    public var provider: Provider
    public var account: String
    public var kind: EventKind
    /// The provider's event or message type (`text`, `image`, `chatMsg`, …), for display and filters.
    public var providerType: String?
    public var conversation: String?
    public var sender: String?
    /// The text of a text message, as received.
    public var text: String?
    /// The provider's own message id (`msg_id`), when it sends one.
    public var providerMessageID: String?
    /// Correlation with wxhook's own sends (云真机 receipts and failures).
    public var apiSendID: String?
    public var apiSendSvrID: String?
    /// The provider's failure reason (`chatMsgSendFail` `errmsg`).
    public var error: String?
    public var isSelf: Bool
    /// `nil` when the payload does not say; the service decides with its own knowledge.
    public var isGroup: Bool?
    /// Ids or names the message @-mentions, as the payload lists them.
    public var mentions: [String]
    /// How redeliveries of this event are recognised.
    public var dedupeKey: DedupeKey
    public var rawBody: [UInt8]

    public init(provider: Provider, account: String, kind: EventKind, providerType: String? = nil,
                conversation: String? = nil, sender: String? = nil, text: String? = nil,
                providerMessageID: String? = nil, apiSendID: String? = nil, apiSendSvrID: String? = nil,
                error: String? = nil, isSelf: Bool = false, isGroup: Bool? = nil, mentions: [String] = [],
                dedupeKey: DedupeKey, rawBody: [UInt8]) {
        self.provider = provider
        self.account = account
        self.kind = kind
        self.providerType = providerType
        self.conversation = conversation
        self.sender = sender
        self.text = text
        self.providerMessageID = providerMessageID
        self.apiSendID = apiSendID
        self.apiSendSvrID = apiSendSvrID
        self.error = error
        self.isSelf = isSelf
        self.isGroup = isGroup
        self.mentions = mentions
        self.dedupeKey = dedupeKey
        self.rawBody = rawBody
    }
}

/// The identity of an event for redelivery detection (docs/providers.md, "Recognising
/// redeliveries").
public struct DedupeKey: Sendable, Hashable {
    /// Unique per provider account and event; stored under a UNIQUE constraint.
    public var value: String
    /// `true` when the key is a hash of the body: an identical body counts as a redelivery only
    /// within `dedupe_window_s`. Keys built from provider ids dedupe for as long as events are kept.
    public var windowed: Bool

    public init(value: String, windowed: Bool) {
        self.value = value
        self.windowed = windowed
    }

    /// The key of a body with no usable id: its SHA-256, within the dedupe window.
    public static func bodyHash<Body: Collection<UInt8>>(_ body: Body) -> DedupeKey {
        DedupeKey(value: "sha256:" + SHA256.hex(body), windowed: true)
    }
}
