import Delivery

/// How one attempt of a forward ended, to be recorded (`ForwardStore.recordForwardAttempts`):
/// what `recordForwardAttempt` takes, as one value.
public struct ForwardAttemptRecord: Sendable {
    public var id: String
    public var attempt: Int
    public var result: ForwardAttemptResult
    /// The answer's text as kept (cut by the caller).
    public var answer: String?
    public var durationMs: Double
    public var policy: ForwardPolicy
    public var jitter: Double
    public var now: Double
    public var reply: ApplicationReply?

    public init(id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
                policy: ForwardPolicy, jitter: Double, now: Double, reply: ApplicationReply?) {
        self.id = id
        self.attempt = attempt
        self.result = result
        self.answer = answer
        self.durationMs = durationMs
        self.policy = policy
        self.jitter = jitter
        self.now = now
        self.reply = reply
    }
}
