import Core
import Delivery

/// One outbox message as stored: where it goes, what it carries, where it came from, and its
/// delivery record (state, attempts, error, timers).
public struct OutboxMessage: Sendable, Hashable {
    /// `m_…`, sortable by creation time.
    public let id: String
    public let provider: Provider
    public let account: String
    public let conversation: String
    public let chat: ChatKind
    public let items: [MessageItem]
    public let origin: MessageOrigin
    /// Unix seconds.
    public let createdAt: Double
    public let record: DeliveryRecord

    public init(
        id: String, provider: Provider, account: String, conversation: String, chat: ChatKind,
        items: [MessageItem], origin: MessageOrigin, createdAt: Double, record: DeliveryRecord
    ) {
        self.id = id
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.chat = chat
        self.items = items
        self.origin = origin
        self.createdAt = createdAt
        self.record = record
    }

    /// The same message with another delivery record: what a write changed (nothing else of a
    /// message changes after it is created).
    public func replacing(record: DeliveryRecord) -> OutboxMessage {
        OutboxMessage(id: id, provider: provider, account: account, conversation: conversation, chat: chat, items: items,
                      origin: origin, createdAt: createdAt, record: record)
    }

    public var state: DeliveryState { record.state }
    /// The time of the latest timeline row.
    public var updatedAt: Double { record.updatedAt }
    public var error: String? { record.error }
    /// How many attempts were made over the message's life.
    public var attemptCount: Int { record.attempts.count }
    /// The latest attempt's provider ids, one per item (nil where unknown).
    public var providerIDs: [String?] { record.providerIDs }
}
