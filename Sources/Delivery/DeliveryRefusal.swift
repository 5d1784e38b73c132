/// Why an event cannot be applied to a message. A refused event changes nothing.
/// `notCancellable` and `notRetryable` are the admin API's `409`s; the others mean the caller
/// (dispatcher, ingest, reconciler) asked for something that does not fit the message.
public enum DeliveryRefusal: Error, Sendable, Hashable {
    /// Only a queued message can be cancelled.
    case notCancellable(DeliveryState)
    /// Only a failed or expired message can be retried by hand.
    case notRetryable(DeliveryState)
    /// Only a queued message can start an attempt.
    case notQueued(DeliveryState)
    /// The message waits until `until` (its `send_at` or its backoff).
    case notDue(until: Double)
    /// Send answers and restart recovery need a message in flight.
    case notSending(DeliveryState)
    /// `sendStarted` must name the next attempt number.
    case attemptOutOfOrder(expected: Int, got: Int)
    /// A list of ids per item does not have one entry per item.
    case itemCountMismatch(expected: Int, got: Int)
    /// An `api_send_id` is empty, repeated within the attempt, or used by an earlier attempt.
    case apiSendIDNotFresh(String)
    /// `rejected(itemIndex:)` names an item the message does not have.
    case itemIndexOutOfRange(Int, itemCount: Int)
    /// `accepted` for a provider without receipts, or `sent` for one with receipts.
    case outcomeDoesNotFitProvider(AttemptOutcome, hasReceipts: Bool)
    /// The callback's ids match no attempt of this message (an orphan: store it unmatched).
    case noMatchingAttempt(CallbackReference)
    /// A message carries 1–5 items.
    case itemCountOutOfRange(Int)
}

extension DeliveryRefusal: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notCancellable(let state):
            "the message is \(state.rawValue); only a queued message can be cancelled"
        case .notRetryable(let state):
            "the message is \(state.rawValue); only a failed or expired message can be retried"
        case .notQueued(let state):
            "the message is \(state.rawValue); only a queued message can be sent"
        case .notDue(let until):
            "the message is not due before \(until)"
        case .notSending(let state):
            "the message is \(state.rawValue), not sending; no send answer or recovery applies"
        case .attemptOutOfOrder(let expected, let got):
            "attempt \(got) given, but the next attempt is \(expected)"
        case .itemCountMismatch(let expected, let got):
            "\(got) ids given for \(expected) items"
        case .apiSendIDNotFresh(let id):
            "api_send_id \"\(id)\" is empty or already used by this message"
        case .itemIndexOutOfRange(let index, let count):
            "item index \(index) is outside the message's \(count) items"
        case .outcomeDoesNotFitProvider(let outcome, let hasReceipts):
            "outcome \(outcome.rawValue) does not fit a provider \(hasReceipts ? "with" : "without") receipts"
        case .noMatchingAttempt(let reference):
            "no attempt of this message has \(reference)"
        case .itemCountOutOfRange(let count):
            "a message carries 1–5 items, not \(count)"
        }
    }
}
