/// Everything that can happen to an outbox message. The time comes with `apply(_:at:policy:)`;
/// randomness (the retry jitter) comes inside the event, so applying an event is a pure function.
public enum DeliveryEvent: Sendable, Hashable {
    /// The dispatcher is about to send attempt `attempt` (must be `nextAttemptNumber`) with one
    /// fresh `api_send_id` per item. Commit the result before the request leaves, so callbacks that
    /// overtake the answer find it.
    case sendStarted(attempt: Int, apiSendIDs: [String])

    /// A provider with receipts took the request: one provider id (`api_send_svrid`) per item, in
    /// item order; `nil` for an item missing from the answer, which counts as rejected.
    case accepted(providerIDs: [String?])
    /// A provider without receipts took the request: final as `sent`. Ids may be `nil`.
    case sent(providerIDs: [String?])
    /// A 4xx or a provider refusal (`errcode` ≠ 0 …): failed at once, not retried. `reason` is the
    /// provider's words ("errcode 40001: invalid token"); `itemIndex` (0-based) names the item the
    /// provider refused, if it named one.
    case rejected(reason: String, itemIndex: Int?)
    /// A connection error, timeout or 5xx ("HTTP 503"): back to `queued` after a backoff, or
    /// `failed` when the budget is used up. `jitter` is a uniform random value in `[0, 1)`.
    case retryable(reason: String, jitter: Double)

    /// A `chatMsg` echo of an API send; `eventID` is the stored inbound event's id.
    case echo(CallbackReference, eventID: String)
    /// A `chatMsgSendFail`, with the provider's `errmsg`.
    case sendFailure(CallbackReference, errmsg: String, eventID: String)

    /// The clock moved: `echoed` → `delivered` after `confirm_after_s`, `accepted`/`echoed` →
    /// `expired` after `expire_after_s`. (Due timers also fire before any other event is applied.)
    case tick
    /// An operator cancels a queued message.
    case cancel
    /// An operator re-queues a failed or expired message with a fresh budget.
    case retry
    /// At start-up: a message found `sending` may or may not have reached the provider; it goes
    /// back to `queued` as a new attempt.
    case recoverAfterRestart
    /// Several instances on one database: the instance sending this message stopped renewing its
    /// lease (it died or lost the database), so another one takes it over. Like a restart's
    /// recovery, the request may or may not have left: back to `queued` as a new attempt.
    case recoverAfterLeaseExpired
}
