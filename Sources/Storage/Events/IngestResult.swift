/// What storing an inbound event came to.
public struct IngestResult: Sendable, Equatable {
    /// The stored event, or for a redelivery the event first stored with that key.
    public var eventID: String
    /// `true` when the event was a redelivery and nothing changed.
    public var duplicate: Bool
    /// `true` when an auto-reply was queued for it (the dispatcher should look now).
    public var replied: Bool
    /// The outbox message a receipt or failure was applied to; nil while it matches none.
    public var messageID: String?
    /// `true` when forwards were created for it (the forwarder should look now).
    public var forwarded: Bool

    public init(eventID: String, duplicate: Bool, replied: Bool, messageID: String? = nil, forwarded: Bool = false) {
        self.eventID = eventID
        self.duplicate = duplicate
        self.replied = replied
        self.messageID = messageID
        self.forwarded = forwarded
    }
}
