import JSON

/// An inbound event as `GET /api/events` shows it (docs/api.md, "Events"): what was decoded,
/// not the raw body.
public struct StoredEvent: Sendable, Hashable {
    public var id: String
    /// As stored; the store only writes `Provider` and `EventKind` raw values.
    public var provider: String
    public var account: String
    public var kind: String
    public var conversation: String?
    public var sender: String?
    public var text: String?
    public var isSelf: Bool
    /// nil when the payload did not say.
    public var isGroup: Bool?
    /// The outbox message a receipt or failure belongs to; nil while unmatched.
    public var messageID: String?
    /// Unix seconds.
    public var receivedAt: Double

    public init(
        id: String, provider: String, account: String, kind: String, conversation: String?, sender: String?,
        text: String?, isSelf: Bool, isGroup: Bool?, messageID: String?, receivedAt: Double
    ) {
        self.id = id
        self.provider = provider
        self.account = account
        self.kind = kind
        self.conversation = conversation
        self.sender = sender
        self.text = text
        self.isSelf = isSelf
        self.isGroup = isGroup
        self.messageID = messageID
        self.receivedAt = receivedAt
    }

    /// `{"id","provider","account","kind","conversation","sender","text","is_self","is_group",
    /// "message_id","received_at"}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("id", .string(id)),
            ("provider", .string(provider)),
            ("account", .string(account)),
            ("kind", .string(kind)),
            ("conversation", JSONValue(conversation)),
            ("sender", JSONValue(sender)),
            ("text", JSONValue(text)),
            ("is_self", .bool(isSelf)),
            ("is_group", isGroup.map(JSONValue.bool) ?? .null),
            ("message_id", JSONValue(messageID)),
            ("received_at", .double(receivedAt)),
        ]))
    }
}
