/// A subscription's retry settings (`max_attempts`, `retry_base_ms`), as the forward state
/// machine needs them. The backoff is the outbox's `RetrySchedule`, with a longer cap: an
/// application may be down for a while, and a forward waits for it.
public struct ForwardPolicy: Sendable, Hashable {
    /// Backoff ceilings never exceed an hour, and neither does a `Retry-After` we honour.
    public static let capSeconds = 3600.0

    public var maxAttempts: Int
    public var retrySchedule: RetrySchedule

    public init(maxAttempts: Int = 8, retryBaseMilliseconds: Int = 1000) {
        self.maxAttempts = maxAttempts
        retrySchedule = RetrySchedule(baseMilliseconds: retryBaseMilliseconds, capSeconds: Self.capSeconds)
    }

    /// `maxAttempts`, never below 1: a bad value must not retry forever.
    var attemptLimit: Int { max(1, maxAttempts) }
}
