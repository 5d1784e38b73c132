/// What the rules decided for a new inbound message: replies to queue with it, or a hand-off of
/// it to an application (whose answer becomes the reply later), or nothing.
public struct ReplyPlan: Sendable, Hashable {
    public var messages: [NewOutboxMessage]
    public var handoff: ForwardHandoff?

    public init(messages: [NewOutboxMessage] = [], handoff: ForwardHandoff? = nil) {
        self.messages = messages
        self.handoff = handoff
    }

    public static let nothing = ReplyPlan()
}
