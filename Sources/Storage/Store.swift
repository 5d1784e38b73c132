/// Everything wxhook keeps — inbound events, the outbox, timelines, idempotency keys, forwards —
/// in one store. The service speaks only these protocols; each engine lives in a folder of its own
/// (`SQLite/`) and keeps all of its SQL there.
public protocol Store: EventStore, OutboxStore, ForwardStore, RetentionStore {
    /// Proves the store takes a write now (`/health`); throws what refused it.
    func probe(now: Double) async throws
    /// Closes the store after its last queued write; nothing may use it afterwards.
    func close() async
}
