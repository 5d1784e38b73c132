/// What a subscription's filters look at: the forward's type and where it happened.
public struct ForwardSubject: Sendable, Hashable {
    public var type: ForwardType
    public var provider: Provider
    public var account: String
    /// The conversation's chat kind; nil when nothing says (an event without a conversation).
    public var chat: ChatKind?

    public init(type: ForwardType, provider: Provider, account: String, chat: ChatKind?) {
        self.type = type
        self.provider = provider
        self.account = account
        self.chat = chat
    }
}
