import Delivery
import SQLite

/// The outbox in SQLite: every message wxhook sends, its delivery record, timeline and
/// correlation ids. It persists and queries; every decision about states is the `Delivery`
/// state machine's (`DeliveryRecord.apply`).
///
/// Each write is one job of the single `DatabaseWriter`, so it commits atomically with the rest
/// of its batch and its caller hears back only after the COMMIT. Every write also exists as a
/// synchronous `…(db:)` variant that runs on a connection the caller holds inside the writer
/// (`writer.write { db in … }`), so it can commit together with other work — an inbound event
/// and its effect, say. A `…(db:)` call that throws may leave part of its writes behind: run it
/// where a throw rolls back (a writer job does: each runs in its own savepoint). Reads go
/// through the `DatabaseReader`'s connections.
public struct OutboxStore: Sendable {
    public let writer: DatabaseWriter
    public let reader: DatabaseReader
    /// The `delivery` settings every event is applied with.
    public let policy: DeliveryPolicy

    /// The database must carry `OutboxSchema.migrations` (after the events schema, version 1).
    public init(writer: DatabaseWriter, reader: DatabaseReader, policy: DeliveryPolicy = DeliveryPolicy()) {
        self.writer = writer
        self.reader = reader
        self.policy = policy
    }

    /// Loads a message's delivery for a write, or throws `messageNotFound`.
    func delivery(_ id: String, db: Connection) throws -> DeliveryRow {
        guard let row = try DeliveryRow.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return row
    }

    /// Loads the whole message after a write, or throws `messageNotFound`.
    func message(_ id: String, db: Connection) throws -> OutboxMessage {
        guard let message = try OutboxMessage.load(id: id, db: db) else { throw OutboxError.messageNotFound(id) }
        return message
    }
}
