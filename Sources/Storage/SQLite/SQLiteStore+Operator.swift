import Delivery
import SQLite

// The admin API's `POST /api/messages/{id}/retry` and `…/cancel`.
extension SQLiteStore {
    /// Re-queues a `failed` or `expired` message with a fresh budget. Throws
    /// `OutboxError.messageNotFound` (404) or `.refused` (409) in any other state.
    public func retry(messageID: String, now: Double) async throws -> OutboxMessage {
        try await writer.write { db in try self.operate(.retry, messageID: messageID, now: now, db: db) }
    }

    /// Cancels a `queued` message. Throws `OutboxError.messageNotFound` (404) or `.refused`
    /// (409) in any other state.
    public func cancel(messageID: String, now: Double) async throws -> OutboxMessage {
        try await writer.write { db in try self.operate(.cancel, messageID: messageID, now: now, db: db) }
    }

    private func operate(_ event: DeliveryEvent, messageID: String, now: Double, db: Connection) throws -> OutboxMessage {
        var row = try delivery(messageID, db: db)
        try apply(event, to: &row, at: now, db: db)
        return try message(messageID, db: db)
    }
}
