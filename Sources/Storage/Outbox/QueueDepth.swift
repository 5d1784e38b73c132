/// Outbox depth as `/health` reports it.
public struct QueueDepth: Sendable, Equatable {
    public var queued = 0
    public var sending = 0
    /// `accepted` + `echoed`: sent, waiting for the provider's final word.
    public var awaitingReceipt = 0
    public init(queued: Int = 0, sending: Int = 0, awaitingReceipt: Int = 0) {
        self.queued = queued
        self.sending = sending
        self.awaitingReceipt = awaitingReceipt
    }
}
