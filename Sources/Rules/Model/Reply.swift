import Core

/// Which of a reply's messages are sent.
public enum ReplyMode: String, Sendable, Hashable, CaseIterable {
    /// Every message, in order, as one outbox message.
    case all
    /// One message, chosen uniformly.
    case random
}

/// What a rule answers: 1–5 message items whose string fields may hold templates, or a hand-off
/// of the message to an application that writes the answer.
public struct Reply: Sendable, Hashable {
    public static let maxMessages = 5

    public let mode: ReplyMode
    /// Empty for a hand-off.
    public let messages: [MessageTemplate]
    /// Set when an application answers instead (`{"forward": …}`).
    public let handoff: Handoff?
    /// Whether any message reads `{{date}}` or `{{time}}`: only then is the clock consulted.
    public let usesClock: Bool

    public init(mode: ReplyMode, messages: [MessageTemplate]) {
        self.mode = mode
        self.messages = messages
        handoff = nil
        usesClock = messages.contains { message in
            message.templates.contains { $0.uses(.date) || $0.uses(.time) }
        }
    }

    /// The message goes to an application, whose answer is the reply.
    public init(handoff: Handoff) {
        mode = .all
        messages = []
        self.handoff = handoff
        usesClock = false
    }

    /// The items to send, rendered. `random` draws from `random`, so tests can seed it.
    public func render(_ context: TemplateContext, random: inout some RandomNumberGenerator) -> [MessageItem] {
        switch mode {
        case .all:
            return messages.map { $0.render(context) }
        case .random:
            guard !messages.isEmpty else { return [] }
            return [messages[Int.random(in: 0..<messages.count, using: &random)].render(context)]
        }
    }
}
