import JSON

/// What `OutboxStore.enqueue` came to.
public enum EnqueueResult: Sendable, Hashable {
    /// The messages were created (one per target, in the order given).
    case created([OutboxMessage])
    /// The Idempotency-Key was seen before with the same body: nothing was created, and this is
    /// the first call's answer (the `202` body).
    case repeated(answer: JSONValue)
    /// The Idempotency-Key was seen before with another body: nothing was created (`409`).
    case conflict(key: String)

    /// The `202` body: `{"messages":[{"id","target","state"}]}`; nil for a conflict.
    public var answer: JSONValue? {
        switch self {
        case .created(let messages): OutboxMessage.sendAnswer(messages)
        case .repeated(let answer): answer
        case .conflict: nil
        }
    }
}
