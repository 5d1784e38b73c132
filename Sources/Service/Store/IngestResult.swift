/// What storing an inbound event came to.
public struct IngestResult: Sendable, Equatable {
    /// The stored event, or for a redelivery the event first stored with that key.
    public var eventID: String
    /// `true` when the event was a redelivery and nothing changed.
    public var duplicate: Bool
    /// `true` when an auto-reply was queued for it (the dispatcher should look now).
    public var replied: Bool
}
