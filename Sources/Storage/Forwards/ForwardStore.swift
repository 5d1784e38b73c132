import Delivery

/// Forwards of events and message states to the user's applications (docs/forwarding.md).
/// Forwards are created by the store itself, with the event or state change they tell of (see
/// `ForwardPlanner`); this is the forwarder's side: what is due, an attempt starts, its result
/// is recorded. Each write commits (with its batch) before it returns.
public protocol ForwardStore: Sendable {
    /// Up to `limit` forwards that may be sent at `now`: per line (subscription, provider,
    /// account, conversation) only the oldest forward still pending or delivering, and only when
    /// it is pending and due. Oldest due first. Nothing is marked: `startForwardAttempts` claims.
    func dueForwards(now: Double, limit: Int) async throws -> [Forward]
    /// Starts the next attempt of each forward in one commit, before any request leaves; one
    /// that is no longer pending and due fails alone (`ForwardError.notStartable`).
    func startForwardAttempts(_ ids: [String], now: Double) async throws -> [Result<Forward, any Error>]
    /// `dueForwards` and `startForwardAttempts` together: up to `limit` forwards due at `now`,
    /// each one's next attempt started, committed before any request leaves. What the forwarder
    /// asks on each pass.
    func claimDueForwards(now: Double, limit: Int) async throws -> [Forward]
    /// Records how attempt `attempt` ended and moves the forward on as `ForwardDecision` says
    /// under `policy`. `answer` is kept as the attempt's answer text (cut by the caller). When
    /// the forward ends `delivered` and carries a rule, `reply` is applied in the same
    /// transaction: its message queued (exactly once, since only one attempt can deliver), or
    /// its refusal written as the forward's `reply_error`. Returns the forward as recorded, its
    /// body as the row holds it (empty for an event's forward: `forward(id:)` builds it).
    func recordForwardAttempt(
        id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
        policy: ForwardPolicy, jitter: Double, now: Double, reply: ApplicationReply?
    ) async throws -> Forward
    /// Several attempts' results, each recorded as `recordForwardAttempt` records one, in as few
    /// commits as the engine can make it: one that cannot be recorded fails alone (its `Result`).
    /// What the forwarder asks with the results that ended while its previous ones committed.
    func recordForwardAttempts(_ records: [ForwardAttemptRecord]) async throws -> [Result<Forward, any Error>]
    /// At start-up: every `delivering` forward may or may not have reached its application; it
    /// is pending again, due now, with the same id. Returns how many. On a store shared by several
    /// instances, only forwards whose instance's lease ran out.
    func recoverForwardsAfterRestart(now: Double) async throws -> Int
    /// Fails every pending or delivering forward whose subscription is not in `subscriptions`
    /// (it left the configuration), with `reason`. Returns how many.
    func failForwards(notIn subscriptions: Set<String>, reason: String, now: Double) async throws -> Int
    /// One forward and its attempts, or nil.
    func forward(id: String) async throws -> ForwardDetail?
    /// The forwards matching `query`, newest first, and how many match in all.
    func forwards(matching query: ForwardQuery, limit: Int, offset: Int) async throws -> ForwardPage

    // The operator's side (the admin API).

    /// Per subscription that has forwards: how many are in each state, and when an attempt last
    /// delivered one and last did not. Subscriptions without any are absent.
    func subscriptionActivity() async throws -> [String: SubscriptionActivity]
    /// Sends a `failed` forward again with a fresh budget of attempts, due at `now`, same id.
    /// It no longer holds younger forwards of its line back. Throws `forwardNotFound`, or
    /// `notRetryable` in any other state.
    func retryForward(id: String, now: Double) async throws -> Forward
    /// Forwards the stored event `eventID` again to `subscription` as a new forward (a new id),
    /// whatever that subscription's filters say: the operator decided. Throws `eventNotFound`,
    /// or `unknownSubscription` when the planner knows no such subscription.
    func replayEvent(id eventID: String, to subscription: String, now: Double) async throws -> Forward
}

extension ForwardStore {
    /// A read, then a commit that starts what is still due then.
    public func claimDueForwards(now: Double, limit: Int) async throws -> [Forward] {
        let due = try await dueForwards(now: now, limit: limit)
        guard !due.isEmpty else { return [] }
        return try await startForwardAttempts(due.map(\.id), now: now).compactMap { try? $0.get() }
    }

    /// For a forward whose answer asks for no reply.
    public func recordForwardAttempt(
        id: String, attempt: Int, result: ForwardAttemptResult, answer: String?, durationMs: Double,
        policy: ForwardPolicy, jitter: Double, now: Double
    ) async throws -> Forward {
        try await recordForwardAttempt(id: id, attempt: attempt, result: result, answer: answer, durationMs: durationMs,
                                       policy: policy, jitter: jitter, now: now, reply: nil)
    }

    public func recordForwardAttempt(_ record: ForwardAttemptRecord) async throws -> Forward {
        try await recordForwardAttempt(id: record.id, attempt: record.attempt, result: record.result, answer: record.answer,
                                       durationMs: record.durationMs, policy: record.policy, jitter: record.jitter,
                                       now: record.now, reply: record.reply)
    }

    /// One commit each, in order.
    public func recordForwardAttempts(_ records: [ForwardAttemptRecord]) async throws -> [Result<Forward, any Error>] {
        var results: [Result<Forward, any Error>] = []
        for record in records {
            do {
                results.append(.success(try await recordForwardAttempt(record)))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    public func forwards(matching query: ForwardQuery = ForwardQuery(), limit: Int = 50, offset: Int = 0)
        async throws -> ForwardPage {
        try await forwards(matching: query, limit: limit, offset: offset)
    }
}
