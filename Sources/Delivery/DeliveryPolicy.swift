/// The `delivery` settings of the configuration that the state machine needs, as one value.
/// Validation (positive numbers) belongs to the configuration; here a `maxAttempts` below 1
/// counts as 1 so that a bad value can never make a message retry forever.
public struct DeliveryPolicy: Sendable, Hashable, Codable {
    /// `confirm_after_s`: how long after the last echo a `chatMsgSendFail` may still come.
    public var confirmAfterSeconds: Double
    /// `expire_after_s`: how long after acceptance the message may stay without a final word.
    public var expireAfterSeconds: Double
    /// `max_attempts`: sends per budget (a manual retry starts a fresh budget).
    public var maxAttempts: Int
    /// `retry_base_ms`: the first retry's backoff ceiling.
    public var retryBaseMilliseconds: Int

    public init(
        confirmAfterSeconds: Double = 60,
        expireAfterSeconds: Double = 900,
        maxAttempts: Int = 5,
        retryBaseMilliseconds: Int = 1000
    ) {
        self.confirmAfterSeconds = confirmAfterSeconds
        self.expireAfterSeconds = expireAfterSeconds
        self.maxAttempts = maxAttempts
        self.retryBaseMilliseconds = retryBaseMilliseconds
    }

    /// The backoff schedule these settings describe.
    public var retrySchedule: RetrySchedule { RetrySchedule(baseMilliseconds: retryBaseMilliseconds) }

    /// `maxAttempts`, never below 1.
    var attemptLimit: Int { max(1, maxAttempts) }
}
