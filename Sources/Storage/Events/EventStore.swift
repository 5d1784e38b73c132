import Core

/// Decides, for a new inbound message, the replies to queue with it, or the application it is
/// handed to. The store calls it inside its serial writer, once per stored event and never for a
/// redelivery, and writes what it returns in the transaction that stores the event: pure apart
/// from the reply limits it counts.
public typealias ReplyPlanner = @Sendable (_ event: InboundEvent, _ eventID: String, _ now: Double) -> ReplyPlan

/// Inbound events: every webhook and callback, stored once, with what it causes.
public protocol EventStore: Sendable {
    /// Stores `event` unless it is a redelivery and returns once the outcome is committed. In the
    /// same transaction, a receipt or failure is applied to the outbox message it names, and a new
    /// message gets the replies `replies` plans for it (or its hand-off rides on its forward to
    /// that subscription): the event and its effects commit together
    /// or not at all. Whether it is a redelivery is decided in the writer's one-at-a-time order,
    /// so two racing copies store one event.
    func ingest(_ event: InboundEvent, id: String, receivedAt: Double, replies: ReplyPlanner?) async throws
        -> IngestResult

    /// Forgets body-hash dedupe keys older than the dedupe window; returns how many.
    func pruneExpiredKeys(now: Double) async throws -> Int

    /// The events matching `filter`, newest first (by receive time, then arrival order), and how
    /// many match in all, from one snapshot.
    func events(matching filter: EventFilter, limit: Int, offset: Int) async throws -> EventPage

    /// How `q` of `events(matching:)` is answered here: from a trigram index, or by reading rows.
    var textSearch: TextSearch { get }

    /// One event and the body it came with, byte for byte (authentication fields included: whoever
    /// shows it removes them), or nil when no event has that id.
    func event(id: String) async throws -> (event: StoredEvent, raw: [UInt8])?

    /// How many events arrived in each window, from one snapshot: window `i` runs from
    /// `starts[i]` to `starts[i + 1]`, the last one has no end (like `OutboxStore.dailyCounts`).
    /// A provider or account narrows the count.
    func eventCounts(starts: [Double], provider: Provider?, account: String?) async throws -> [Int]
}

extension EventStore {
    public func events(matching filter: EventFilter = EventFilter(), limit: Int = 50, offset: Int = 0) async throws
        -> EventPage {
        try await events(matching: filter, limit: limit, offset: offset)
    }
}
