import Delivery
import Storage

/// A provider's answer to one attempt, waiting for the dispatcher's next commit.
struct PendingAnswer: Sendable {
    let message: OutboxMessage
    let attempt: Int
    let event: DeliveryEvent
}

/// The dispatcher's answers not committed yet, and the backoff after the store refused them:
/// they are tried again after 0.25 s, doubling up to 5 s, and the delay resets at the first
/// answer that commits.
struct AnswerQueue {
    private var waiting: [PendingAnswer] = []
    private var delay = 0.25
    /// While the store refuses: not before then.
    private(set) var retryAt: Double?

    mutating func append(_ answer: PendingAnswer) { waiting.append(answer) }

    /// The answers to commit in a pass at `now`: none while a refusal's backoff runs.
    mutating func takeDue(now: Double) -> [PendingAnswer] {
        if let retryAt, now < retryAt { return [] }
        return takeAll()
    }

    mutating func takeAll() -> [PendingAnswer] {
        defer { waiting = [] }
        return waiting
    }

    /// One answer committed: the store takes writes again.
    mutating func committed() {
        delay = 0.25
        retryAt = nil
    }

    /// Keeps a refused answer for a later pass; returns the delay before it.
    mutating func refused(_ answer: PendingAnswer, now: Double) -> Double {
        waiting.append(answer)
        if let retryAt, retryAt > now { return retryAt - now }  // this pass's refusal already set it
        retryAt = now + delay
        defer { delay = min(delay * 2, 5) }
        return delay
    }
}
