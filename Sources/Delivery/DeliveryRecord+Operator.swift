/// What an operator may do through the admin API: cancel a queued message, retry a failed or
/// expired one.
extension DeliveryRecord {
    mutating func cancel(at time: Double, into rows: inout [TimelineEntry]) throws(DeliveryRefusal) {
        guard state == .queued else { throw .notCancellable(state) }
        nextActionAt = nil
        move(to: .cancelled, at: time, cause: "cancelled by operator", into: &rows)
    }

    /// A fresh budget of `max_attempts`, due at once; the next `sendStarted` is a new attempt with
    /// new `api_send_id`s. The old error stays in the attempt history.
    mutating func retryByHand(at time: Double, into rows: inout [TimelineEntry]) throws(DeliveryRefusal) {
        guard state == .failed || state == .expired else { throw .notRetryable(state) }
        budgetStart = attempts.count
        error = nil
        nextActionAt = time
        move(to: .queued, at: time, cause: "manual retry", into: &rows)
    }
}
