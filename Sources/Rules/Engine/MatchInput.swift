import Core

/// What the rules see of an inbound event.
public struct MatchInput: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable, CaseIterable {
        /// Someone wrote: keyword rules, else the `default` reply.
        case message
        /// A follow / new-friend event: the `subscribe` reply.
        case subscribe
    }

    /// The text as received; the engine normalizes it.
    public var text: String
    /// `nil` (a rule test that named none) is not checked against scopes' provider lists.
    public var provider: Provider?
    /// `nil` (a rule test that named none) is not checked against scopes' account lists.
    public var account: String?
    public var chat: ChatKind
    /// Whether a group message @-mentions the account.
    public var mentioned: Bool
    public var sender: String
    public var conversation: String
    public var event: Event

    /// What the reply limits (cooldown, per-conversation cap) count against: `provider/name`,
    /// since an account name is unique per provider only. Scopes and `{{account}}` use the bare
    /// `account`.
    public var limitKey: String {
        (provider.map { $0.rawValue + "/" } ?? "") + (account ?? "")
    }

    public init(text: String, provider: Provider? = nil, account: String? = nil, chat: ChatKind = .private,
                mentioned: Bool = false, sender: String = "", conversation: String = "", event: Event = .message) {
        self.text = text
        self.provider = provider
        self.account = account
        self.chat = chat
        self.mentioned = mentioned
        self.sender = sender
        self.conversation = conversation
        self.event = event
    }
}
