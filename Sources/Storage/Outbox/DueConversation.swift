import Core

/// What the dispatcher may send now for one conversation: its oldest queued messages that are
/// due, in creation order, as many as fit in one request of the provider (`maxItemsPerRequest`
/// items: several messages for yunzhenji, one for the others). The first one is always there.
/// Send them in one request (one attempt per message) or only the first: the others must not
/// leave before it.
public struct DueConversation: Sendable, Hashable {
    public var provider: Provider
    public var account: String
    public var conversation: String
    public var messages: [OutboxMessage]

    public init(provider: Provider, account: String, conversation: String, messages: [OutboxMessage]) {
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.messages = messages
    }

    /// Items of all the messages, in order.
    public var itemCount: Int { messages.reduce(0) { $0 + $1.items.count } }
}
