/// The rows a `retention` setting covers, each with what belongs only to it.
public enum RetainedRows: String, Sendable, Hashable, CaseIterable {
    /// Inbound events (and their dedupe keys), by receive time.
    case events
    /// Outbox messages (and their timelines and callback correlations), by creation time.
    case messages
    /// Forwards (and their attempts), by creation time.
    case forwards
}

/// Forgetting old rows, a little at a time. The store decides what is still needed; the caller
/// decides how old is old (`RetentionPolicy`) and how fast to go.
public protocol RetentionStore: Sendable {
    /// Deletes, in one short write transaction, at most `limit` of the oldest `rows` written before
    /// `cutoff` that nothing needs any more, with what belongs only to them; returns how many
    /// `rows` went (0: nothing older is deletable now). Never deleted:
    /// - an event a message not yet final replies to, or whose forward is `pending` or `delivering`;
    /// - a message that is not final, or whose forward is `pending` or `delivering`;
    /// - a forward that is `pending` or `delivering`.
    func prune(_ rows: RetainedRows, before cutoff: Double, limit: Int) async throws -> Int

    /// How big the store is and how old its oldest rows are (`/health`, `/metrics`).
    func footprint() async throws -> StoreFootprint
}

/// The size of the store and the time of the oldest row of each kind.
public struct StoreFootprint: Sendable, Hashable {
    /// The bytes the engine uses for the data (for SQLite the database file's pages).
    public var bytes: Int
    /// Unix seconds of the oldest kept row of each kind; absent when there is none.
    public var oldest: [RetainedRows: Double]

    public init(bytes: Int, oldest: [RetainedRows: Double]) {
        self.bytes = bytes
        self.oldest = oldest
    }
}
