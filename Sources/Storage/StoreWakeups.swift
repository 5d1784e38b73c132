/// What another instance on the same store made due, so this one looks now instead of at its
/// next poll.
public enum StoreWakeup: String, Sendable, Hashable {
    /// Outbox messages: queued, recovered, or a conversation freed by an answer.
    case outbox
    /// Forwards: created, recovered, or a line freed by an attempt's result.
    case forwards
}

/// A store that several instances share tells each of them when another one made work due (on
/// PostgreSQL: `LISTEN`/`NOTIFY`). Only a hint: a wake-up may be lost (a dropped connection), so
/// the loops still poll, at least every second. A store used by one instance alone (SQLite) does
/// not conform: its own instance wakes its loops directly.
public protocol StoreWakeups: Sendable {
    /// Wake-ups as they come, until the store is closed (the stream then finishes). Each call is
    /// a stream of its own; a wake-up caused by this instance may come back too.
    func wakeups() -> AsyncStream<StoreWakeup>
}
