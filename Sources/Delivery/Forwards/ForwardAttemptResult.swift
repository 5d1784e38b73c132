/// What one attempt to deliver a forward came to, as the sender saw it.
public enum ForwardAttemptResult: Sendable, Hashable {
    /// The application answered. `retryAfter` is its `Retry-After` in seconds, when it gave one.
    case answered(status: Int, retryAfter: Double?)
    /// No answer: refused, timed out, broke mid-answer, or the answer was not HTTP.
    case noAnswer(reason: String)

    /// The words an attempt's history and a failed forward keep.
    public var reason: String {
        switch self {
        case .answered(let status, _): "HTTP \(status)"
        case .noAnswer(let reason): reason
        }
    }

    /// Whether another attempt may succeed: no answer, 408, 429 or 5xx.
    public var isRetryable: Bool {
        switch self {
        case .answered(let status, _): status == 408 || status == 429 || (500...599).contains(status)
        case .noAnswer: true
        }
    }

    public var isSuccess: Bool {
        if case .answered(let status, _) = self { return (200...299).contains(status) }
        return false
    }
}

/// The state an attempt's result moves a forward to: the pure part of recording it.
public enum ForwardDecision: Sendable, Hashable {
    case delivered
    /// Back to `pending`, due after `delay` seconds.
    case retry(after: Double, reason: String)
    case failed(reason: String)

    /// After attempt `attemptsInBudget` (1-based) ended with `result`. `jitter` is a uniform
    /// value in `[0, 1)`. A `Retry-After` longer than the backoff is waited out, up to the cap.
    public static func after(_ result: ForwardAttemptResult, attemptsInBudget: Int, policy: ForwardPolicy,
                             jitter: Double) -> ForwardDecision {
        if result.isSuccess { return .delivered }
        guard result.isRetryable else { return .failed(reason: result.reason) }
        guard attemptsInBudget < policy.attemptLimit else {
            return .failed(reason: "\(result.reason); gave up after \(attemptsInBudget) attempts")
        }
        var delay = policy.retrySchedule.delay(afterAttempt: attemptsInBudget, unitRandom: jitter)
        if case .answered(_, let retryAfter?) = result, retryAfter.isFinite {
            delay = max(delay, min(retryAfter, ForwardPolicy.capSeconds))
        }
        return .retry(after: delay, reason: result.reason)
    }
}
