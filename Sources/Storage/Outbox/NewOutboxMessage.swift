import Core

/// A message to put in the outbox: one target, all of one call's items.
public struct NewOutboxMessage: Sendable, Hashable {
    public var provider: Provider
    public var account: String
    public var conversation: String
    public var chat: ChatKind
    /// 1–5 items, already checked against what the provider can carry.
    public var items: [MessageItem]
    public var origin: MessageOrigin
    /// `send_at`: the message waits in `queued` until then (Unix seconds).
    public var sendAt: Double?

    /// `chat` defaults to the guess from the conversation id (`…@chatroom` is a group).
    public init(
        provider: Provider, account: String, conversation: String, chat: ChatKind? = nil,
        items: [MessageItem], origin: MessageOrigin = .api, sendAt: Double? = nil
    ) {
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.chat = chat ?? ChatKind.guess(conversation: conversation)
        self.items = items
        self.origin = origin
        self.sendAt = sendAt
    }
}
