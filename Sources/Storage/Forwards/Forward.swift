import Core
import Delivery

/// One forward of an event or a message state to one subscription, as stored.
public struct Forward: Sendable, Hashable {
    /// `fw_…`: the `webhook-id` of every attempt, so receivers dedupe on it.
    public var id: String
    public var subscription: String
    public var type: ForwardType
    /// The event it tells of (`event.*`), or the message (`message.*`).
    public var eventID: String?
    public var messageID: String?
    /// Its line: forwards of one conversation to one subscription leave in order.
    public var provider: Provider
    public var account: String
    /// Empty for an event without a conversation.
    public var conversation: String
    public var state: ForwardState
    /// Attempts started over its life.
    public var attempts: Int
    /// When a pending forward is due; nil otherwise.
    public var nextAttemptAt: Double?
    /// When the event was stored or the message reached its state (the body's `timestamp`); for
    /// an operator's replay, when it was replayed.
    public var createdAt: Double
    public var updatedAt: Double
    /// The latest attempt's HTTP status; nil before any answer or when none came.
    public var lastStatus: Int?
    /// Why the latest attempt did not deliver it (or why it failed).
    public var lastError: String?
    /// The JSON it sends, the same on every attempt.
    public var body: [UInt8]
    /// Why a delivered forward's answer queued no reply (late, an invalid `reply`); nil otherwise.
    public var replyError: String?
    /// Set when a rule handed the event to this subscription: the answer may be its reply.
    public var rule: String?
    /// Unix seconds after which an answer queues no reply; nil without a rule.
    public var replyBy: Double?

    public init(id: String, subscription: String, type: ForwardType, eventID: String?, messageID: String?,
                provider: Provider, account: String, conversation: String, state: ForwardState, attempts: Int,
                nextAttemptAt: Double?, createdAt: Double, updatedAt: Double, lastStatus: Int?, lastError: String?,
                body: [UInt8], replyError: String? = nil, rule: String? = nil, replyBy: Double? = nil) {
        self.id = id
        self.subscription = subscription
        self.type = type
        self.eventID = eventID
        self.messageID = messageID
        self.provider = provider
        self.account = account
        self.conversation = conversation
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.body = body
        self.replyError = replyError
        self.rule = rule
        self.replyBy = replyBy
    }
}

/// One attempt of a forward: when, how long, what came back.
public struct ForwardAttempt: Sendable, Hashable {
    public var attempt: Int
    public var startedAt: Double
    /// nil while in flight.
    public var durationMs: Double?
    /// nil when no answer came.
    public var status: Int?
    public var error: String?
    /// The first 1 KiB of the answer's text.
    public var answer: String?

    public init(attempt: Int, startedAt: Double, durationMs: Double?, status: Int?, error: String?, answer: String?) {
        self.attempt = attempt
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.status = status
        self.error = error
        self.answer = answer
    }
}

/// A forward and every attempt of it, oldest first.
public struct ForwardDetail: Sendable, Hashable {
    public var forward: Forward
    public var attempts: [ForwardAttempt]

    public init(forward: Forward, attempts: [ForwardAttempt]) {
        self.forward = forward
        self.attempts = attempts
    }
}
